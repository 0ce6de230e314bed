"""The markup payloads of issue 18 and a corpus that carries them in every untrusted field.

Each payload is what an attacker would put in an article's text, title, outlet, file name or a URL
parameter to make the dashboard render something: a script, an image fetched from an address of
their choosing, an event handler, a ``javascript:`` link, Streamlit colours, icons and emoji, LaTeX,
strike-through, bare addresses that become links. :func:`write_corpus` writes two articles (beside
the bundled seeds) whose quotes, stance evidence, titles, outlets and file names hold them, so every
view shows them somewhere; :func:`markdown_problems` and :func:`html_problems` say what in a piece of
Markdown or HTML would render from them.
"""
from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

#: the address the image payload points at (nothing listens there)
EVIL_HOST = "127.0.0.1:9"
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload="window.__pwned=3">',
    "[click me](javascript:window.__pwned=4)",
    f"![x](http://{EVIL_HOST}/x.png)",
    ":red[RED PAYLOAD]",
    ":material/skull: :skull:",
    "$PAYLOADMATH^2$",
    "~~STRUCK PAYLOAD~~",
    f"http://{EVIL_HOST}/bare",
    "www.payload-example.com",
    "spy@payload-example.com",
    "<b>BOLD PAYLOAD</b> &lt;i&gt;",
]
#: payloads a file name can hold (no '/')
NAME_PAYLOADS = [p for p in PAYLOADS if "/" not in p]
def evil_requests(urls, app: str) -> list[str]:
    """The requests among ``urls`` that a payload could have made: any to another address than the
    app's (``app``: scheme and host), and the app's own ``/x`` (the ``<img src=x>``) or ``x.png``."""
    from urllib.parse import urlsplit

    home = urlsplit(app).netloc
    return [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and (urlsplit(u).netloc != home or re.search(r"/x(?:\.png)?$", urlsplit(u).path))]

_TEXT = """Kremlin warns over Storm Shadow {p0}

MOSCOW \u2014 Vladimir Putin said on Thursday that letting Ukraine strike Russia with Storm Shadow missiles \
would mean NATO was at war with Russia {p1}.

\u201cThe West must not allow Ukraine to fire Storm Shadow at Russian cities {p2} {p3},\u201d Putin said.

\u201cWe oppose these strikes {p4} {p5},\u201d Kremlin spokesman Dmitry Peskov said of the ATACMS request.

Lloyd Austin said the United States supports Ukraine and would keep sending ATACMS {p6} {p7}.

\u201cUkraine must be allowed to use ATACMS against Russia {p8} {p9},\u201d Volodymyr Zelensky said.

British Prime Minister Keir Starmer said he backed letting Ukraine use Storm Shadow {p10} {p11} {p12}.
"""


def article_text(shift: int = 0) -> str:
    """An article whose sentences (quotes, stance evidence, the headline) carry every payload."""
    n = len(PAYLOADS)
    return _TEXT.format(**{f"p{i}": PAYLOADS[(i + shift) % n] for i in range(n)})


def file_names() -> list[str]:
    """Two file names made of payloads (a file name cannot hold '/')."""
    half = len(NAME_PAYLOADS) // 2
    return ["zz " + " ".join(NAME_PAYLOADS[:half]) + ".txt", "zz " + " ".join(NAME_PAYLOADS[half:]) + ".txt"]


def write_corpus(folder: Path) -> list[str]:
    """Two payload articles in ``folder``, their titles, outlets and URLs payloads too (a
    ``metadata.csv`` sidecar), dated apart so the timeline has them, and an empty file whose name is
    payloads (named in the sidebar as skipped); returns the two articles' ids."""
    folder.mkdir(parents=True, exist_ok=True)
    names = file_names()
    rows = []
    for i, name in enumerate(names):
        (folder / name).write_text(article_text(shift=5 * i), encoding="utf-8")
        rows.append({"id": Path(name).stem, "title": " ".join(PAYLOADS[i::2]), "outlet": " ".join(PAYLOADS[1 - i::2]),
                     "date": f"2024-1{i}-0{i + 2}", "url": "javascript:window.__pwned=5" if i else PAYLOADS[4]})
    (folder / ("zz empty " + " ".join(NAME_PAYLOADS[::3]) + ".txt")).write_bytes(b"")  # skipped, named
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["id", "title", "outlet", "date", "url"])
        w.writeheader()
        w.writerows(rows)
    return [Path(n).stem for n in names]


#: URL parameters made of payloads: unknown filter values, the search text, an article, a passage,
#: a view and a briefing length
def url_params(view: str) -> dict[str, str]:
    return {"actor": PAYLOADS[4], "weapon": PAYLOADS[0], "outlet": PAYLOADS[11], "stance": PAYLOADS[12],
            "q": PAYLOADS[5], "from": PAYLOADS[6], "to": "9999-99-99", "article": PAYLOADS[1],
            "at": PAYLOADS[3], "length": PAYLOADS[8], "scope": PAYLOADS[2], "view": view}


# ------------------------------------------------------------------------------------ checks
#: Markdown that would render from a payload: raw HTML tags, a link or image to anything but the
#: app's own addresses (``](?…)``), Streamlit colours/icons/emoji (the app's own ``:gray[`` aside),
#: maths, strike-through, a bare address
_MD_LIVE = [
    ("an HTML tag", re.compile(r"(?<!\\)<(?:script|img|svg|iframe|a|b|i)\b", re.I)),
    ("a link or image", re.compile(r"(?<!\\)\]\((?!\?)")),
    ("a Streamlit colour, icon or emoji", re.compile(r"(?<![\w&#]):(?!gray\[)[a-z][\w-]*(?:\[|/[\w-]+:|:)")),
    ("maths", re.compile(r"(?<!\\)\$[^$\s\\][^$]*(?<!\\)\$")),
    ("strike-through", re.compile(r"(?<!\\)~(?:\\?)~")),
    ("a bare address", re.compile(r"https?://|(?<![\w.])www\.|[\w.+-]@[\w-]+\.", re.I)),
    ("an entity", re.compile(r"(?<!\\)&(?:lt|gt|amp|quot);")),
]


_APP_LINK = re.compile(r"(?<!\\)\]\(\?[^()\s]*\)")


def markdown_problems(text: str) -> list[str]:
    """What in the Markdown ``text`` would render as markup from a payload (empty when nothing). The
    app's own link destinations (``](?view=…)``, URL-encoded) are addresses, not text: left out."""
    text = _APP_LINK.sub("](?)", text)
    found = [f"raw payload {p!r}" for p in PAYLOADS if p in text]
    found += [f"{what}: {m.group(0)!r}" for what, rx in _MD_LIVE for m in rx.finditer(text)]
    return found


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def html_problems(text: str, allowed: frozenset[str]) -> list[str]:
    """Tags outside ``allowed``, event handlers, links or sources, and payloads holding HTML left raw,
    in the HTML ``text`` (text with no markup character in it is inert in HTML and in Plotly)."""
    parser = _Tags()
    parser.feed(text)
    found = [f"raw payload {p!r}" for p in PAYLOADS if re.search(r"[<>&]", p) and p in text]
    for tag, attrs in parser.tags:
        if tag not in allowed:
            found.append(f"tag <{tag}>")
        for k, v in attrs:
            if k.startswith("on") or k in ("href", "src", "srcset", "action", "formaction"):
                found.append(f"attribute {k}={v!r} on <{tag}>")
    return found


def strings(value) -> list[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def plotly_strings(spec: str) -> list[str]:
    """The strings of a Plotly figure's JSON (labels, hovers, titles…)."""
    return strings(json.loads(spec))
