"""`hypecheck fix`: the rewritten text, its mending, the formats' markup, and the file safety."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from conftest import REPO, SEED
from hypecheck.cli import app

FIX = REPO / "tests" / "fixtures" / "fix"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def analyzer():
    from hypecheck.engine import Analyzer

    return Analyzer(use_classifier=False)


@pytest.fixture
def runner():
    return CliRunner()


def _fixed(analyzer, text):
    from hypecheck.fix import fix_text

    report = analyzer.analyze(text)
    return report, fix_text(text, list(report.findings)).text


def _introduced(before: str, after: str, pattern: str) -> int:
    return len(re.findall(pattern, after)) - len(re.findall(pattern, before))


def test_fixed_text_is_mended_and_keeps_everything_outside_findings(analyzer):
    text = (FIX / "teaser.txt").read_text(encoding="utf-8")
    report, fixed = _fixed(analyzer, text)
    assert report.findings and fixed != text
    # no doubled spaces, no space before punctuation, no separator left at a line's end
    assert "  " not in fixed
    assert not re.search(r"\w [,.;:!?]", fixed)
    assert not re.search(r"[—–:,;+-]\s*$", fixed, re.MULTILINE)
    # no "a" before a vowel sound: every article agrees with its word
    from hypecheck.suggestions import agree_articles

    assert agree_articles(fixed) == fixed
    assert "a opening" not in fixed and "an opening week" in fixed
    # lines without findings come through unchanged; numbers, names and quotes are kept
    flagged_lines = {f.line for f in report.findings}
    for number, line in enumerate(text.splitlines(), 1):
        if number not in flagged_lines:
            assert line in fixed.splitlines()
    for kept in ("212,000", "14 June", "Larkspur Records", '"I wrote it in a week," Reyes told', "10:00"):
        assert kept in fixed


def test_fix_leaves_few_of_the_seeds_findings(analyzer):
    if not SEED.exists():
        pytest.skip("the seed article is not on this machine")
    text = SEED.read_text(encoding="utf-8")
    report, fixed = _fixed(analyzer, text)
    with_replacement = [f for f in report.findings if f.suggestion.replacements]
    assert len(with_replacement) >= 0.6 * len(report.findings)
    assert all(f.suggestion.advice for f in report.findings)
    after = analyzer.analyze(fixed)
    assert len(after.findings) <= 0.3 * len(report.findings)
    assert "  " not in fixed and agree_ok(fixed)


def agree_ok(text: str) -> bool:
    from hypecheck.suggestions import agree_articles

    return agree_articles(text) == text


def test_cli_prints_the_fixed_text_and_lists_advice_only_findings_by_line(runner, tmp_path):
    path = tmp_path / "seedlike.txt"
    path.write_text("Headline\nThe show shattered every streaming record, and fans say it is jaw-dropping.\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Headline\nThe show shattered every streaming record, and it may be striking.\n"
    assert f"{path}:2: unverifiable_claim.record" in result.stderr
    assert path.read_text(encoding="utf-8").endswith("jaw-dropping.\n")  # never rewritten without --in-place


def test_cli_diff_output_only_and_rule(runner, tmp_path):
    src = tmp_path / "t.txt"
    shutil.copy(FIX / "teaser.txt", src)
    diff = runner.invoke(app, ["fix", str(src), "--diff"])
    assert diff.exit_code == 0 and diff.stdout.startswith(f"--- {src}")
    assert "+It is an album" in diff.stdout
    out = tmp_path / "out.txt"
    only = runner.invoke(app, ["fix", str(src), "--only", "shouting", "--output", str(out)])
    assert only.exit_code == 0 and only.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert "the final track!\n" in written and "Critics are calling" in written
    rule = runner.invoke(app, ["fix", str(src), "--rule", "vague_attribution"])
    assert "It is the album of the decade" in rule.stdout and "jaw-dropping" in rule.stdout
    bad = runner.invoke(app, ["fix", str(src), "--only", "shoutin"])
    assert bad.exit_code == 2 and "no such category" in bad.stderr
    same = runner.invoke(app, ["fix", str(src), "--output", str(src)])
    assert same.exit_code == 2 and "--in-place" in same.stderr


def test_in_place_keeps_a_backup_and_refuses_to_overwrite_it(runner, tmp_path):
    src = tmp_path / "t.txt"
    shutil.copy(FIX / "teaser.txt", src)
    original = src.read_bytes()
    result = runner.invoke(app, ["fix", str(src), "--in-place"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.txt.orig").read_bytes() == original
    assert src.read_bytes() != original and b"It is an album" in src.read_bytes()
    again = runner.invoke(app, ["fix", str(src), "--in-place"])
    assert again.exit_code == 2 and "backup is already there" in again.stderr
    assert (tmp_path / "t.txt.orig").read_bytes() == original


def test_in_place_refuses_a_file_changed_since_it_was_read(tmp_path):
    from hypecheck import fix
    from hypecheck.errors import InputError

    src = tmp_path / "t.txt"
    shutil.copy(FIX / "teaser.txt", src)
    doc = fix.read(str(src), 1_000_000)
    src.write_text("Someone else saved this meanwhile.\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed since it was read"):
        fix.write_in_place(str(src), doc, b"fixed")
    assert src.read_text(encoding="utf-8") == "Someone else saved this meanwhile.\n"
    assert not (tmp_path / "t.txt.orig").exists()


def test_markdown_keeps_code_blocks_and_links(runner):
    text = (FIX / "article.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["fix", str(FIX / "article.md")])
    assert result.exit_code == 0, result.output
    fixed = result.stdout
    code = re.search(r"```python\n.*?```\n", text, re.DOTALL).group()
    assert code in fixed
    for link in re.findall(r"\[[^\]]*\]\([^)]*\)", text):
        assert link in fixed
    assert "`jaw-dropping`" in fixed
    assert "The finale is striking." in fixed and "It is a good choice, and the [official trailer]" in fixed
    assert "article.md:12: hype_language.puffery" in result.stderr  # the link text stays; listed


def test_html_keeps_its_markup(runner):
    markup = (FIX / "page.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["fix", str(FIX / "page.html")])
    assert result.exit_code == 0, result.output
    fixed = result.stdout
    assert re.findall(r"<[^>]+>", fixed) == re.findall(r"<[^>]+>", markup)  # every tag as it was
    assert '<a href="https://example.com/interview">jaw-dropping interview</a>' in fixed
    assert "Ren&eacute;e" in fixed
    assert "It is a thriller." in fixed and "The finale is striking." in fixed


@pytest.mark.parametrize(("text", "fixed"), [
    # the attribution goes and its object becomes the subject; the crown goes too
    ("Critics are calling it the thriller of the decade.", "It is a thriller."),
    # two deletions side by side: the verb of calling keeps its complement ("striking")
    ("It has a view which critics call breathtaking.", "It has a view which is striking."),
    ("Critics are calling it breathtaking.", "It is striking."),
    # where the sentence does not stand without the group, it stays
    ("Box office experts say it earned $300 million.", "Box office experts say it earned $300 million."),
])
def test_an_unnamed_attribution_goes_only_where_the_sentence_stands_without_it(analyzer, text, fixed):
    report, result = _fixed(analyzer, text)
    assert result == fixed
    assert "  " not in result and not re.search(r"\w [,.;:!?]", result) and agree_ok(result)
    if result != text:
        assert not [f for f in analyzer.analyze(result).findings if f.category == "vague_attribution"]


@pytest.mark.parametrize(("clause", "hedged"), [
    ("the band will tour in May.", "the band may tour in May."),
    ("it is coming", "it may be coming"),
    ("they had sold out", "they may have sold out"),
    ("it had problems", "it may have had problems"),
    ("it could rain", "it could rain"),
    ("no verb here", None),
])
def test_hedge_without_a_tagger_makes_the_auxiliary_uncertain(clause, hedged):
    from hypecheck.mending import hedge

    assert hedge(clause) == hedged


@pytest.mark.parametrize(("text", "fixed"), [
    ("Users report the battery lasts two days.", "The battery may last two days."),
    ("Insiders say the studio earned $40 million.", "The studio may have earned $40 million."),
    # an irregular past has no safe participle: the attribution stays
    ("Insiders say the studio sold the rights.", "Insiders say the studio sold the rights."),
])
def test_a_dropped_attribution_leaves_its_claim_uncertain(analyzer, text, fixed):
    from hypecheck.fix import fix_text

    report = analyzer.analyze(text)
    assert fix_text(text, list(report.findings), analyzer.pipeline.nlp).text == fixed


def test_inflect_is_imported_without_changing_typeguard_for_anyone_else():
    import typeguard

    from hypecheck import suggestions

    before = typeguard.typechecked
    engine = suggestions._inflect()
    assert typeguard.typechecked is before
    assert engine.a("hour") == "an hour" and engine.a("university") == "a university"
