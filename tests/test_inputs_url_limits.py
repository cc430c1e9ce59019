"""The URL fetch's time limit covers the whole fetch, and a redirect without a Location says
so (issue 12, items 9 and 11). A local server on 127.0.0.1; nothing reaches the internet."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hypecheck.errors import InputError
from hypecheck.formats import url as url_module
from hypecheck.sources import read_any

TRICKLE_BYTES = 120  # at one byte every 0.5 s, a minute: far beyond the limits below


class _Handler(BaseHTTPRequestHandler):
    sent: dict[str, int] = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(TRICKLE_BYTES))
            self.end_headers()
            try:
                for i in range(TRICKLE_BYTES):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    _Handler.sent["trickle"] = i + 1
                    time.sleep(0.5)
            except OSError:  # the client hung up, as it should
                pass
            return
        if self.path == "/nowhere":
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_a_server_trickling_bytes_is_cut_off_by_the_whole_fetch_limit(server, monkeypatch):
    # Each byte comes well within the per-read timeout; only a limit on the whole fetch
    # stops it before all 120 bytes (a minute) have come.
    monkeypatch.setattr(url_module, "TIMEOUT_SECONDS", 2.0)
    with pytest.raises(InputError, match=r"/trickle: no complete answer within 2 seconds$"):
        read_any(f"{server}/trickle")
    assert _Handler.sent.get("trickle", 0) < TRICKLE_BYTES


def test_the_limit_can_be_given_per_call(server):
    with pytest.raises(InputError, match="no complete answer within 1.5 seconds"):
        url_module.fetch(f"{server}/trickle", 10_000, timeout=1.5)


def test_a_redirect_without_location_says_so(server):
    with pytest.raises(InputError) as caught:
        read_any(f"{server}/nowhere")
    message = str(caught.value)
    assert message == f"{server}/nowhere: the server answered HTTP 302 Found without a Location header to follow"
    assert "empty" not in message
