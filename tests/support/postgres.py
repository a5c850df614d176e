"""The PostgreSQL server the tests use: find it, start it, hand out databases.

``make test`` runs ``scripts/services.sh`` and passes its URL to pytest in
``DP_ANALYSIS_TEST_DATABASE_URL``. A plain ``pytest`` run without that
variable starts the server the same way, so the tests need no mock and no
SQLite stand-in.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from .browser import PROJECT_ROOT

URL_VARIABLE = "DP_ANALYSIS_TEST_DATABASE_URL"
SERVICES_SCRIPT = PROJECT_ROOT / "scripts" / "services.sh"
_EXPORT_LINE = re.compile(rf"^export {URL_VARIABLE}='([^']+)'$", re.MULTILINE)


class PostgresUnavailableError(RuntimeError):
    """The test database could not be reached or started."""


def database_url() -> str:
    """Return the SQLAlchemy URL of the test database, starting it if needed."""
    url = os.environ.get(URL_VARIABLE)
    if url:
        return url
    try:
        started = subprocess.run(
            [str(SERVICES_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PostgresUnavailableError(f"{SERVICES_SCRIPT} failed: {error}") from error
    match = _EXPORT_LINE.search(started.stdout)
    if started.returncode != 0 or match is None:
        raise PostgresUnavailableError(
            f"{SERVICES_SCRIPT} exited {started.returncode}: {started.stderr.strip()}"
        )
    os.environ[URL_VARIABLE] = match.group(1)
    return match.group(1)


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """Yield the URL of a new empty database, dropped again afterwards.

    The test role may create databases (``scripts/services.sh`` grants
    CREATEDB), so each test can have one to itself.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"dp_analysis_scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
