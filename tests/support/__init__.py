"""Shared test infrastructure: Chromium, axe-core and PostgreSQL for the tests.

``browser`` drives Debian's Chromium through Playwright, ``postgres`` finds or
starts the test database, and ``fixtures`` wraps both as pytest fixtures that
an area's ``conftest.py`` imports.
"""
