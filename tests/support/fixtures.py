"""Session fixtures for browser and database tests.

Import the ones an area needs into its ``conftest.py``::

    from tests.support.fixtures import artifact_dir, browser, playwright_instance

(add ``# noqa: F401`` after the import: pytest finds fixtures by name).
Outside CI a missing Chromium or PostgreSQL skips the tests that need it,
with the reason; under CI (``CI=true``) it fails them, since ``.ci/run``
installs both.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from .browser import PROJECT_ROOT, BrowserSupportError, chromium_executable
from .browser import launch_chromium as _launch_chromium
from .postgres import PostgresUnavailableError, database_url, scratch_database

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

ARTIFACT_DIR = PROJECT_ROOT / "test-artifacts"


def running_in_ci() -> bool:
    """Return whether the tests run under CI (the CI variable is set and true)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(reason: str) -> NoReturn:
    """Skip the test with ``reason``, or fail it when running under CI."""
    if running_in_ci():
        pytest.fail(f"{reason} (CI installs it with 'make setup')", pytrace=False)
    pytest.skip(reason)


class _Shared:
    """One object for the whole session, however many conftests import a fixture.

    Each ``conftest.py`` that imports a fixture gets a fixture of its own, and
    so its own session-scoped value. Two Playwright instances in one thread
    fail, and a second Chromium wastes memory, so the first user starts the
    object, later users borrow it and the last one to finish closes it.
    """

    def __init__(self) -> None:
        self.value: Any = None
        self.users = 0

    def borrow(self, start: Callable[[], Any]) -> Any:
        if self.users == 0:
            self.value = start()
        self.users += 1
        return self.value

    def give_back(self, close: Callable[[Any], None]) -> None:
        self.users -= 1
        if self.users == 0:
            close(self.value)
            self.value = None


_PLAYWRIGHT = pytest.StashKey[_Shared]()
_CHROMIUM = pytest.StashKey[_Shared]()


def _shared(request: pytest.FixtureRequest, key: pytest.StashKey[_Shared]) -> _Shared:
    return request.config.stash.setdefault(key, _Shared())


@pytest.fixture(scope="session")
def playwright_instance(request: pytest.FixtureRequest) -> Iterator[Playwright]:
    """Yield the session's started Playwright (sync API)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed in this environment")
    shared = _shared(request, _PLAYWRIGHT)
    yield shared.borrow(lambda: sync_playwright().start())
    shared.give_back(lambda playwright: playwright.stop())


@pytest.fixture(scope="session")
def browser(
    request: pytest.FixtureRequest, playwright_instance: Playwright
) -> Iterator[Browser]:
    """Yield Debian's headless Chromium, shared by the session's tests."""
    try:
        chromium_executable()
    except BrowserSupportError as error:
        unavailable(str(error))
    shared = _shared(request, _CHROMIUM)
    yield shared.borrow(lambda: _launch_chromium(playwright_instance))
    shared.give_back(lambda chromium: chromium.close())


@pytest.fixture(scope="session")
def artifact_dir() -> Path:
    """Return ``test-artifacts/``, where tests keep screenshots for people."""
    ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACT_DIR


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """Return the SQLAlchemy URL of the test database on the local server."""
    try:
        return database_url()
    except PostgresUnavailableError as error:
        unavailable(str(error))


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """Yield the URL of an empty database of the test's own, dropped afterwards."""
    with scratch_database(postgres_url) as url:
        yield url
