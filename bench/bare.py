"""The yardstick of the whole-process ratio: the bare spaCy model as one process a user would run.

``python bench/bare.py TEXTS_DIR MODEL [BATCH_SIZE]`` imports spaCy, loads ``MODEL`` and runs
``nlp.pipe`` over the ``*.txt`` files of ``TEXTS_DIR`` (the very texts the analysis reads:
``bench/run.py`` writes them there), then prints one JSON object. Nothing of this project is
imported, so the process costs what the model costs and nothing more.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    folder, model = Path(sys.argv[1]), sys.argv[2]
    batch_size = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    import spacy

    nlp = spacy.load(model)
    texts = [f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.txt"))]
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    print(json.dumps({"texts": len(texts), "words": sum(len(t.split()) for t in texts), "tokens": tokens}))


if __name__ == "__main__":
    main()
