"""scripts/services.sh and the PostgreSQL fixtures, against the real server."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.postgres import SERVICES_SCRIPT, URL_VARIABLE, scratch_database

pytestmark = pytest.mark.postgres


def start_services() -> subprocess.CompletedProcess:
    return subprocess.run(
        [SERVICES_SCRIPT], capture_output=True, text=True, timeout=120, check=True
    )


def test_services_script_is_idempotent_and_prints_one_export_line():
    first = start_services()
    began = time.monotonic()
    second = start_services()
    repeat_seconds = time.monotonic() - began

    assert first.stdout == second.stdout
    assert re.fullmatch(
        rf"export {URL_VARIABLE}='postgresql\+psycopg://"
        r"dp_analysis:[^@]+@127\.0\.0\.1:\d+/dp_analysis_test'\n",
        second.stdout,
    )
    assert repeat_seconds < 5


def test_url_logs_in_as_the_test_role(postgres_url):
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT current_user, current_database(), inet_server_addr()")
        ).one()
    engine.dispose()

    assert tuple(map(str, row)) == ("dp_analysis", "dp_analysis_test", "127.0.0.1")


def test_postgres_database_is_empty_and_private(postgres_database):
    engine = create_engine(postgres_database)
    with engine.begin() as connection:
        tables_before = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar_one()
        connection.execute(text("CREATE TABLE clients (id text, weekly_cost numeric)"))
    engine.dispose()

    assert tables_before == 0
    assert make_url(postgres_database).database.startswith("dp_analysis_scratch_")


def test_scratch_database_is_dropped_afterwards(postgres_url):
    with scratch_database(postgres_url) as url:
        name = make_url(url).database

    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        remaining = connection.execute(
            text("SELECT count(*) FROM pg_database WHERE datname = :name"),
            {"name": name},
        ).scalar_one()
    engine.dispose()
    assert remaining == 0
