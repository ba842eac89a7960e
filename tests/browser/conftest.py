"""Real headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright.

No browser is downloaded: Playwright launches the system Chromium.  Every
page records console errors and uncaught exceptions so a test can assert
there were none, and screenshots land in ``test-output/screenshots/``.
The served pages come from a real ``uvicorn`` process on a free port.
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

CHROMIUM = os.environ.get("MLPATH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"headless Chromium not found at {CHROMIUM} (apt-get install chromium, or set MLPATH_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A Playwright page plus the errors it logged."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def screenshot(self, name: str, *figures: str) -> list[Path]:
        """The top of the page as ``name.png``, then each figure's div on its own."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        paths = [SCREENSHOTS / f"{name}.png"]
        self.page.screenshot(path=str(paths[0]))
        for div in figures:
            paths.append(SCREENSHOTS / f"{name}-{div.removeprefix('mlpath-')}.png")
            self.page.locator(f"#{div}").screenshot(path=str(paths[-1]))
        return paths

    def count(self, selector: str) -> int:
        return self.page.evaluate("s => document.querySelectorAll(s).length", selector)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
    wrapped = Page(context.new_page())
    yield wrapped
    context.close()


@pytest.fixture(scope="session")
def graph():
    """The curriculum the pages draw: ``$MLPATH_GRAPH`` or the bundled seed."""
    from graph.curriculum import load_graph

    return load_graph(os.environ.get("MLPATH_GRAPH") or None)


@pytest.fixture(scope="session")
def server(graph):
    """Base URL of a real ``uvicorn api.app:create_app --factory`` process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["MLPATH_GRAPH"] = graph.source
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{process.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"uvicorn did not answer on {base} within {timeout:.0f} s")
