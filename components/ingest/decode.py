"""Bytes to text: encodings detected (UTF-8/16 with or without BOM, cp1252, other code pages via
charset-normalizer); empty, invisible and binary data refused with :class:`BadInput`.

A byte-order mark is a claim, not a fact: text behind a UTF-8 mark that is not UTF-8, or behind a
UTF-16 mark that does not read as UTF-16 (an odd number of bytes, or Latin text whose byte pairs
turn into CJK characters with no space anywhere), is decoded as if the mark were absent, and the
article notes it ("… starts with a UTF-16 byte-order mark but is not UTF-16; read as cp1252").
"""
from __future__ import annotations

import re
import unicodedata

BOMS = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}


class BadInput(ValueError):
    """Raised by :func:`decode_bytes` / :func:`article_from_bytes` with a reason a person can read."""


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only whitespace and invisible format characters (zero-width
    spaces and joiners, byte-order marks, soft hyphens, direction marks: Unicode category Cf)."""
    if not text.strip():
        return True
    return not any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes to text; return ``(text, encoding)``.

    UTF-8 (with or without BOM) first; UTF-16 with or without BOM; otherwise the encoding
    charset-normalizer detects, or cp1252 when that reads as plausible Western text (curly quotes
    0x93/0x94, accents) and the detector's choice does not read better; cp1252 as a last resort.
    A byte-order mark the bytes behind it contradict is set aside (see the module docstring): the
    encoding returned then reads ``"cp1252 (not the UTF-16 its byte-order mark claims)"``.
    Raises :class:`BadInput` for empty, invisible or binary data.
    """
    if not data or not data.strip():
        raise BadInput("the file is empty")
    bom = next((b for b in BOMS if data.startswith(b)), b"")
    if bom and not data[len(bom):].strip():
        raise BadInput("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
        if text is not None and _plausible_utf16(text, data[2:]):
            return text, "utf-16"
        return _without_bom(data[2:], "UTF-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if b"\x00" in data[:8192]:
        raise BadInput("the file looks binary (it contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
        if text is not None:
            return text, "utf-8-sig"
        return _without_bom(data[3:], "UTF-8")
    return _decode_8bit(data)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _plausible_utf16(text: str, rest: bytes) -> bool:
    """Whether text read as UTF-16 behind a byte-order mark is UTF-16 text: some whitespace in it,
    or else bytes that would not read as 8-bit text either (a long CJK line in UTF-16 has no
    spaces; Latin text misread as UTF-16 has none either, while its bytes are full of them)."""
    if len(text) < 16 or any(c.isspace() for c in text):
        return True
    return not (b" " in rest or b"\n" in rest)


def _without_bom(rest: bytes, claimed: str) -> tuple[str, str]:
    """The bytes behind a byte-order mark they contradict, decoded as if it were absent."""
    if not rest.strip():
        raise BadInput(f"the file holds only a {claimed} byte-order mark, no text")
    if b"\x00" in rest[:8192]:
        raise BadInput(f"the file starts with a {claimed} byte-order mark, but its bytes are neither "
                       f"{claimed} text nor any other text encoding")
    text, encoding = _decode_8bit(rest)
    return text, f"{encoding} (not the {claimed} its byte-order mark claims)"


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """UTF-8, else the detector's choice, else cp1252 (see :func:`decode_bytes`)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - the detector itself failed
        best = None
    if best is not None and best.encoding:
        text = str(best)
        # charset-normalizer sometimes picks an exotic code page for short Western texts; prefer
        # cp1252 when it decodes cleanly and gives the same letters.
        try:
            cp = data.decode("cp1252")
            if best.encoding not in ("cp1252", "windows_1252") and _plausible_western(cp) and \
                    _latin_score(cp) >= _latin_score(text):
                return cp, "cp1252"
        except UnicodeDecodeError:
            pass
        return text, best.encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise BadInput(f"the file's encoding could not be recognised ({exc.reason})") from exc


def _latin_score(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isascii() or c in "’‘“”–—…éèêàâçôîïüöäßñ€£")
    return good / len(text)


def _plausible_western(text: str, max_accented: float = 0.15) -> bool:
    """Whether ``text`` reads as a Western-European language: its letters are mostly ASCII.

    A Cyrillic or Greek text decoded as cp1252 turns every letter into an accented Latin one
    ("Ïðåçèäåíò"); real English, German or French has a few accented letters at most.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(1 for c in letters if not c.isascii()) / len(letters) <= max_accented


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` for BOM-less UTF-16 text of a Latin-script language (every
    other byte NUL), else None."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2 or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) / len(sample) > 0.05
