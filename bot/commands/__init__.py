"""Subcommands of ``walkbot``; each module exposes ``register(subparsers)``."""

from bot.commands import accounts, database, flows, outbox, report, secrets, serve, try_walk, users

REGISTRY = [
    database.register,
    flows.register,
    serve.register,
    outbox.register,
    accounts.register,
    try_walk.register,
    report.register,
    users.register,
    secrets.register,
]
