"""A small JSON-RPC client for tests: starts `hypecheck lsp` and talks to it over stdio."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class Client:
    def __init__(self, cwd: Path, env: dict | None = None) -> None:
        environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hypecheck", "lsp"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=cwd, env=environment,
        )
        self._messages: queue.Queue = queue.Queue()
        self._next_id = 0
        self.notifications: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._stderr: list[bytes] = []
        threading.Thread(target=lambda: self._stderr.extend(self.process.stderr), daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self._messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self._messages.put(json.loads(body.decode("utf-8")))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict | None = None) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict | None = None, timeout: float = 120) -> dict:
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply.get("result")

    def wait(self, match, timeout: float = 120) -> dict:
        """The first message (kept notifications first) that ``match`` accepts."""
        for i, message in enumerate(self.notifications):
            if match(message):
                return self.notifications.pop(i)
        while True:
            try:
                message = self._messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no expected message within {timeout} s; stderr: {self.stderr}") from None
            if message is None:
                raise AssertionError(f"the server closed its output; stderr: {self.stderr}")
            if match(message):
                return message
            if "method" in message and "id" in message:  # a request from the server: accept it
                self._send({"id": message["id"], "result": None})
            else:
                self.notifications.append(message)

    def diagnostics(self, uri: str, version: int, timeout: float = 120) -> list[dict]:
        message = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"].get("version") == version,
            timeout,
        )
        return message["params"]["diagnostics"]

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def close(self) -> int:
        """shutdown, exit; the process's exit code."""
        self.request("shutdown")
        self.notify("exit")
        self.process.stdin.close()
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
