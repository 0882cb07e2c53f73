"""Declarative base with a naming convention, so alembic autogenerate names match the migrations."""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# CHECK constraints are named explicitly on each model (the seed's names), so no "ck" template here.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
