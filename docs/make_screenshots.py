"""Screenshots of the dashboard for the README (docs/screenshots/<view>-<suffix>.png).

    python docs/make_screenshots.py after

runs `streamlit run dashboard/app.py` on a free localhost port (bundled seeds; the Over time view
also with the small dated corpus of tests/data/positions, since the seeds are undated) and drives
Debian's chromium through Playwright. Uses a temporary analysis store.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = {  # name: (query string, extra corpus)
    "landing": ("", ""),
    "quotes": ("?view=Quotes", ""),
    "timeline": ("?view=Over+time", str(ROOT / "tests" / "data" / "positions")),
}


@contextmanager
def server(extra: str, store: str):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT), BRIEFING_STORE=store, BRIEFING_EXTRA_CORPUS=extra)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def idle(page) -> None:
    page.wait_for_selector('[data-testid="stTab"]', timeout=300_000)
    for _ in range(2):
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=300_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=300_000)
        page.wait_for_timeout(2500)


def main(suffix: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for extra in sorted({e for _, e in SHOTS.values()}):
            with server(extra, str(Path(tmp) / "store.duckdb")) as url:
                for name, (query, corpus) in SHOTS.items():
                    if corpus != extra:
                        continue
                    page = browser.new_page(viewport={"width": 1400, "height": 1700})
                    page.goto(url + "/" + query, wait_until="domcontentloaded")
                    idle(page)
                    path = OUT / f"{name}-{suffix}.png"
                    page.screenshot(path=str(path))
                    page.close()
                    print("saved", path.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "after")
