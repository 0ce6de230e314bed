"""Issue 18: markup payloads in every untrusted field, through every view, render nothing.

The payloads (:mod:`tests.payloads`: ``<script>``, ``<img onerror>``, ``"><svg onload>``,
``[x](javascript:…)``, ``![x](http://127.0.0.1:9/x.png)``, ``:red[…]``, icons and emoji, ``$…$``,
``~~…~~``, bare addresses, HTML tags and entities) are put in article text (quotes, stance
evidence, the briefing), titles, outlets, URLs, file names (bundled files and uploads), pasted text
and URL parameters. Every view is drawn with them:

- under AppTest, every piece of Markdown the app sends (bodies, captions, alerts, headings, widget
  labels and help), every ``st.html`` body and every string of every Plotly figure is checked: no
  payload left raw, nothing that would render as markup; and each payload is shown (escaped)
  somewhere, so the check is not vacuous;
- in Chromium (Debian's, through Playwright, against ``streamlit run``), the page after each view is
  checked: no script ran, no element came from a payload (no image, svg, event handler, link to the
  payload's address, colour, icon, emoji, maths or strike-through made of it), and no request went
  to the payload's address. Locally a missing browser skips that part; in CI (CI=true) it fails.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.escaping import html_escape, screen_md

from .payloads import (PAYLOADS, article_text, evil_requests, html_problems, markdown_problems, plotly_strings,
                       url_params, write_corpus)

pytestmark = pytest.mark.slow  # the whole app, under AppTest and in a browser

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
VIEWS = ["Overview", "Briefing", "Quotes", "Stance", "Over time", "Actors", "Weapons", "Articles"]
#: tags the app itself writes: in st.html (the reader, the stance legend) and in Plotly labels
HTML_TAGS = frozenset({"style", "div", "span", "br", "ul", "li", "b", "i", "p"})
PLOTLY_TAGS = frozenset({"br", "b", "i", "extra", "sub", "sup"})
#: the proto fields that hold Markdown (the rest is plain text, or data drawn on a canvas)
MARKDOWN_FIELDS = ("body", "label", "help", "caption")
UPLOAD_NAMES = ["upload " + " ".join(PAYLOADS[:6]) + ".txt", "upload " + " ".join(PAYLOADS[6:]) + ".txt"]


@pytest.fixture(scope="module")
def payload_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("payload-corpus")
    ids = write_corpus(folder)
    return folder, ids


@pytest.fixture()
def payload_env(payload_folder, monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_EXTRA_CORPUS", str(payload_folder[0]))
    monkeypatch.setenv("BRIEFING_STORE", str(tmp_path / "store.duckdb"))
    return payload_folder[1]


# ------------------------------------------------------------------------------------ AppTest
def shown(at: AppTest) -> dict[str, list[str]]:
    """Everything the app sent to the page, by how the browser reads it: ``markdown``, ``html``,
    ``plotly`` (each string of each figure)."""
    out: dict[str, list[str]] = {"markdown": [], "html": [], "plotly": []}

    def fields(proto, kind: str) -> None:
        for desc, value in proto.ListFields():
            if desc.message_type is not None:
                for v in ([value] if hasattr(value, "ListFields") else list(value)):
                    fields(v, kind)
            elif isinstance(value, str) and desc.name in MARKDOWN_FIELDS:
                out["html" if kind == "Html" else "markdown"].append(value)

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if proto is not None:
                kind = type(proto).__name__
                if kind == "PlotlyChart":
                    out["plotly"] += plotly_strings(proto.spec)
                elif kind not in ("Dataframe", "BidiComponent", "ArrowTable"):
                    fields(proto, kind)
            walk(child)

    walk(at._tree)
    return out


def problems(at: AppTest) -> list[str]:
    seen = shown(at)
    found = [f"markdown {m[:80]!r}: {p}" for m in seen["markdown"] for p in markdown_problems(m)]
    found += [f"html: {p}" for h in seen["html"] for p in html_problems(h, HTML_TAGS)]
    found += [f"plotly {s[:80]!r}: {p}" for s in seen["plotly"] for p in html_problems(s, PLOTLY_TAGS)]
    return found


def _run(params: dict[str, str], uploads: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if uploads:  # this session's uploads (payload names) and a pasted article (payload title and outlet)
        at.radio(key="briefing_corpus_source").set_value("both")
        at.file_uploader(key="briefing_uploads").set_value(
            [(name, article_text(shift=3 + i).encode("utf-8"), "text/plain") for i, name in enumerate(UPLOAD_NAMES)]
            + [(" ".join(PAYLOADS[1::2]) + ".txt", b"", "text/plain")])  # skipped, named
        at.run()
        at.text_area(key="briefing_paste_text").input(article_text(shift=7))
        at.text_input(key="briefing_paste_title").input(PAYLOADS[3] + " " + PAYLOADS[9])
        at.text_input(key="briefing_paste_outlet").input(PAYLOADS[5] + " " + PAYLOADS[10])
        next(b for b in at.button if "paste" in b.label.lower()).click()
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_markup_payloads_render_in_no_view(payload_env):
    """Every view, on the corpus with the payload articles (text, titles, outlets, URLs, file names):
    nothing renders, and every payload is shown, escaped, somewhere."""
    ids = payload_env
    everything: dict[str, list[str]] = {"markdown": [], "html": [], "plotly": []}
    for view in VIEWS:
        params = {"view": view, **({"article": ids[0], "at": "0-40"} if view == "Articles" else {})}
        at = _run(params)
        assert not problems(at), (view, problems(at))
        for k, v in shown(at).items():
            everything[k] += v
    for p in PAYLOADS:  # not vacuous: each payload is on the page, as text
        assert any(screen_md(p) in m for m in everything["markdown"]), p
        assert any(html_escape(p) in h for h in everything["html"] + everything["plotly"]), p
    # the file name (the article's id) and the title and outlet of the sidecar are shown too, and
    # the name of the file skipped
    assert any(screen_md(ids[0]) in m for m in everything["markdown"])
    assert any(m.startswith("Skipped **zz empty") for m in everything["markdown"])


def test_payloads_in_the_url_render_in_no_view(payload_env):
    """Payloads as every URL parameter (filter values, search text, article, passage, scope, length):
    ignored or shown as text in every view."""
    for view in VIEWS:
        at = _run(url_params(view))
        assert not problems(at), (view, problems(at))
    at = _run({**url_params("Quotes"), "q": "Kremlin"})  # a known search with unknown filter values
    notice = " ".join(i.value for i in at.sidebar.info)
    assert screen_md(PAYLOADS[4]) in notice and not markdown_problems(notice)


def test_uploads_and_pastes_with_payloads_render_in_no_view(payload_env):
    """This session's uploads (payload file names and text) and a pasted article (payload title and
    outlet), through every view."""
    for view in VIEWS:
        at = _run({"view": view}, uploads=True)
        assert not problems(at), (view, problems(at))
        if view == "Overview":  # the seeds, the two payload articles, two uploads and the paste
            assert next(m.value for m in at.metric if m.label == "Articles") == "10"
    assert any(w.value.startswith("Skipped **upload&#58;") for w in at.sidebar.warning)


# ------------------------------------------------------------------------------------ Chromium
#: what a payload would leave in the page if it rendered (evaluated in the page; returns findings)
_DOM_PROBE = r"""() => {
  const out = [];
  const evil = /127\.0\.0\.1:9|payload-example|javascript:/i;
  if (window.__pwned !== undefined) out.push('a payload script ran: ' + window.__pwned);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) {
      if (a.startsWith('on')) out.push('event handler ' + a + ' on <' + el.tagName + '>');
    }
  }
  for (const s of document.querySelectorAll('script')) if (/__pwned/.test(s.textContent)) out.push('payload <script>');
  // (the app's own links within the page, a heading's anchor and the reader's ?view=…, aside)
  for (const a of document.querySelectorAll('a[href]:not([href^="#"]):not([href^="?"])')) {
    if (evil.test(a.getAttribute('href'))) out.push('link ' + a.getAttribute('href'));
  }
  for (const i of document.querySelectorAll('img, image, iframe, object, embed, video, audio, source')) {
    const src = i.getAttribute('src') || i.getAttribute('href') || i.getAttribute('data') || '';
    if (evil.test(src) || /(^|\/)x(\.png)?$/.test(src)) out.push('<' + i.tagName + '> ' + src);
  }
  for (const sel of ['.katex', 'del', 's', 'strike', 'math']) {
    for (const e of document.querySelectorAll(sel)) out.push('<' + sel + '> ' + e.textContent.slice(0, 40));
  }
  for (const e of document.querySelectorAll('.stMarkdownColoredText, .stMarkdownColoredBackground, [role="img"]')) {
    if (/PAYLOAD|skull/.test(e.textContent) || /rgb\(158, 48, 59\)/.test(e.getAttribute('style') || '')) {
      out.push('coloured or icon ' + e.textContent.slice(0, 40));
    }
  }
  if (document.body.innerText.includes('\u{1F480}')) out.push('an emoji from :skull:');
  for (const b of document.querySelectorAll('b, strong')) if (/BOLD PAYLOAD/.test(b.textContent)) out.push('<b> from a payload');
  return out;
}"""


@pytest.fixture(scope="module")
def payload_server(payload_folder, tmp_path_factory):
    from .test_browser import streamlit_server

    store = tmp_path_factory.mktemp("store") / "store.duckdb"
    with streamlit_server(BRIEFING_EXTRA_CORPUS=str(payload_folder[0]), BRIEFING_STORE=str(store)) as url:
        yield url, payload_folder[1], store


@pytest.fixture(scope="module")
def chromium():
    from .test_browser import chromium_browser

    with chromium_browser() as b:
        yield b


@pytest.fixture()
def evil_page(chromium):
    ctx = chromium.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    ctx.close()


def _look(page, what: str) -> None:
    """Wait for the page to settle, open every expander and the article picker, and check it."""
    from .test_browser import _idle

    page.wait_for_selector('[data-testid="stTab"]', timeout=240_000)
    _idle(page)
    page.wait_for_timeout(1500)
    _idle(page)
    for exp in page.locator('[data-testid="stExpander"] summary').all():
        try:
            exp.click(timeout=2000)
        except Exception:  # noqa: BLE001 - an expander that is not clickable at the moment
            pass
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Article")
    if picker.count():
        picker.first.click()
        page.wait_for_timeout(800)
    for chart in page.locator('[data-testid="stPlotlyChart"] .nsewdrag').all()[:3]:  # hovers drawn
        try:
            chart.hover(timeout=2000)
        except Exception:  # noqa: BLE001
            pass
    page.wait_for_timeout(500)
    found = page.evaluate(_DOM_PROBE)
    assert not found, (what, found)
    bad = evil_requests(page.requests, page.url)
    assert not bad, (what, bad)
    assert page.locator('[data-testid="stException"]').count() == 0, what
    page.keyboard.press("Escape")


def test_payloads_in_chromium_render_nothing_and_fetch_nothing(payload_server, evil_page):
    """Every view of the payload corpus, then every view under payload URL parameters, in Chromium."""
    from urllib.parse import urlencode

    url, ids, _ = payload_server
    page = evil_page
    page.goto(f"{url}/?{urlencode({'view': 'Articles', 'article': ids[0], 'at': '0-40'})}",
              wait_until="domcontentloaded")
    _look(page, "Articles")
    text = page.locator("body").inner_text()
    assert PAYLOADS[0] in text and "RED PAYLOAD" in text  # the payloads are on the page, as text
    for view in VIEWS:
        page.goto(f"{url}/?{urlencode({'view': view})}", wait_until="domcontentloaded")
        _look(page, view)
    for view in VIEWS:
        page.goto(f"{url}/?{urlencode(url_params(view))}", wait_until="domcontentloaded")
        _look(page, f"{view} with payload parameters")


def test_uploads_with_payloads_in_chromium_render_nothing(payload_server, evil_page, tmp_path):
    """Files whose names and text are payloads, uploaded through the page, then every view."""
    url, _, _ = payload_server
    page = evil_page
    files = []
    for i, name in enumerate(UPLOAD_NAMES):
        path = tmp_path / f"upload-{i}.txt"
        path.write_text(article_text(shift=3 + i), encoding="utf-8")
        files.append({"name": name.replace("/", "_"), "mimeType": "text/plain", "buffer": path.read_bytes()})
    page.goto(f"{url}/", wait_until="domcontentloaded")
    _look(page, "before the upload")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    page.wait_for_selector("text=Now showing “Both”", timeout=240_000)
    _look(page, "after the upload")
    for view in VIEWS:
        page.get_by_role("tab", name=view).click()
        _look(page, f"{view} with uploads")


def _store_rows(path: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("analyses", "corpora")}
    finally:
        con.close()


def test_a_crafted_upload_name_through_the_browser_writes_nothing(payload_server, evil_page, tmp_path):
    """Issue 18: files uploaded through the page's own upload request (multipart) under a bundled
    seed's path, relative and absolute, are this session's own: shown, named as sent
    (``upload:<name>``), and nothing is written to the server's store."""
    url, _, store = payload_server
    page = evil_page
    page.goto(f"{url}/", wait_until="domcontentloaded")
    _look(page, "before the upload")
    before = _store_rows(store)
    assert before["corpora"]  # the shared corpus is stored: the store works
    seed = next((ROOT / "seeds").glob("*.txt"))
    files = [{"name": str(seed), "mimeType": "text/plain", "buffer": article_text(shift=2).encode("utf-8")},
             {"name": f"seeds/{seed.name}", "mimeType": "text/plain", "buffer": b""}]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    page.wait_for_selector("text=Now showing “Both”", timeout=240_000)
    _look(page, "after the crafted upload")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert f"upload:seeds/{seed.name}" in sidebar and "the file is empty" in sidebar  # the name as sent
    assert _store_rows(store) == before
