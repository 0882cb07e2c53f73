"""``walkbot serve`` as its own process, as production runs it: started on a free port, ready once /healthz answers."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_serve(env: dict[str, str]) -> tuple[asyncio.subprocess.Process, str]:
    """Start ``python -m bot.cli serve`` with ``env`` (stderr piped, for its log) and wait until it serves."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        cwd=ROOT,
        env=env | {"PORT": str(port)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return process, url
            except aiohttp.ClientError:
                pass
            if process.returncode is not None:
                raise AssertionError((await process.stderr.read()).decode())
            await asyncio.sleep(0.1)
    raise AssertionError("walkbot serve did not come up")
