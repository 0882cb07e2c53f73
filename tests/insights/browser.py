"""A real headless Chromium (Debian's, driven by Playwright) that records console errors and outside requests.

Never ``playwright install``: the system browser is used, started with a fresh profile and every
background service off (there is no network here). Screenshots go to ``.artifacts/`` (gitignored;
``WALKBOT_TEST_ARTIFACTS`` moves it), kept after the run for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def artifacts_dir() -> Path:
    path = Path(os.environ.get("WALKBOT_TEST_ARTIFACTS", ROOT / ".artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is not installed: scripts/ensure-system-packages chromium (scripts/test does it)"
    return path


@dataclass
class BrowserPage:
    page: Page
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


@asynccontextmanager
async def browser_page() -> AsyncIterator[BrowserPage]:
    with tempfile.TemporaryDirectory(prefix="walkbot-chromium-") as profile:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = context.pages[0] if context.pages else await context.new_page()
                seen = BrowserPage(page)
                page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda exc: seen.console_errors.append(str(exc)))

                async def only_local_files(route):
                    if route.request.url.startswith("file://"):
                        await route.continue_()
                    else:
                        seen.outside_requests.append(route.request.url)
                        await route.abort()

                await page.route("**/*", only_local_files)
                yield seen
            finally:
                await context.close()
