"""Read a client-level extract from a SQL database through SQLAlchemy.

PostgreSQL is the tested case. The caller names a table (optionally
``schema.table``) or passes a query; either way the result must have the
extract's columns, and it is validated exactly like a file.
"""

from __future__ import annotations

import logging

import pandas as pd
import sqlalchemy as sa

from dp_analysis.loading.problems import ProblemLog, Reason
from dp_analysis.loading.readers import RawTable, frame_to_raw

logger = logging.getLogger(__name__)


def is_database_url(source: object) -> bool:
    """Return True for a SQLAlchemy engine or a URL such as ``postgresql://``."""
    if isinstance(source, sa.engine.Engine):
        return True
    return isinstance(source, str) and "://" in source


def read_database(
    source: str | sa.engine.Engine,
    *,
    table: str | None,
    query: str | None,
    problems: ProblemLog,
) -> RawTable:
    """Read a table or a query's result into a :class:`RawTable`."""
    engine = (
        source if isinstance(source, sa.engine.Engine) else sa.create_engine(source)
    )
    where = engine.url.render_as_string(hide_password=True)
    if (table is None) == (query is None):
        problems.add(
            Reason.UNREADABLE,
            "expected exactly one of a table name "
            "(--table) or a query (--query) for a database source",
        )
        return RawTable(where)
    statement: sa.Executable
    if table is not None:
        schema, _, name = table.rpartition(".")
        statement = sa.select(sa.text("*")).select_from(
            sa.table(name, schema=schema or None)
        )
        described = f"{where} table {table}"
    else:
        statement = sa.text(str(query))
        described = f"{where} query"
    try:
        with engine.connect() as connection:
            frame = pd.read_sql(statement, connection)
    except (sa.exc.SQLAlchemyError, pd.errors.DatabaseError) as error:
        cause = error.__cause__ if isinstance(error, pd.errors.DatabaseError) else error
        cause = getattr(cause, "orig", None) or cause or error
        reason = str(cause).splitlines()[0]
        problems.add(Reason.UNREADABLE, f"the database refused the read: {reason}")
        return RawTable(described)
    finally:
        if not isinstance(source, sa.engine.Engine):
            engine.dispose()
    return frame_to_raw(described, frame, problems)
