"""Subcommands of ``walkbot``; each module exposes ``register(subparsers)``."""

from bot.commands import database

REGISTRY = [database.register]
