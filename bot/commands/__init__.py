"""Subcommands of ``walkbot``; each module exposes ``register(subparsers)``."""

from bot.commands import database, flows, outbox, serve

REGISTRY = [database.register, flows.register, serve.register, outbox.register]
