"""The claims ledger (hypecheck/claims): numbers as written, what each claim is about, the
comparisons that make contradictions and the ones that must not, and `hypecheck claims`."""

from __future__ import annotations

import json
import re

import pytest

from hypecheck.claims.numbers import numbers, same_as_written


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$1.2bn", 1.2e9, "USD"),
        ("£68M", 68e6, "GBP"),
        ("$48 million", 48e6, "USD"),
        ("40,000", 40000, None),
        ("two-and-a-half", 2.5, None),
        ("a dozen", 12, None),
        ("one hundred and ten", 110, None),
        ("20k", 20000, None),
    ],
)
def test_numbers_as_written(text, value, currency):
    (n,) = list(numbers(text))
    assert n.value == pytest.approx(value) and n.currency == currency and n.text == text


def test_a_bare_letter_after_a_number_is_a_scale_only_for_money():
    (n,) = list(numbers("5m away"))
    assert n.value == 5 and n.text == "5"


def test_rounding_as_written_agrees_and_different_values_do_not():
    assert same_as_written(1.24e9, 3, 1.2e9, 2)  # "$1.24 billion" and "the $1.2 billion mark"
    assert not same_as_written(61e6, 2, 48e6, 2)


@pytest.fixture(scope="module")
def nlp(english_nlp):
    return english_nlp


def _ledger(nlp, text):
    from hypecheck.claims import ledger

    return ledger(nlp(text))


def _conflicts(nlp, text):
    from hypecheck.claims import conflicts

    return conflicts(nlp(text))


def test_money_count_percent_and_measures_carry_value_unit_and_thing(nlp):
    claims = _ledger(nlp, "Harrowgate paid $1.2bn for 40,000 homes, a 12% rise in revenue.\n"
                          "The island is a two-hour ferry ride away, 62 kilometres from the coast.")
    by_kind = {c.kind: c for c in claims}
    assert by_kind["money"].value == 1.2e9 and by_kind["money"].unit == "USD"
    assert by_kind["count"].value == 40000 and "home" in by_kind["count"].topic
    assert by_kind["percent"].value == 12 and "revenue" in by_kind["percent"].topic
    assert by_kind["duration"].value == 120 and by_kind["duration"].unit == "min"
    assert by_kind["distance"].value == 62 and by_kind["distance"].line == 2


def test_ranges_and_approximations_are_recorded(nlp):
    claims = _ledger(nlp, "Audiences are at 78–80% on the Popcornmeter. About 8,000 customers lost power.")
    percent = next(c for c in claims if c.kind == "percent")
    assert (percent.low, percent.high, percent.text) == (78, 80, "78–80%")
    count = next(c for c in claims if c.kind == "count")
    assert count.approx == "about"


def test_the_seed_ledger_lists_its_figures(nlp, seed_text):
    from hypecheck.claims import ledger

    shown = {(c.kind, c.text) for c in ledger(nlp(seed_text))}
    for expected in [("percent", "100%"), ("count", "10-episode"), ("count", "10 episodes"),
                     ("date", "July 9, 2025"), ("percent", "78–80%"), ("count", "seven seasons"),
                     ("count", "three seasons")]:
        assert expected in shown, expected


CONTRADICTIONS = [
    ("money", "Harrowgate buys Loafline in $48 million deal\n\nAnalysts said the $61 million Harrowgate is paying looked generous."),
    ("count", "Ice storm leaves 4,700 homes without power\n\nThe county was worried about the roughly 11,000 homes left in the dark."),
    ("percent", "Norrland reported a 12% rise in annual revenue on Thursday.\n\nAnalysts had expected the 8% increase in revenue to be weaker."),
    ("duration", "The island is only a 40-minute ferry ride from Castrel.\n\nThe last boat leaves at 6:15 p.m., and the two-and-a-half-hour crossing to Castrel is long."),
    ("age", "This week, the 19-year-old from Sierra Leone is ranked 11th.\n\n\"I play for the girls back home,\" said the 22-year-old."),
    ("chart", "\"Quarry Road\" ranked No. 1 among English-language shows worldwide.\n\nFor now, \"Quarry Road\" sits as the platform's No. 4 English-language series worldwide."),
    ("score", "The Gulls beat Marston Rovers 3-1 on Saturday.\n\nThe 2-1 win leaves the Gulls three points clear."),
    ("date", "The free event takes place this Saturday, starting at 5:30 p.m.\n\nVolunteers are needed to steward Sunday's walk."),
    ("place", "A 2-0 victory at Riverside Stadium on Saturday confirmed promotion.\n\nFans spilled onto the Kelham Park turf as the celebrations began."),
    ("availability", "Moss & Marrow arrived this week as a Switch exclusive.\n\nMoss & Marrow is out now on PlayStation 5 and PC."),
    ("contact", "The owner, Graham Pike, told us on Thursday that the hall would reopen.\n\nPike did not respond to repeated requests for comment."),
]

# Other wordings of the same conflicts (issue 14, second round): a headline figure and a body
# figure that share only the words around them, a chart entry referred back to without the
# chart's name, the event word at a weekday, one unit "a mile from", a no-contact "she".
CONTEXT_CONTRADICTIONS = [
    ("money", "Harwell Dairies snaps up Northfield oat milk maker for £68M\n\nThe deal closed on Wednesday.\n\n"
              "Analysts argued the £86 million Harwell paid for the oat milk maker was fair."),
    ("count", "Factory will bring 450 jobs to Dunmore\n\nThe plant opens in the spring.\n\nHiring for the 540 new positions starts in June."),
    ("chart", "Vale scores a chart-topper\n\n\"Paper Satellites\" debuted at No. 1 on the Billboard Hot 100 this week.\n\n"
              "Still, the No. 3 debut is a career best for Vale."),
    ("date", "Hurricane Delia expected to make landfall Thursday night\n\nThe storm strengthened on Tuesday.\n\n"
             "Crews are ready to move in after Wednesday night's landfall."),
    ("distance", "Hilltop cottage for sale\n\nThe cottage is just a mile from the station.\n\nBuyers will enjoy the easy 4-mile walk to the station."),
    ("contact", "\"I needed to find out who I was,\" Marla Quinn told us last week.\n\nQuinn's break began abruptly. "
                "She has given few interviews since, and she has never spoken to this publication."),
]


@pytest.mark.parametrize(("kind", "text"), CONTEXT_CONTRADICTIONS, ids=[k for k, _ in CONTEXT_CONTRADICTIONS])
def test_other_wordings_of_a_contradiction_are_found(nlp, kind, text):
    kinds = {c.kind for c in _conflicts(nlp, text)}
    assert kind in kinds, f"no {kind} conflict in {kinds}"


# Near-misses the comparison by context must leave alone.
CONTEXT_NEAR_MISSES = [
    "Coastal cottage sells for $1.15 million\n\nThe cottage on Harbor Lane has sold for $1.15 million.\n\nIt last sold in 2009 for $540,000.",
    "Tidewell raises $25M Series A\n\nTidewell announced a $25 million Series A funding round.\n\nThe round follows a $6 million seed round in 2022.",
    "Tesco to pay £129m fine\n\nTesco is to pay out £235m to settle investigations. It will pay a fine of £129m. "
    "It agreed to pay about £85m in compensation to investors.",
    "Retailer to close 62 stores\n\nThe chain will close 62 stores across the UK.\n\nIt will keep 85 stores in city centres.",
    "How much exercise do you need?\n\nAdults should aim for two and a half hours of moderate activity a week.\n\n"
    "One in three adults gets less than 30 minutes of moderate activity a week.",
    "Ipsos puts Ruiz at 42%\n\nIpsos has Ruiz at 42% support.\n\nA YouGov poll put her at 38% support.",
    "Planet Earth leads with nine nominations\n\nThe documentary has received nine nominations. The Crown follows with seven nominations.",
]


@pytest.mark.parametrize("text", CONTEXT_NEAR_MISSES, ids=range(len(CONTEXT_NEAR_MISSES)))
def test_the_comparison_by_context_keeps_its_guards(nlp, text):
    assert _conflicts(nlp, text) == []


@pytest.mark.parametrize(("kind", "text"), CONTRADICTIONS, ids=[k for k, _ in CONTRADICTIONS])
def test_contradictions_are_found_with_both_passages(nlp, kind, text):
    found = [c for c in _conflicts(nlp, text) if c.kind == kind]
    assert found, f"no {kind} conflict"
    conflict = found[0]
    assert conflict.other.start < conflict.claim.start
    assert "line 3" in conflict.message  # names the later line, and the earlier passage
    assert conflict.other.line == 1


NOT_CONTRADICTIONS = [
    "About 8,000 customers were without electricity at 7 a.m.\n\nBy 6 p.m. that figure had grown to 21,500 customers.",
    "Outages rose from 40,000 homes to 83,000 homes overnight.\n\nThe 83,000 homes were restored by Friday.",
    "The expo drew about 40,000 visitors.\n\nOrganisers recorded the 41,200 visitors at the gates.",
    "The film opened to $38 million at home.\n\nIts worldwide total now stands at $112 million.",
    "The standard edition costs $39.99.\n\nThe $59.99 deluxe edition adds a soundtrack.",
    "\"More than 5,000 of you came,\" the mayor said.\n\nPolice estimated the crowd at around 3,200.",
    "Zara Whitcombe, 31, married on Saturday at a hotel in the Cotswolds.\n\nFreddie Whitcombe, 27, married in June on a beach in Bali. Two weddings in one summer.",
    "The single entered the Hot 100 at No. 7.\n\nThis week it climbs five places to No. 2 on the Hot 100.",
    "Santangelo is on 44% in the Herald poll.\n\nA second poll put Santangelo at 49%.",
    "The journey takes two hours by train.\n\nThat is 120 minutes of nothing to do.",
    "Moss & Marrow arrived this week as a timed Switch exclusive.\n\nIt will come to PC next year.",
]


@pytest.mark.parametrize("text", NOT_CONTRADICTIONS, ids=range(len(NOT_CONTRADICTIONS)))
def test_change_approximation_other_things_and_sourcing_are_not_contradictions(nlp, text):
    assert _conflicts(nlp, text) == []


def test_a_finding_names_both_values_and_lines(nlp_analyzer):
    report = nlp_analyzer.analyze(
        "Harrowgate buys Loafline in $90 million deal\n\nAnalysts said the $72 million Harrowgate is paying was high."
    )
    (finding,) = [f for f in report.findings if f.rule == "contradiction.money"]
    assert finding.text == "$72 million" and finding.related.text == "$90 million"
    assert "$90 million" in finding.message and "$72 million" in finding.message
    assert "headline" in finding.message.lower() and "line 3" in finding.message


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Harrowgate buys Loafline in $48 million deal\n\nThe chain has 23 bakeries and opened on "
                    "March 3, 2024.\n", encoding="utf-8")
    return path


@pytest.mark.model
def test_claims_command_json_lists_each_claim_with_value_and_line(nlp, article):
    from typer.testing import CliRunner

    from hypecheck.cli import app

    result = CliRunner().invoke(app, ["claims", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {(c["kind"], c["text"], c["line"]) for c in data["claims"]}
    assert ("money", "$48 million", 1) in rows and ("count", "23 bakeries", 3) in rows
    assert ("date", "March 3, 2024", 3) in rows
    money = next(c for c in data["claims"] if c["kind"] == "money")
    assert money["value"] == 48e6 and money["unit"] == "USD"


@pytest.mark.model
def test_claims_command_csv_and_table(nlp, article):
    from typer.testing import CliRunner

    from hypecheck.cli import app

    runner = CliRunner()
    csv_out = runner.invoke(app, ["claims", str(article), "-f", "csv"])
    assert csv_out.exit_code == 0
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("line,kind,text,value") and any("$48 million" in line for line in lines[1:])
    table = runner.invoke(app, ["claims", str(article), "--no-color"])
    assert table.exit_code == 0 and "$48 million" in table.stdout and "23 bakeries" in table.stdout


def test_claims_command_refuses_a_missing_file_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from hypecheck.cli import app

    result = CliRunner().invoke(app, ["claims", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "nope.txt" in result.stderr


# --- the HTML report links the two passages ------------------------------------------------------


def test_html_links_a_contradiction_to_the_passage_it_contradicts(nlp_analyzer):
    from hypecheck.render import html_report

    text = "Harrowgate buys Loafline in $90 million deal\n\nAnalysts said the $72 million Harrowgate is paying was high."
    report = nlp_analyzer.analyze(text)
    n = next(i for i, f in enumerate(report.findings, 1) if f.rule == "contradiction.money")
    page = html_report.render(report)
    anchor = f'id="d0-r{n}"'
    assert anchor in page and f'href="#d0-r{n}"' in page and f'href="#d0-m{n}"' in page
    # the anchor stands where the contradicted passage starts
    assert re.search(rf'{anchor}><a [^>]*>[^<]*</a></sup>\$90 million', page)
