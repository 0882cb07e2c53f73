"""Subcommands of ``walkbot``; each module exposes ``register(subparsers)``."""

from bot.commands import database, flows, serve

REGISTRY = [database.register, flows.register, serve.register]
