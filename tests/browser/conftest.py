"""Real headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright.

No browser is downloaded: Playwright launches the system Chromium.  Every
page records console errors and uncaught exceptions so a test can assert
there were none, and screenshots land in ``test-output/screenshots/``.
The served pages come from a real ``uvicorn`` process on a free port.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.servers import free_port, running_server

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
def server(graph, tmp_path_factory):
    """Base URL of a real ``uvicorn api.app:create_app --factory`` process."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["MLPATH_GRAPH"] = graph.source
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    with running_server(command, ready_url=f"{base}/health", env=env, log=log, cwd=ROOT):
        yield base
