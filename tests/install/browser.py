"""Debian's headless Chromium through Playwright (never `playwright install`), allowed to reach one local site."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Page, async_playwright

from tests.insights.browser import CHROMIUM_ARGS, chromium_path


@asynccontextmanager
async def page_on(site: str) -> AsyncIterator[tuple[Page, list[str]]]:
    """A page with a fresh profile; requests outside ``site`` are aborted and listed."""
    outside: list[str] = []
    with tempfile.TemporaryDirectory(prefix="walkbot-chromium-") as profile:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = context.pages[0] if context.pages else await context.new_page()

                async def only_site(route):
                    if route.request.url.startswith(site):
                        await route.continue_()
                    else:
                        outside.append(route.request.url)
                        await route.abort()

                await page.route("**/*", only_site)
                yield page, outside
            finally:
                await context.close()
