"""A real browser against `streamlit run`, clicking through what an analyst does: filter Storm
Shadow and get only Storm Shadow quotes; open a quote in the reader (a table row, a quote card, a
briefing citation), scrolled to and highlighted, in the same session; a shared link with a scope
restores it; a click on the stance map filters; an upload is visible at once; a selection inside a
view reruns that view only; article text with markup shows as text.

Drives Debian's /usr/bin/chromium through Playwright (never a downloaded browser). Locally a missing
browser skips the test; in CI (CI=true) it fails.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SEEDS = ROOT / "seeds"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
EVIL_ID = "zz_markup_article"
EVIL_TEXT = ("Kremlin warns over Storm Shadow\n\nA spokesman said <script>window.__pwned = 1</script> "
             "and <img src=x onerror=\"window.__pwned = 2\"> were \"not acceptable\", Vladimir Putin said.\n")
UPLOAD_TEXT = ("Umerov says ATACMS strikes will go on\n\nKYIV, Ukraine \u2014 Ukraine's defense minister, Rustem Umerov, "
               "said Tuesday that the country had used ATACMS missiles against a Russian airfield.\n\n"
               "\u201cWe will keep doing it,\u201d Umerov said.\n")


def _browser_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _require(ok: bool, reason: str) -> None:
    if ok:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(**env):
    """``streamlit run`` of the dashboard on a free localhost port with ``env`` added to this
    process's environment; yields its address, and stops it."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def chromium_browser():
    """Debian's chromium driven by Playwright (skipped when missing, failed in CI)."""
    path = _browser_path()
    _require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    extra = tmp_path_factory.mktemp("extra")
    (extra / f"{EVIL_ID}.txt").write_text(EVIL_TEXT, encoding="utf-8")
    with streamlit_server(BRIEFING_EXTRA_CORPUS=str(extra)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


@pytest.fixture()
def page(browser):
    """A fresh browser session (a new Streamlit session) per test; rerun requests are recorded."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.sent = []
    pg.on("websocket", lambda ws: ws.on("framesent", lambda payload: pg.sent.append(payload)))
    yield pg
    ctx.close()


def _idle(page) -> None:
    """Wait until the script has finished and every element is drawn (no "running" indicator, no
    placeholder skeleton)."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=180_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=180_000)


def _wait_ready(page) -> None:
    page.wait_for_selector("text=Debate Briefing", timeout=120_000)
    page.wait_for_selector('[data-testid="stTab"]', timeout=180_000)
    _idle(page)
    page.wait_for_timeout(1500)
    _idle(page)


def _settle(page, ms: int = 1500) -> None:
    page.wait_for_timeout(500)
    _idle(page)
    page.wait_for_timeout(ms)


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def _seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


def _line_of(text: str, fragment: str) -> str:
    i = text.find(fragment)
    assert i >= 0, fragment
    return text[text.rfind("\n", 0, i) + 1:text.find("\n", i) if text.find("\n", i) >= 0 else len(text)]


def _table_csv(page, index: int = 0) -> list[dict]:
    """The rows of the ``index``-th table on the page, through its own "Download as CSV" button."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    grid.hover()
    page.evaluate("delete window.showSaveFilePicker")  # the plain download path, as in any browser
    button = grid.get_by_role("button", name="Download as CSV")
    button.wait_for(state="visible", timeout=30_000)
    with page.expect_download(timeout=30_000) as dl:
        # on the button itself: the toolbar of a short table sits over the caption above it, which
        # can take a pointer click while the toolbar fades in
        button.dispatch_event("click")
    return list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))


def _reruns(page) -> list[str]:
    """The fragment id of each rerun request the page sent ('' = the whole app)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    out = []
    for frame in page.sent:
        try:
            msg = BackMsg.FromString(frame if isinstance(frame, bytes) else frame.encode("latin-1"))
        except Exception:  # noqa: BLE001 - not a BackMsg (a ping)
            continue
        if msg.WhichOneof("type") == "rerun_script":
            out.append(msg.rerun_script.fragment_id)
    return out


def _choose(page, label: str, value: str) -> None:
    """Pick ``value`` in the sidebar multiselect ``label``, as a user does."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(value)
    page.get_by_role("option", name=value, exact=True).click()
    page.keyboard.press("Escape")
    _settle(page)


def _target_in_view(page) -> str:
    target = page.locator("#db-reader-target")
    target.wait_for(timeout=60_000)
    _idle(page)
    page.wait_for_timeout(2500)
    top, bottom, height = target.evaluate(
        "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; }")
    assert 0 <= top and bottom <= height, "the reader is scrolled to the passage"
    return target.inner_text()


def test_filter_storm_shadow_then_open_a_quote_in_the_reader(server, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/?view=Quotes", wait_until="domcontentloaded")
    _wait_ready(page)
    _choose(page, "Weapon system", "Storm Shadow")
    assert "weapon=Storm+Shadow" in page.url
    page.wait_for_selector("text=scope: sentences about it", timeout=60_000)
    rows = _table_csv(page)
    texts = {**_seed_texts(), EVIL_ID: EVIL_TEXT}
    assert rows, "the Quotes table is empty"
    for row in rows:  # every quote shown is in a paragraph that names Storm Shadow
        home = [t for t in texts.values() if row["quote"] in t]
        assert home and "storm shadow" in _line_of(home[0], row["quote"]).lower(), row["quote"]
    page.screenshot(path=str(ARTIFACTS / "storm-shadow-quotes.png"), full_page=True)
    # a row opens the reader at that quote, highlighted and scrolled to, in this session
    grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.click(grid["x"] + 15, grid["y"] + 35 + 16)  # the first row's marker (rows are 32 px or taller)
    page.wait_for_selector('[role="tab"][aria-selected="true"]:has-text("Articles")', timeout=60_000)
    shown = _target_in_view(page)
    assert rows[0]["quote"].startswith(shown.strip()[:20])
    assert "view=Articles" in page.url and "at=" in page.url and "weapon=Storm+Shadow" in page.url
    assert len(page.context.pages) == 1
    _no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "reader-at-quote.png"))


def test_quote_cards_and_citations_open_the_reader_in_this_session(server, page):
    page.goto(f"{server}/", wait_until="domcontentloaded")
    _wait_ready(page)
    card = page.get_by_role("link", name="Open in reader").first
    href = card.get_attribute("href")
    card.click()
    page.wait_for_selector('[role="tab"][aria-selected="true"]:has-text("Articles")', timeout=60_000)
    assert _target_in_view(page)
    assert href.split("at=")[1] in page.url and len(page.context.pages) == 1
    page.get_by_role("tab", name="Briefing").click()
    _settle(page)
    cite = page.locator('[data-testid="stMarkdownContainer"] a[href^="?"]').first
    cite_href = cite.get_attribute("href")
    cite.click()
    page.wait_for_selector('[role="tab"][aria-selected="true"]:has-text("Articles")', timeout=60_000)
    assert _target_in_view(page)
    assert cite_href.split("at=")[1] in page.url and len(page.context.pages) == 1
    _no_exception(page)


def test_shared_link_with_scope_restores_it(server, page, seed_analysis):
    from components.tables.filtering import filter_tables
    from components.tables.filters import empty_state

    page.goto(f"{server}/?actor=Vladimir+Putin&weapon=Storm+Shadow&scope=article&view=Quotes",
              wait_until="domcontentloaded")
    _wait_ready(page)
    page.wait_for_selector("text=filtered to", timeout=120_000)
    assert page.get_by_text("actor: Vladimir Putin · weapon: Storm Shadow · scope: whole articles that mention it").count()
    assert page.get_by_role("tab", name="Quotes").get_attribute("aria-selected") == "true"
    assert page.get_by_role("radio", name="Whole articles that mention it").is_checked()
    expected = filter_tables(seed_analysis.tables, {**empty_state(), "actor": ["Vladimir Putin"],
                                                    "weapon": ["Storm Shadow"], "scope": "article"})["quotes"]
    heading = page.locator("h3", has_text="Quotes (").first
    heading.wait_for(timeout=60_000)
    n = int(heading.inner_text().split("(")[1].rstrip(")"))
    rows = _table_csv(page)
    # every Putin quote of the articles about Storm Shadow (the seeds', and the markup article's)
    assert len(rows) == n >= len(expected) and {r["speaker"] for r in rows} == {"Vladimir Putin"}
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Vladimir Putin").count() >= 1 and sidebar.get_by_text("Storm Shadow").count() >= 1
    assert "scope=article" in page.url
    _no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "shared-link-quotes.png"), full_page=True)
    # the sentence scope is one click away and the URL follows
    page.get_by_role("radio", name="Sentences about it").check(force=True)
    _settle(page)
    assert "scope=" not in page.url
    page.wait_for_selector("text=scope: sentences about it", timeout=60_000)


def test_a_click_on_the_stance_map_filters_every_view(server, page):
    page.goto(f"{server}/", wait_until="domcontentloaded")
    _wait_ready(page)
    points = page.locator('[data-testid="stPlotlyChart"]').first.locator(".scatterlayer .trace .points path")
    points.first.wait_for(timeout=60_000)
    assert points.count() >= 10
    points.nth(0).click(force=True)
    page.wait_for_selector("text=filtered to", timeout=60_000)
    assert "actor=" in page.url
    actor = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert actor.split("\n")[-1].strip() and actor.split("\n")[-1].strip() in page.locator(
        '[data-testid="stMarkdownContainer"]', has_text="Corpus:").first.inner_text()
    _no_exception(page)


def test_a_selection_inside_a_view_reruns_only_that_view(server, page):
    page.goto(f"{server}/?view=Quotes", wait_until="domcontentloaded")
    _wait_ready(page)
    page.sent.clear()
    toggle = page.get_by_text(re.compile(r"^Show all \d+ speakers$"))
    toggle.click()
    _settle(page)
    reruns = _reruns(page)
    assert reruns and all(reruns), f"a switch inside the view reran the app: {reruns}"
    page.sent.clear()
    _choose(page, "Actor", "Vladimir Putin")  # a filter concerns every view: the whole app reruns
    assert "" in _reruns(page)
    _no_exception(page)


def test_an_upload_is_visible_at_once(server, page, tmp_path):
    path = tmp_path / "umerov-atacms.txt"
    path.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.goto(f"{server}/", wait_until="domcontentloaded")
    _wait_ready(page)
    before = page.locator('[data-testid="stMetric"]', has_text="Articles").first.inner_text()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_selector("text=Now showing “Both”", timeout=180_000)
    _settle(page)
    assert page.get_by_role("radio", name="Both").is_checked()
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text(str(int(before.split()[-1]) + 1),
                                                                             timeout=180_000)
    page.get_by_role("tab", name="Articles").click()
    _settle(page)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Article").first.click()
    assert page.get_by_role("option", name="Umerov says ATACMS strikes will go on", exact=False).count() == 1
    _no_exception(page)


def test_article_markup_shows_as_text(server, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/?view=Articles&article={EVIL_ID}", wait_until="domcontentloaded")
    _wait_ready(page)
    page.get_by_role("tab", name="Articles").click()
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "reader-markup.png"), full_page=True)
    assert page.get_by_text("<script>window.__pwned = 1</script>", exact=False).count() >= 1
    assert page.evaluate("window.__pwned") is None
    _no_exception(page)
