"""Debian's Chromium under Playwright: launch, cut off, watch and audit pages.

No browser is downloaded: Playwright for Python drives ``/usr/bin/chromium``
from Debian's package, which ``make setup`` installs. axe-core comes from the
npm registry (``npm ci``) and is injected into the page under test.

Typical use in a test::

    browser = launch_chromium(playwright)
    context = new_offline_context(browser)
    page = context.new_page()
    problems = collect_page_problems(page)
    page.goto(url)
    assert problems == []
    assert serious_violations(run_axe(page)) == []
    assert context.blocked_requests == []
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Playwright,
        Request,
        Response,
        Route,
    )

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Without the background-networking flags Chromium keeps calling Google's
# services, which this machine's closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
# offline=True: every host but loopback goes to a proxy on the discard port,
# where nothing listens, and no name but localhost resolves. Chromium never
# sends loopback addresses to a proxy, so local servers still answer.
OFFLINE_ARGS = (
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)
AXE_RULE_TAGS = (
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
)
SERIOUS_IMPACTS = frozenset({"serious", "critical"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})


class BrowserSupportError(RuntimeError):
    """Chromium or axe-core is not where the browser tests expect it."""


def chromium_executable() -> str:
    """Return the path of Debian's Chromium, or raise if it is not installed."""
    if not CHROMIUM.is_file():
        raise BrowserSupportError(
            f"Chromium not found at {CHROMIUM}: run 'make setup' "
            "(it installs Debian's chromium package)"
        )
    return str(CHROMIUM)


def launch_chromium(playwright: Playwright, offline: bool = False) -> Browser:
    """Return a headless Debian Chromium started by Playwright.

    With ``offline=True`` the browser itself can reach nothing but loopback
    addresses and files, as on a machine cut off from the network.
    """
    args = list(CHROMIUM_ARGS)
    if offline:
        args += OFFLINE_ARGS
    return playwright.chromium.launch(
        executable_path=chromium_executable(), headless=True, args=args
    )


def is_local_url(url: str) -> bool:
    """Return whether ``url`` stays on this machine (loopback, file or inline).

    >>> is_local_url("http://127.0.0.1:8866/voila/render/uptake.ipynb")
    True
    >>> is_local_url("https://cdn.jsdelivr.net/npm/plotly.js")
    False
    """
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    host = parts.hostname or ""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_offline_context(browser: Browser, **options: Any) -> BrowserContext:
    """Return a browser context that refuses every request leaving the machine.

    Requests to hosts other than 127.0.0.1/localhost (and file, data and blob
    URLs) are aborted as if the network were down, and their URLs are kept
    in ``context.blocked_requests``, in the order the page asked for them.
    Service workers are blocked, since their requests would escape the route.
    ``options`` go to ``browser.new_context``.
    """
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)
    blocked: list[str] = []

    def refuse_remote(route: Route) -> None:
        url = route.request.url
        if is_local_url(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", refuse_remote)
    context.blocked_requests = blocked  # type: ignore[attr-defined]
    return context


def run_axe(page: Page) -> dict[str, Any]:
    """Return axe-core's results for the page as it is now.

    Injects ``node_modules/axe-core/axe.min.js`` once per document and runs
    the WCAG 2.0-2.2 A/AA and best-practice rules.
    """
    if not AXE_SCRIPT.is_file():
        raise BrowserSupportError(
            f"axe-core not found at {AXE_SCRIPT}: run 'make setup' (it runs npm ci)"
        )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results: dict[str, Any] = page.evaluate(
        "runOnly => axe.run(document, {runOnly})", list(AXE_RULE_TAGS)
    )
    return results


def serious_violations(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the violations in axe results whose impact is serious or critical."""
    return [
        violation
        for violation in results["violations"]
        if violation.get("impact") in SERIOUS_IMPACTS
    ]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Return one readable line per axe violation, for assertion messages."""
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {'; '.join(targets)}"
        )
    return "\n".join(lines)


def collect_page_problems(page: Page) -> list[str]:
    """Return a live list of the page's problems, filled in as they happen.

    Records console errors, uncaught page errors, failed requests and HTTP
    responses with an error status (400 or more). The 404 of the favicon
    that Chromium asks for by itself, when a page names none, is not counted.
    """
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        source = message.location.get("url") or "page"
        if message.type == "error" and not source.endswith("/favicon.ico"):
            problems.append(f"console error: {message.text} ({source})")

    def on_request_failed(request: Request) -> None:
        problems.append(
            f"request failed: {request.method} {request.url} ({request.failure})"
        )

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return problems
