"""HTML bytes: does it open like a page, and which charset does it declare.

A BOM comes first, then the HTTP header's charset, then ``<meta charset>``, then the
plain-text rules of ``formats.text``.
"""

from __future__ import annotations

import codecs
import re

from .text import BOMS, codec_for
from .text import decode as decode_text

_SNIFF = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def looks_like_html(data: bytes) -> bool:
    """True when the bytes open like an HTML document (doctype, <html>, <head> or <body>)."""
    head = data[:2048]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom):]
            if bom is not codecs.BOM_UTF8:
                head = head.decode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be", "ignore").encode()
            break
    return bool(_SNIFF.match(head))


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``<meta http-equiv>`` declares in the first 4 KB."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def decode(data: bytes, name: str, header_charset: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding, notes): BOM, then the HTTP header, then <meta charset>, then sniffing."""
    if data.startswith(BOMS):
        text, encoding = decode_text(data, name)
        return text, encoding, ()
    for label, where in ((header_charset, "the HTTP header"), (declared_charset(data), "<meta charset>")):
        if not label:
            continue
        codec = codec_for(label)
        if codec is None:
            continue  # unknown label: fall through to the next clue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text, encoding = decode_text(data, name)
            return text, encoding, (f"the page declares {label} in {where} but is not valid {label}; decoded as {encoding}",)
        if codec.startswith("utf-16") or "\x00" not in text:
            note = () if codec == "utf-8" else (f"decoded as {codec} ({where} declares {label})",)
            return text, codec, note
    text, encoding = decode_text(data, name)
    note = () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)
    return text, encoding, note
