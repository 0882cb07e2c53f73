"""The ``walkbot`` command. Each subcommand lives in its own module under ``bot/commands/``."""

from __future__ import annotations

import argparse
import sys

from bot.commands import REGISTRY
from bot.config import ConfigError, Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="walkbot", description="Walk PSA tickets through troubleshooting flows.")
    sub = parser.add_subparsers(dest="command", required=True)
    for register in REGISTRY:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(settings, args) or 0)
    except ConfigError as exc:
        print(f"walkbot: configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
