"""A real browser against `streamlit run`: a shared link restores its filters, nothing crashes, and
article text with markup shows as text.

Drives Debian's /usr/bin/chromium through Playwright (never a downloaded browser). Locally a missing
browser skips the test; in CI (CI=true) it fails.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
EVIL_ID = "zz_markup_article"
EVIL_TEXT = ("Kremlin warns over Storm Shadow\n\nA spokesman said <script>window.__pwned = 1</script> "
             "and <img src=x onerror=\"window.__pwned = 2\"> were \"not acceptable\", Vladimir Putin said.\n")


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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    extra = tmp_path_factory.mktemp("extra")
    (extra / f"{EVIL_ID}.txt").write_text(EVIL_TEXT, encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, BRIEFING_EXTRA_CORPUS=str(extra), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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


@pytest.fixture(scope="module")
def page():
    path = _browser_path()
    _require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield pg
        browser.close()


def _wait_ready(page) -> None:
    page.wait_for_selector("text=Debate Briefing", timeout=120_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=180_000)
    page.wait_for_selector('[data-testid="stTab"]', timeout=180_000)
    page.wait_for_timeout(1500)


def test_shared_link_restores_filtered_view(server, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/?actor=Vladimir+Putin&weapon=Storm+Shadow&view=Quotes", wait_until="domcontentloaded")
    _wait_ready(page)
    # the filtered content: the summary line names the filters, the Quotes tab is open and shows quotes
    page.wait_for_selector("text=filtered to", timeout=120_000)
    assert page.get_by_text("actor: Vladimir Putin · weapon: Storm Shadow").count() >= 1
    assert page.get_by_role("tab", name="Quotes").get_attribute("aria-selected") == "true"
    page.wait_for_selector("text=Quotes by speaker", timeout=60_000)
    assert page.get_by_text("Nothing matches").count() == 0
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Vladimir Putin").count() >= 1
    assert sidebar.get_by_text("Storm Shadow").count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "actor=Vladimir+Putin" in page.url or "actor=Vladimir%20Putin" in page.url
    page.screenshot(path=str(ARTIFACTS / "shared-link-quotes.png"), full_page=True)
    page.get_by_role("tab", name="Overview").click()
    page.wait_for_selector("text=Weapon mentions", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "shared-link.png"), full_page=True)


def test_article_markup_shows_as_text(server, page):
    page.goto(f"{server}/?view=Articles&article={EVIL_ID}", wait_until="domcontentloaded")
    _wait_ready(page)
    page.get_by_role("tab", name="Articles").click()
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "reader-markup.png"), full_page=True)
    assert page.get_by_text("<script>window.__pwned = 1</script>", exact=False).count() >= 1
    assert page.evaluate("window.__pwned") is None
    assert page.locator('[data-testid="stException"]').count() == 0
