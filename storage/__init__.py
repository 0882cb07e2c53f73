"""Postgres storage: SQLAlchemy models and the queries the bot runs. The only package that speaks SQL."""
