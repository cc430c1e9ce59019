"""Ranks and event dates by construction (hypecheck/claims/events.py, entries.py, timing.py,
word lists in claims/events.yaml): positions as ordinals and number words, when a position
holds, the occasion of a date, and relative starts; with the near-misses they must leave alone."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(english_nlp):
    return english_nlp


def _claims(nlp, text, kind):
    from hypecheck.claims import ledger

    return [c for c in ledger(nlp(text)) if c.kind == kind]


def _conflicts(nlp, text, kind):
    from hypecheck.claims import conflicts

    return [c for c in conflicts(nlp(text)) if c.kind == kind]


@pytest.mark.parametrize(("text", "value", "when"), [
    ("The show sat third on Netflix's non-English TV list for the week.", 3, ""),
    ("Halden University climbs to 12th in national rankings.", 12, "moved"),
    ("Its launch-weekend peak of fourth on Steam's global top-sellers list came without marketing.", 4, "period"),
    ("The single debuts at No. 2 in the UK.", 2, ""),
    ("Ilić rose to a career-high world No. 5 on Monday.", 5, "moved"),
])
def test_positions_are_read_from_their_construction(nlp, text, value, when):
    (rank,) = _claims(nlp, text, "rank")
    assert (rank.value, rank.detail["when"]) == (value, when)


def test_a_position_referred_back_keeps_no_chart_of_its_own(nlp):
    (entry,) = _claims(nlp, "Entering the chart at number five, \"Glass Harbour\" is her best yet.", "rank")
    assert entry.value == 5 and entry.detail.get("entry") and not entry.topic
    (ref,) = _claims(nlp, "His new ranking of eighth makes him the top Serbian man.", "rank")
    assert ref.value == 8 and ref.detail.get("ranking_ref")


def test_a_launch_weekend_and_a_debut_week_are_named_periods(nlp):
    (rank,) = _claims(nlp, "\"Hollowmere\" was the No. 1 seller on Steam worldwide over its launch weekend.", "rank")
    assert rank.detail["period"] == "launch weekend" and not rank.change  # "was" of a named period is no change


FLAGGED = [
    "Tidewater climbs to fourth in the national rankings\n\nParents cite the No. 9 national ranking published this week.",
    "\"Lanterns\" sat at No. 1 on Spotify's global chart in its debut week.\nThe song came in sixth on Spotify's global chart for the week.",
    "Orla Quinn rose to a career-best world No. 3 in Monday's rankings.\nHer new ranking of seventh keeps her seeded.",
]


@pytest.mark.parametrize("text", FLAGGED, ids=range(len(FLAGGED)))
def test_two_positions_of_one_time_on_one_chart_contradict(nlp, text):
    assert _conflicts(nlp, text, "chart")


NOT_FLAGGED = [
    # a moved-to position against the debut: a change over time
    "\"Lanterns\" debuted at No. 9 on Spotify's global chart.\nThis week it climbs to No. 2 on Spotify's global chart.",
    # a period's position against this week's
    "\"Lanterns\" was No. 1 on Spotify's global chart in its debut week.\nThis week it sits sixth on Spotify's global chart.",
    # the paid and the free list
    "Tandem is the No. 1 paid Productivity app in the UK's App Store.\nIt reached No. 6 among free Productivity apps in the UK.",
    # another title
    "\"Lanterns\" sat at No. 1 on Spotify's global chart in its debut week.\n\"Harbour\" sat sixth on Spotify's global chart for the week.",
    # a ranking in another table
    "Orla Quinn rose to world No. 3 in Monday's rankings.\nHer new ranking of 12th in doubles is her best.",
    # last year's ranking
    "Orla Quinn rose to world No. 3 in Monday's rankings.\nHer ranking of seventh last year was her best until then.",
    # two players, two teams named before their positions
    "Sinner climbed to No. 2 in the world rankings on Monday. Zverev dropped to No. 5 in the world rankings after his loss.",
    "Taylor Swift's album debuted at No. 1 on the Billboard 200.\n\nDrake's album sits at No. 3 on the Billboard 200 this week.",
    "Halden climbs to 12th in national rankings\n\nRival Easton University fell to 18th in the national rankings.",
    # a later week is another period
    "The show was No. 1 on Netflix's global Top 10 in its debut week.\n\nIt sat third on Netflix's global Top 10 in its second week.",
    # two regions, two polls
    "The app hit No. 1 in the App Store's Games chart in the US.\n\nIn the UK, it sits at No. 4 in the App Store's Games chart.",
    "The team moved up to fourth in the AP Poll on Sunday.\n\nThe Tigers are now ranked No. 4 in the AP Poll and No. 6 in the Coaches Poll.",
    # race results are not chart positions: an ordinal needs a chart's word
    "Hamilton finished third in Sunday's race on the Monaco circuit.\n\nOn Saturday Hamilton came fifth in qualifying on the same circuit.",
    "Norris sat second in the drivers' standings on Friday.\n\nNorris finished 4th in the sprint on Saturday.",
]


@pytest.mark.parametrize("text", NOT_FLAGGED, ids=range(len(NOT_FLAGGED)))
def test_positions_of_other_times_lists_and_titles_do_not(nlp, text):
    assert _conflicts(nlp, text, "chart") == []


def test_an_attributive_weekday_refers_back_to_its_event(nlp):
    text = "The EP was released Friday on Harbour Records.\nShe marked the EP's Wednesday release with a show."
    (day,) = [c for c in _claims(nlp, text, "weekday") if c.value == "Wednesday"]
    assert day.definite and day.detail["occasion"] == "release"
    assert _conflicts(nlp, text, "date")


@pytest.mark.parametrize("text", [
    "The play previews Tuesday, May 6\n\nThe opening-night performance on Friday, May 9, is sold out.",
    "The film premieres Friday at the Berlin festival.\nIts Thursday release in cinemas comes a week later.",
    "The tour opens Thursday in Leeds.\nThe opening night on Friday in York is sold out.",
    # a release party, a new wing's opening night, an opening-night party that is a preview
    "The album was released Friday.\n\nThe singer's Thursday release party drew fans.",
    "The museum opens Thursday, March 6\n\nIts new wing's opening night on Friday, March 7, is for members.",
    "The exhibition opens Thursday, March 6\n\nMembers can attend the opening-night party on Wednesday, March 5, a preview of the show.",
    # shows recur; another version's launch; a text with previews ("opens" may be the first one)
    "The band's Friday show at the Arena sold out in minutes.\n\nTickets remain for the band's Saturday show.",
    "The game launches Tuesday on PC.\n\nThe console version's Thursday launch follows.",
    "The show opens Thursday, May 8\n\nPreviews run from Monday. The opening-night gala on Friday, May 9 is invitation only.",
])
def test_two_occasions_are_two_events(nlp, text):
    assert _conflicts(nlp, text, "date") == []


def test_an_opening_named_twice_in_headline_and_body_contradicts(nlp):
    text = "The Lyric's winter show opens Friday, May 9\n\nStay for a drink after the opening-night performance on Saturday, May 10."
    (conflict,) = _conflicts(nlp, text, "date")
    assert (conflict.other.value, conflict.claim.value) == ("May 9", "May 10")  # the weekday's finding is the date's


def test_relative_starts_of_one_event(nlp):
    text = "The Harbour Film Festival kicks off next week in Tarrow.\nHotels filled as the festival, which opened yesterday, drew crowds."
    starts = _claims(nlp, text, "date")
    assert [(c.value, c.detail["tense"]) for c in starts] == [("next week", "future"), ("yesterday", "past")]
    assert _conflicts(nlp, text, "date")


@pytest.mark.parametrize("text", [
    "The Harbour Film Festival kicks off next week in Tarrow.\nThe student festival, which opened yesterday, drew crowds.",
    "The Harbour Film Festival was meant to begin last week but was postponed.\nThe festival now kicks off next week.",
    "The tour began last week in Leeds.\nThe festival kicks off next month.",
    "The festival kicks off next week.\n\nLast year's festival, which began last month, drew 10,000.",
    "The World Cup kicks off next month in Qatar.\n\nThe Club World Cup, which began last week, is a warm-up.",
    "The tour kicks off next month in Leeds.\n\nThe tour, which began last week in Europe, reaches the UK next month.",
    "The trial begins next week.\n\nThe hearing, which started yesterday, will decide bail.",
    "The festival opens next week.\n\nThe festival opened last year to great acclaim.",
    "The Glastonbury Festival kicks off next week.\n\nOrganisers said the festival, which started yesterday with a soft launch, is ready.",
])
def test_relative_starts_of_other_events_or_moved_ones_do_not(nlp, text):
    assert _conflicts(nlp, text, "date") == []


def test_every_list_of_events_yaml_is_read_by_the_code():
    import re
    from importlib import resources
    from pathlib import Path

    import hypecheck.claims
    from hypecheck.rules.yaml_files import load_yaml

    table = load_yaml((resources.files("hypecheck.claims") / "events.yaml").read_text(encoding="utf-8"), "events.yaml")
    read = set()
    for path in Path(hypecheck.claims.__file__).parent.glob("*.py"):
        read |= set(re.findall(r"""ew\.(?:listed|groups|pattern)\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert read == set(table), f"unread: {sorted(set(table) - read)}, undefined: {sorted(read - set(table))}"
