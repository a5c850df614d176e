"""The dashboard server is read-only, local and serves nothing but dashboards."""

from __future__ import annotations

import asyncio
import datetime
import http.client
import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from dp_analysis.cli import build_parser
from dp_analysis.serving.app import CONFIG_DIR
from tests.dashboards.server import SECRET, start_server

pytestmark = pytest.mark.slow


def get(port: int, path: str, follow: int = 3) -> tuple[int, str]:
    """Send ``path`` exactly as written (no client-side clean-up); follow redirects."""
    for _ in range(follow + 1):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location", "")
            path = re.sub(r"^https?://[^/]+", "", location)
            continue
        return response.status, body
    return response.status, body


def outside_paths(outside: Path) -> list[str]:
    """Return request paths that try to reach ``outside`` in every known way."""
    absolute = str(outside)
    encoded = absolute.replace("/", "%2F")
    up = "../" * 12
    return [
        "/voila/files/../outside/secret.txt",
        "/voila/files/%2e%2e/outside/secret.txt",
        "/voila/files/%2E%2E%2Foutside%2Fsecret.txt",
        "/voila/files/..%2foutside%2fsecret.png",
        f"/voila/files/{absolute}/secret.png",
        f"/voila/files/{encoded}%2Fsecret.png",
        "/voila/files/linked.png",
        "/voila/files/linked-folder/secret.png",
        "/voila/render/../outside/secret.ipynb",
        "/voila/render/%2e%2e/outside/secret.ipynb",
        "/voila/render/%2E%2E%2Foutside%2Fsecret.ipynb",
        f"/voila/render/{absolute}/secret.ipynb",
        f"/voila/render/{encoded}%2Fsecret.ipynb",
        "/voila/render/linked.ipynb",
        "/voila/render/linked-folder/secret.ipynb",
        "/voila/tree/..",
        "/voila/tree/%2e%2e/outside",
        "/voila/tree/linked-folder",
        "/voila/api/contents/..",
        "/voila/api/contents/linked-folder",
        "/voila/api/contents/linked-folder/secret.txt",
        f"/voila/static/{up}{absolute.lstrip('/')}/secret.txt",
        f"/voila/static/{encoded}%2Fsecret.txt",
        f"/voila/templates/lab/static/{up}{absolute.lstrip('/')}/secret.txt",
        f"/dp-static/..%2F{up.replace('/', '%2F')}{encoded}%2Fsecret.txt",
    ]


def test_no_file_outside_dashboards_is_served(dashboard_server):
    outside = dashboard_server.root.parent / "outside"
    served = []
    for path in outside_paths(outside):
        status, body = get(dashboard_server.port, path)
        if status < 400 or SECRET in body:
            served.append(f"{path} -> {status}")
    assert served == []
    # The notebook behind the link was never run, not even to warm a kernel.
    assert not dashboard_server.marker.exists()
    assert "linked.ipynb is filled" not in dashboard_server.log()


def test_landing_page_leaves_out_links_that_leave_the_folder(dashboard_server):
    status, body = get(dashboard_server.port, "/voila/tree")
    assert status == 200
    assert "linked" not in body


def test_sources_are_stripped(dashboard_server):
    status, body = get(dashboard_server.port, "/voila/render/spb_explorer.ipynb")
    assert status == 200
    assert "from dp_analysis.widgets import" not in body
    assert "apply_shared_link" not in body
    assert "application/vnd.jupyter.widget-view+json" in body


def message(msg_type: str, content: dict, session: str) -> str:
    """Return one Jupyter protocol message, as the browser would send it."""
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "session": session,
                "username": "browser",
                "version": "5.3",
                "date": datetime.datetime.now(datetime.UTC).isoformat(),
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


async def talk_to_kernel(port: int, kernel_id: str, code: str) -> list[str]:
    """Send kernel_info then execute requests; return the reply types seen."""
    session = uuid.uuid4().hex
    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id={session}"
    connection = await websocket_connect(url)
    await connection.write_message(message("kernel_info_request", {}, session))
    await connection.write_message(
        message(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            session,
        )
    )
    seen = []
    deadline = asyncio.get_running_loop().time() + 6
    while asyncio.get_running_loop().time() < deadline:
        try:
            raw = await asyncio.wait_for(connection.read_message(), timeout=1)
        except TimeoutError:
            continue
        if raw is None:
            break
        if isinstance(raw, str):
            seen.append(json.loads(raw)["header"]["msg_type"])
    connection.close()
    return seen


def test_browser_cannot_execute_code(dashboard_server, tmp_path):
    status, body = get(dashboard_server.port, "/voila/render/uptake_explorer.ipynb")
    assert status == 200
    kernel_id = json.loads(
        re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)'
            r"</script>",
            body,
            re.S,
        ).group(1)
    )["kernelId"]
    marker = tmp_path / "executed"
    code = f"open({str(marker)!r}, 'w').write('executed')"
    # In a thread of its own: the browser tests' event loop may be running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(
            asyncio.run, talk_to_kernel(dashboard_server.port, kernel_id, code)
        ).result()
    assert "kernel_info_reply" in seen  # the channel itself works
    assert "execute_reply" not in seen and "execute_input" not in seen
    assert not marker.exists()
    assert 'type "execute_request", which is not allowed' in dashboard_server.log()


def listening_addresses(port: int) -> set[str]:
    """Return the local addresses with a socket listening on ``port``."""
    addresses = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                if width == 8:
                    addresses.add(
                        ".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0))
                    )
                else:
                    addresses.add(address)
    return addresses


def test_server_listens_on_loopback_only(dashboard_server):
    assert listening_addresses(dashboard_server.port) == {"127.0.0.1"}


def test_defaults_are_local_and_read_only():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.token) == ("127.0.0.1", 8866, None)
    config = json.loads((CONFIG_DIR / "voila.json").read_text())
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["VoilaConfiguration"]["strip_sources"] is True
    assert config["VoilaConfiguration"]["file_allowlist"] == []
    assert "jupyterlab-jupytext" in config["VoilaConfiguration"]["extension_denylist"]


def test_token_option_requires_the_token(tmp_path):
    server = start_server(
        tmp_path, "--token=correct-horse", "--VoilaConfiguration.preheat_kernel=False"
    )
    try:
        status, _ = get(server.port, "/voila/tree", follow=0)
        assert status in (302, 403)
        status, body = get(server.port, "/voila/tree?token=wrong", follow=0)
        assert status in (302, 403)
        status, body = get(server.port, "/voila/tree?token=correct-horse")
        assert status == 200
        assert "uptake_explorer.ipynb" in body
    finally:
        server.stop()
