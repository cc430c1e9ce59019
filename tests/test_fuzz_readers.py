"""Property tests of the JSON Lines record reader and the configuration loader: whatever
the bytes, they give documents and documented errors (InputError, ConfigError), never
another exception. HYPECHECK_FUZZ=slow runs many more examples."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hypecheck.config import KEYS, Config, _parse, load_config
from hypecheck.documents import Document
from hypecheck.errors import ConfigError, InputError
from hypecheck.jsonl import RecordError, stream

SLOW = os.environ.get("HYPECHECK_FUZZ") == "slow"
FUZZ = settings(max_examples=2000 if SLOW else 150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
hostile_lines = st.one_of(
    json_values.map(lambda v: json.dumps(v)),
    st.dictionaries(st.sampled_from(["text", "id", "body"]), json_values, max_size=3).map(json.dumps),
    st.text().map(lambda t: json.dumps({"text": t, "id": t[:3]})),
    st.integers(1, 3000).map(lambda n: "[" * n),
    st.integers(1, 3000).map(lambda n: '{"text": ' * n),
    st.sampled_from(['{"text": "\\ud800"}', '{"text": "a\\udfff"}', '{"id": "\\ud800", "text": "x"}',
                     '{"text": NaN}', '{"text": Infinity}', '{"text": 1' + "0" * 5000 + "}",
                     '{"text": "x"', "", "   ", "\ufeff{}"]),
    st.text(),
)


def _lines_to_bytes(lines: list[str], encoding: str, newline: str) -> bytes:
    return newline.join(lines).encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


@FUZZ
@given(
    lines=st.lists(hostile_lines, max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    max_bytes=st.integers(1, 4000),
    raw=st.binary(max_size=200),
    use_raw=st.booleans(),
)
def test_the_jsonl_reader_gives_documents_and_record_errors_only(lines, encoding, newline, max_bytes, raw, use_raw):
    data = raw if use_raw else _lines_to_bytes(lines, encoding, newline)
    numbers = []
    try:
        for item in stream(io.BytesIO(data), "f.jsonl", "text", "id" if max_bytes % 2 else None, max_bytes):
            assert isinstance(item, (Document, RecordError))
            if isinstance(item, RecordError):
                assert item.where.startswith("f.jsonl:") and "\n" not in item.detail
                numbers.append(int(item.where.rsplit(":", 1)[1]))
            else:
                text = item.source.text
                assert text.strip() and text.encode("utf-8")  # real text, valid Unicode
                numbers.append(int(item.source.name.rsplit(":", 1)[1]))
    except InputError as exc:  # the whole file: binary, or undecodable UTF-16
        assert "\n" not in str(exc)
    assert numbers == sorted(set(numbers))  # one result per line, in order


config_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=30), inner, max_size=3),
    max_leaves=8,
)
rule_like = st.sampled_from(["superlative", "shouting.caps_headline", "hype_language", "nope", "", "superlative."]) | st.text(max_size=12)


@FUZZ
@given(st.dictionaries(
    st.sampled_from([*KEYS, "unknown", "Model"]),
    st.one_of(config_values, st.lists(rule_like, max_size=3),
              st.dictionaries(st.sampled_from(["hype_language", "superlative"]) | st.text(max_size=8), st.lists(st.text(max_size=10), max_size=3)),
              st.dictionaries(rule_like, st.sampled_from(["low", "medium", "high", "loud"]))),
    max_size=4,
))
@example({"severity": {"a\nb": "high"}})
@example({"unknown\n": 1})
def test_the_config_checker_gives_a_config_or_a_config_error(table):
    try:
        config = _parse(table, Config(path=Path("x.toml")))
    except ConfigError as exc:
        assert str(exc).startswith("x.toml") and "\n" not in str(exc)
    else:
        assert isinstance(config, Config)


toml_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(['fail_above = 40', 'model = "blank"', 'enable = ["superlative"]',
                              '[severity]', '"superlative" = "high"', '[extra_terms]', 'hype_language = ["x"]',
                              '[tool.hypecheck]', 'a = [[[[', 'x = {y = {z = 1}}', '\ufeff', '\x00']),
             max_size=6).map("\n".join),
    st.integers(1, 6000).map(lambda n: "a = " + "[" * n + "]" * n),
)


@FUZZ
@given(text=toml_texts, name=st.sampled_from(["c.toml", "pyproject.toml"]), bom=st.booleans(),
       encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_the_config_loader_gives_a_config_or_a_config_error(text, name, bom, encoding):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding, "replace")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            config = load_config(path)
        except ConfigError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        else:
            assert isinstance(config, Config)
