"""URLs: fetched from a local HTTP server started by the test; nothing reaches the internet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import FIXTURES
from hypecheck.errors import InputError
from hypecheck.formats.url import fetch
from hypecheck.sources import read_any

INPUTS = FIXTURES / "inputs"
NEWS = (INPUTS / "news-page.html").read_bytes()
LATIN_BODY = (
    "<html><head><meta charset='utf-8'><title>x</title></head><body><article><h1>Caf\u00e9s reopen</h1><p>"
    + "The caf\u00e9s on the square reopened on Monday after the floods. " * 3
    + "</p></article></body></html>"
).encode("cp1252")


class _Handler(BaseHTTPRequestHandler):
    routes = {
        "/page.html": (200, "text/html; charset=utf-8", NEWS),
        "/latin": (200, "text/html; charset=ISO-8859-1", LATIN_BODY),
        "/notes": (200, "text/markdown", b"# HUGE NEWS TODAY\n\nSee `code` and [docs](http://x.example/BEST).\n"),
        "/plain": (200, "text/plain", b"Council approves budget\nThe council voted 7-2.\n"),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/big": (200, "text/html", b"<html><body>" + b"x" * 5000 + b"</body></html>"),
    }

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/old":
            return self._send(301, "text/plain", b"", {"Location": "/page.html"})
        if self.path == "/loop":
            return self._send(302, "text/plain", b"", {"Location": "/loop"})
        if self.path == "/slow":
            time.sleep(2)
            return self._send(200, "text/plain", b"late")
        if self.path == "/broken":
            return self._send(500, "text/plain", b"oops")
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self._send(status, ctype, body)

    def _send(self, status, ctype, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_url_is_fetched_and_read_as_html(server):
    source = read_any(f"{server}/page.html")
    assert source.name == f"{server}/page.html"
    assert source.format == "html" and source.headline == "Record-Breaking Heatwave Hits Valley Towns"
    assert "cookies" not in source.text and "Temperatures in the Marlow valley" in source.text


def test_charset_from_the_http_header(server):
    source = read_any(f"{server}/latin")
    assert source.headline == "Cafés reopen" and source.encoding == "cp1252"
    assert any("HTTP header declares ISO-8859-1" in n for n in source.notes)


def test_content_type_picks_the_format(server):
    notes = read_any(f"{server}/notes")
    assert notes.format == "markdown" and notes.headline == "HUGE NEWS TODAY"
    assert "BEST" not in notes.nlp_text
    assert read_any(f"{server}/plain").format == "text"


def test_redirects_are_followed_and_noted(server):
    source = read_any(f"{server}/old")
    assert source.headline == "Record-Breaking Heatwave Hits Valley Towns"
    assert f"fetched from {server}/page.html after redirection" in source.notes


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404"),
        ("/broken", "HTTP 500"),
        ("/loop", "more than 5 redirects"),
        ("/image.png", "not a web page or text (Content-Type: image/png)"),
    ],
)
def test_fetch_errors_are_input_errors(server, path, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_any(f"{server}{path}")


def test_size_limit_and_timeout(server):
    with pytest.raises(InputError, match="over the size limit of 1,000 bytes"):
        read_any(f"{server}/big", max_bytes=1000)
    with pytest.raises(InputError, match="no complete answer within 0.5 seconds"):
        fetch(f"{server}/slow", 10_000, timeout=0.5)


def test_only_http_and_https():
    for url in ("ftp://example.com/a.html", "file:///etc/passwd"):
        with pytest.raises(InputError, match="only http:// and https://"):
            read_any(url)


def _cli(*args):
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(NO_PROXY="127.0.0.1,localhost", HYPECHECK_MODEL="blank", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "hypecheck", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_analyses_a_page_from_a_local_server(server):
    result = _cli(f"{server}/page.html", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] == f"{server}/page.html"
    assert data["headline"] == "Record-Breaking Heatwave Hits Valley Towns"
    assert any("text extracted from HTML" in n for n in data["notes"])
    assert data["suppressed"] == 0


def test_cli_network_failure_is_one_line_and_exit_2(server):
    result = _cli(f"{server}/missing")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"hypecheck: error: {server}/missing: the server answered HTTP 404 Not Found"]
    refused = _cli("http://127.0.0.1:9/nothing-listens-here")
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert refused.stderr.startswith("hypecheck: error: http://127.0.0.1:9/nothing-listens-here: cannot fetch")
