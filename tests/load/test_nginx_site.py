"""deploy/playground.conf as nginx reads it: a valid configuration (`nginx -t`), and scripts,
styles and JSON compressed on their way to the browser (Streamlit sends them uncompressed and
leaves that to a proxy; plotly.js alone is 4.7 MB, which a shared link's first visit waits for).

The replica behind nginx here is a plain file server holding Streamlit's own plotly chunk: what
is tested is nginx's part, without starting the app."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import streamlit

from .servers import free_port, nginx_binary, nginx_in_front, nginx_workdir

needs_nginx = pytest.mark.skipif(
    nginx_binary() is None, reason="nginx is not installed (apt-get install nginx)"
)
STATIC = Path(streamlit.__file__).parent / "static" / "static" / "js"


@needs_nginx
def test_nginx_accepts_the_site_file():
    work = nginx_workdir(["http://127.0.0.1:9001", "http://127.0.0.1:9002"], free_port())
    try:
        checked = subprocess.run(
            [nginx_binary(), "-t", "-e", "stderr", "-p", str(work), "-c", str(work / "nginx.conf")],
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no request lines in the test output
        pass


@pytest.fixture
def behind_nginx(tmp_path):
    """A file server standing in for a replica (with Streamlit's plotly chunk, a style sheet,
    JSON and the health check nginx_in_front waits for), and nginx in front of it."""
    (tmp_path / "_stcore").mkdir()
    (tmp_path / "_stcore" / "health").write_text("ok")
    (tmp_path / "static").mkdir()
    plotly_chunk = next(STATIC.glob("PlotlyChart.*.js"))
    shutil.copy(plotly_chunk, tmp_path / "static" / "plotly.js")
    (tmp_path / "static" / "page.css").write_text("body { margin: 0; }\n" * 200)
    (tmp_path / "static" / "data.json").write_text('{"x": [1, 2, 3]}\n' * 200)
    (tmp_path / "static" / "tiny.js").write_text("let a = 1;\n")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with nginx_in_front([f"127.0.0.1:{server.server_address[1]}"]) as url:
            yield url, tmp_path
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str, gzip_ok: bool = True) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


@needs_nginx
def test_nginx_sends_scripts_styles_and_json_compressed(behind_nginx):
    url, files = behind_nginx
    for name in ("plotly.js", "page.css", "data.json"):
        headers, body = _get(f"{url}/static/{name}")
        original = (files / "static" / name).read_bytes()
        assert headers.get("content-encoding") == "gzip", (name, headers)
        assert "Accept-Encoding" in headers.get("vary", ""), headers  # caches keep both forms
        assert gzip.decompress(body) == original  # the same bytes, once unpacked
        assert len(body) < len(original) / 2, (name, len(body), len(original))
    headers, body = _get(f"{url}/static/plotly.js")
    assert len(body) < 2_000_000  # plotly.js: 4.7 MB as Streamlit sends it


@needs_nginx
def test_nginx_sends_plain_bytes_to_a_client_that_cannot_unpack_them(behind_nginx):
    url, files = behind_nginx
    headers, body = _get(f"{url}/static/plotly.js", gzip_ok=False)
    assert "content-encoding" not in headers
    assert body == (files / "static" / "plotly.js").read_bytes()
    headers, _ = _get(f"{url}/static/tiny.js")  # below gzip_min_length: not worth a header
    assert "content-encoding" not in headers
