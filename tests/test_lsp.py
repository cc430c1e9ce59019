"""`hypecheck lsp` as an editor runs it: a subprocess spoken to in JSON-RPC over stdio."""

from __future__ import annotations

import pytest

from conftest import HAS_MODEL, SEED
from lsp_client import Client

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not HAS_MODEL, reason="no English statistical pipeline installed"),
]

SOBER = "The council met on Tuesday and approved next year's budget by seven votes to two."


def utf16_position(text: str, offset: int) -> dict:
    """Computed here from first principles: lines end at \\n, characters count UTF-16 units."""
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": len(text[line_start:offset].encode("utf-16-le")) // 2}


def range_of(text: str, phrase: str) -> dict:
    start = text.index(phrase)
    return {"start": utf16_position(text, start), "end": utf16_position(text, start + len(phrase))}


@pytest.fixture
def client(tmp_path):
    c = Client(tmp_path)
    yield c
    c.kill()


def start(client, capabilities=None, options=None) -> dict:
    result = client.request("initialize", {
        "processId": None, "rootUri": None, "capabilities": capabilities or {},
        "initializationOptions": options,
    })
    client.notify("initialized", {})
    return result


def open_doc(client, uri: str, text: str, language: str = "plaintext", version: int = 1) -> None:
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}})


def change(client, uri: str, text: str, version: int) -> None:
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})


def test_seed_with_an_emoji_gets_exact_utf16_ranges_then_a_sober_text_clears_them(client, tmp_path):
    if not SEED.exists():
        pytest.skip(f"the user's seed article is not at {SEED} (it lives in ../shared beside the checkout)")
    seed = SEED.read_text(encoding="utf-8")
    claim, headline = "#1 crime event on Netflix right now", "BOSCH CAN’T COMPETE!"
    line_start = seed.index("The " + claim)
    text = seed[:line_start] + "🔥🔥 " + seed[line_start:]  # astral characters: 2 UTF-16 units each
    uri = (tmp_path / "ballard.txt").as_uri()

    result = start(client)
    assert result["capabilities"]["positionEncoding"] == "utf-16"
    open_doc(client, uri, text)
    diagnostics = client.diagnostics(uri, 1)

    by_range = {}
    for d in diagnostics:
        by_range.setdefault((d["range"]["start"]["line"], d["range"]["start"]["character"],
                             d["range"]["end"]["line"], d["range"]["end"]["character"]), []).append(d)
    claim_range, headline_range = range_of(text, claim), range_of(text, headline)
    key = lambda r: (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])  # noqa: E731
    claim_codes = {d["code"] for d in by_range.get(key(claim_range), [])}
    assert "unverifiable_claim.ranking" in claim_codes
    shouting = by_range.get(key(headline_range), [])
    assert [d["code"] for d in shouting] == ["shouting.caps_headline"]
    caps = shouting[0]
    assert caps["severity"] == 1  # high -> Error
    assert caps["source"] == "hypecheck"
    assert caps["codeDescription"]["href"].startswith(("https://", "file://"))
    assert caps["message"]
    # Every range is inside the text, and each covers the text the finding names.
    assert {d["severity"] for d in diagnostics} <= {1, 2, 3}
    contradiction = next(d for d in diagnostics if d["code"] == "contradiction.platform")
    related = contradiction["relatedInformation"][0]
    assert related["location"]["uri"] == uri and "Prime Video" in related["message"]

    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": headline_range["start"]})
    assert "shouting.caps_headline" in hover["contents"]["value"]
    assert "style guides" in hover["contents"]["value"]  # the rule's rationale

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": claim_range, "context": {"diagnostics": []},
    })
    assert isinstance(actions, list)  # plain text has no comment syntax to suppress with

    change(client, uri, SOBER, 2)
    assert client.diagnostics(uri, 2) == []
    assert client.close() == 0


def test_utf8_is_used_when_the_client_prefers_it_and_markdown_offers_a_suppression(client, tmp_path):
    text = "# Launch notes\n\n🎉 Our new phone is the best phone ever made, and critics are calling it a triumph.\n"
    uri = (tmp_path / "notes.md").as_uri()
    result = start(client, {"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    assert result["capabilities"]["positionEncoding"] == "utf-8"
    open_doc(client, uri, text, "markdown")
    diagnostics = client.diagnostics(uri, 1)
    superlative = next(d for d in diagnostics if d["code"].startswith("superlative."))
    phrase_start = text.index("the best phone ever")
    line_start = text.rfind("\n", 0, phrase_start) + 1
    assert superlative["range"]["start"] == {"line": 2, "character": len(text[line_start:phrase_start].encode("utf-8"))}

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": superlative["range"], "context": {"diagnostics": [superlative]},
    })
    fix = next(a for a in actions if superlative["code"] in a["title"])
    (edit,) = fix["edit"]["changes"][uri]
    assert edit["range"]["start"] == edit["range"]["end"] == {"line": 2, "character": 0}
    lines = text.split("\n")
    lines[2] = edit["newText"] + lines[2]
    change(client, uri, "\n".join(lines), 2)
    codes = [d["code"] for d in client.diagnostics(uri, 2)]
    assert superlative["code"] not in codes  # the comment silences the rule there
    assert any(c.startswith("vague_attribution.") for c in codes)  # and nothing else
    assert client.close() == 0


def test_bad_inputs_and_configuration_are_diagnostics_and_the_server_goes_on(client, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".hypecheck.toml").write_text("fail_above = 'high'\n", encoding="utf-8")
    start(client, options={"debounce": 1000})

    code_only = (tmp_path / "code.md").as_uri()
    open_doc(client, code_only, "```\nprint('THE BEST EVER!!!')\n```\n", "markdown")
    (problem,) = client.diagnostics(code_only, 1)
    assert "nothing to analyse" in problem["message"]

    configured = (broken / "draft.txt").as_uri()
    open_doc(client, configured, "The best phone ever made!")
    (problem,) = client.diagnostics(configured, 1)
    assert ".hypecheck.toml" in problem["message"] and "fail_above" in problem["message"]
    assert problem["severity"] == 1

    # Quick edits: only the last version is analysed and published.
    uri = (tmp_path / "draft.txt").as_uri()
    open_doc(client, uri, "The best phone ever made!")
    change(client, uri, "The most amazing phone ever made!", 2)
    change(client, uri, SOBER, 3)
    assert client.diagnostics(uri, 3) == []
    assert not any(m.get("params", {}).get("version") == 2 for m in client.notifications)
    assert client.close() == 0
