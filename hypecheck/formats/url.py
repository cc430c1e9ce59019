"""Fetch a web page over http(s) with httpx: bounded in time, size and redirects.

Any failure (DNS, refused connection, timeout, TLS, too many redirects, an HTTP error
status, a body over the size limit) is an InputError: one line, exit code 2.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from .. import __version__
from ..errors import InputError

TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(arg: str) -> bool:
    """A scheme and "://" at the start (RFC 3986): "notes/a://b" is a path, "HTTPS://x" a URL."""
    return bool(_URL.match(arg))


@dataclass(frozen=True)
class Page:
    url: str  # where the page was finally fetched from, after redirects
    data: bytes
    content_type: str  # media type, lower case, without parameters ("" when absent)
    charset: str | None  # from the Content-Type header


def fetch(url: str, max_bytes: int, timeout: float | None = None) -> Page:
    """The page at ``url``, fetched whole within ``timeout`` seconds (default
    ``TIMEOUT_SECONDS``): connecting, redirects and every read together.

    httpx's timeouts bound each network operation, so a server sending a byte now and
    then could hold a fetch for ever; the fetch runs in a thread, given up on at the
    deadline (the thread stops at its next read).
    """
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise InputError(f"{url}: only http:// and https:// URLs can be fetched")
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    outcome: dict = {}
    done, cancelled = threading.Event(), threading.Event()

    def run():
        try:
            outcome["page"] = _fetch(url, max_bytes, timeout, cancelled)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="hypecheck-fetch", daemon=True).start()
    if not done.wait(timeout):
        cancelled.set()
        raise InputError(_late(url, timeout))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["page"]


def _late(url: str, timeout: float) -> str:
    return f"{url}: no complete answer within {timeout:g} seconds"


def _fetch(url: str, max_bytes: int, timeout: float, cancelled) -> Page:
    import httpx  # lazy: start-up time (only a URL needs it)

    headers = {
        "User-Agent": f"hypecheck/{__version__} (+https://pypi.org/project/hypecheck/)",
        "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1",
    }
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout),
            headers=headers,
        ) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    reason = response.reason_phrase or "error"
                    raise InputError(f"{url}: the server answered HTTP {response.status_code} {reason}")
                if response.is_redirect or 300 <= response.status_code < 400:
                    # followed redirects never end here: this one has no Location to follow
                    raise InputError(
                        f"{url}: the server answered HTTP {response.status_code} "
                        f"{response.reason_phrase or 'redirect'} without a Location header to follow"
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise InputError(_too_big(url, int(declared), max_bytes))
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    if cancelled.is_set():  # the caller gave up at the deadline
                        raise InputError(_late(url, timeout))
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError(_too_big(url, None, max_bytes))
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "")
                final = str(response.url)
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise InputError(_late(url, timeout)) from None
    except httpx.InvalidURL as exc:
        raise InputError(f"{url}: not a valid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({_reason(exc)})") from None
    media, _, params = content_type.partition(";")
    charset = None
    m = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", params, re.IGNORECASE)
    if m:
        charset = m.group(1)
    return Page(final, b"".join(chunks), media.strip().lower(), charset)


def _too_big(url: str, size: int | None, max_bytes: int) -> str:
    what = f"{size:,} bytes is" if size is not None else "the page is"
    return f"{url}: {what} over the size limit of {max_bytes:,} bytes (raise it with --max-bytes)"


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    # httpx wraps OS errors as "[Errno 111] Connection refused": keep the words.
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[-1])
    return text
