"""Insights use cases: read a report in one short transaction, then deliver it (App Home, a DM, a channel).

The figures and their renderings live in ``bot.insights``; this layer opens transactions and talks to
Slack, never both at once.
"""
