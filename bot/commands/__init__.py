"""Subcommands of ``walkbot``; each module exposes ``register(subparsers)``."""

from bot.commands import accounts, database, flows, outbox, serve

REGISTRY = [database.register, flows.register, serve.register, outbox.register, accounts.register]
