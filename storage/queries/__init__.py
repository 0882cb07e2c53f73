"""Queries, one module per concept. Functions take an AsyncSession and return models or typed rows."""
