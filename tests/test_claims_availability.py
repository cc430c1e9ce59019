"""Exclusivity, availability and contact claims found by pattern (hypecheck/claims/platforms.py,
contact.py): wordings and platform names no list holds, the people matched by name, and the
near-misses that are no contradiction."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(english_nlp):
    return english_nlp


def _claims(nlp, text, kind):
    from hypecheck.claims import ledger

    return [c for c in ledger(nlp(text)) if c.kind == kind]


def _kinds(nlp, text) -> set[str]:
    from hypecheck.claims import conflicts

    return {c.kind for c in conflicts(nlp(text)) if c.kind in ("availability", "contact")}


# --- what the ledger records -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "platforms"),
    [
        ("It is a fantasy series streaming exclusively on Corvid+.", {"Corvid+"}),
        ("\"Emberfall\" is the PlayStation 5 exclusive critics love.", {"PlayStation 5"}),
        ("Driftwood: Sleep Sounds & Stories (iPhone only)", {"iPhone"}),
        ("Quillmark, the Kestrel-only note app, has a new look.", {"Kestrel"}),
        ("Harbour Lights is only on Lumen+ this winter.", {"Lumen+"}),
        ("Drift is built exclusively for iPhone and Apple Watch.", {"iPhone", "Apple Watch"}),
        ("The film will be released exclusively in cinemas on 21 March.", {"cinemas"}),
    ],
)
def test_an_exclusive_names_any_platform(nlp, text, platforms):
    assert {c.value for c in _claims(nlp, text, "exclusive")} == platforms


@pytest.mark.parametrize(
    "text",
    [
        "In an exclusive interview, Voss spoke about the film.",
        "The early-bird tickets are exclusive to members.",
        "The photos were obtained exclusively by The Post.",
        "It is a CNN exclusive interview.",
        "Members Only: the bar opens on Saturday only.",
        "The show is not only on Netflix.",
        "The series streams exclusively in the UK.",
    ],
)
def test_exclusive_interviews_groups_days_and_regions_are_no_platform_exclusives(nlp, text):
    assert _claims(nlp, text, "exclusive") == []


@pytest.mark.parametrize(
    ("text", "platforms"),
    [
        ("\"Emberfall\" is out now for Xbox Series X|S and Windows PC.", {"Xbox Series X|S", "Windows PC"}),
        ("All nine episodes are available to stream now on Playhouse TV.", {"Playhouse TV"}),
        ("Download it from Google Play for your Android phone.", {"Google Play"}),
        ("Netflix subscribers can catch all six episodes now.", {"Netflix"}),
        ("Stream both seasons of \"Harbour Lights\" now on Brightbox.", {"Brightbox"}),
        ("Pre-orders for all three are open now on Xbox Series X and PC.", {"Xbox Series X", "PC"}),
    ],
)
def test_availability_names_any_platform(nlp, text, platforms):
    assert {c.value for c in _claims(nlp, text, "available")} == platforms


@pytest.mark.parametrize(
    "text",
    [
        "The album is released via Longhand Records.",  # a label
        "Grab a form from Pastor Ben.",  # an everyday verb needs a known platform
        "The team will play for Arsenal on Saturday.",
        "The museum is free on Tuesdays.",
        "It is out now on Meridian Records.",
        "It is not available on Android.",
    ],
)
def test_labels_people_days_and_negations_are_no_availability(nlp, text):
    assert _claims(nlp, text, "available") == []


def test_a_release_to_come_is_recorded_as_not_yet_true(nlp):
    (claim,) = _claims(nlp, "It will be available on Steam next year.", "available")
    assert claim.value == "Steam" and claim.change


@pytest.mark.parametrize(
    ("text", "speaker", "unit"),
    [
        ("\"It nearly died,\" Lena Voss told us.", "Lena Voss", "spoke to the writer"),
        ("\"It was hard,\" Mira Kovač said in an interview with us.", "Mira Kovač", "spoke to the writer"),
        ("Ann Verity told ABC News on Monday that she would run.", "Ann Verity", "spoke to ABC News"),
        ("Voss, who declined to speak to us for this article, is travelling.", "Voss", "never reached"),
        ("Kessler, who did not speak to us for this piece, has said so before.", "Kessler", "never reached"),
        ("Amara Diallo didn't respond to our interview requests.", "Amara Diallo", "never reached"),
        ("Graham Pike could not be reached.", "Graham Pike", "never reached"),
        ("Theo Marchbank refused an interview.", "Theo Marchbank", "never reached"),
        ("Blake herself did not respond to requests for comment.", "Blake", "never reached"),
    ],
)
def test_contact_and_refusal_name_their_speaker(nlp, text, speaker, unit):
    (claim,) = _claims(nlp, text, "contact")
    assert (claim.value, claim.unit) == (speaker, unit)


@pytest.mark.parametrize(
    "text",
    [
        "A spokesperson for Voss did not respond to requests for comment.",  # Voss is not the subject
        "Pike did not respond to the council's criticism.",  # not a request of the writer
        "The company declined to comment.",  # nobody named
        "\"Pike told us to leave,\" said Ann Ruiz.",  # "us" inside a quotation is not the writer
    ],
)
def test_a_spokesperson_a_criticism_and_a_company_are_no_refusal_of_a_person(nlp, text):
    assert [c for c in _claims(nlp, text, "contact") if not c.quoted] == []


# --- contradictions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("availability", "Glimmer is a Vantage+ exclusive.\n\nThe show is out now on Corvid+ as well."),
        ("availability", "Tandem is available on iPhone only for now.\n\nDownload Tandem from Google Play."),
        ("availability", "Only on Corvid+: the new season of Harbour Lights.\n\nHarbour Lights is also streaming on Playhouse TV."),
        ("availability", "Glimmer is streaming exclusively on Channel TV.\n\nAll episodes are available now on Playhouse TV."),
        ("availability", "Microsoft's Starfield, an Xbox exclusive, sold well.\n\nStarfield is also available on PS5 now."),
        ("availability", "Emberfall is a PS5-only game.\n\nEmberfall is out now on PC."),
        ("contact", "Lena Voss told us the film nearly died.\n\nVoss declined to speak to us for this article."),
        ("contact", "Graham Pike told this newspaper in 2019 that the hall would reopen.\n\n"
                    "Pike has never spoken to this newspaper."),
        ("contact", "Ann Verity told ABC News on Monday that she would run.\n\n"
                    "Verity did not respond to ABC News' request for comment."),
        ("contact", "Theo Marchbank spoke to us from his studio in Cork.\n\nMarchbank refused an interview."),
    ],
)
def test_contradictions_of_unlisted_wordings_and_platforms_are_found(nlp, kind, text):
    assert kind in _kinds(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # the exclusivity ended, is to end, or is someone else's claim
        "Saltmarsh is a PS5 exclusive until March.\n\nIt is out now on PlayStation 5.",
        "The film opened exclusively in theaters last month.\n\nIt is now streaming on Max.",
        "Glimmer was a Vantage+ exclusive in 2022.\n\nThe show is out now on Corvid+.",
        "The trailer billed it as a PlayStation 5 exclusive.\n\nIt is out now on Xbox Series X.",
        # another product, another region, a shop, the same family
        "Moss & Marrow is a Switch exclusive.\n\nIts soundtrack is out now on Spotify.",
        "Moss & Marrow is a Switch exclusive.\n\nThe studio's games are available on Steam.",
        "Watch it only on Hulu.\n\nThe first season is streaming on Disney+.",
        "The series streams exclusively on Netflix in the US.\n\nIn the UK, it is available on Prime Video.",
        "Moss & Marrow is a Switch exclusive.\n\nIt is available from Amazon and GameStop.",
        "The game is exclusive to Steam.\n\nIt is also out on the Epic Games Store.",
        "Echo is a Switch exclusive.\n\nIt is not out on PlayStation 5, and it is not available on Xbox.",
        "The analysis was given exclusively to Corvid News.\n\nThe report is available on Playhouse TV.",
        "Microsoft's Starfield, an Xbox exclusive, sold well.\n\nMeanwhile, Sony's Spider-Man 2 is available on PS5.",
        "The app is available on Android.\n\nIts Apple-exclusive widgets need iOS 17.",
        "The game is out now on PC.\n\nThe Kickstarter-exclusive edition sold out in a day.",
        # a refusal of one point, or once, or to someone else; another person
        "Graham Pike told us the hall would reopen.\n\nPike would not comment on the cost of the work.",
        "Pike initially did not respond to requests for comment.\n\nGraham Pike later told us the hall would reopen.",
        "Graham Pike did not respond to requests for comment on Monday.\n\nOn Tuesday, Pike told us the hall would reopen.",
        "Ann Verity told ABC News on Monday that she would run.\n\n"
        "Verity did not respond to requests for comment from this newspaper.",
        "Graham Pike previously told us the hall would reopen.\n\nPike did not respond to requests for comment this week.",
        "Graham Pike told us the hall would reopen.\n\nPike's lawyer declined to comment.",
        "Graham Pike told us the hall would reopen.\n\nHe declined to comment on the cost.",
    ],
)
def test_near_misses_are_not_contradictions(nlp, text):
    assert _kinds(nlp, text) == set()


def test_the_finding_links_the_exclusive_stated_last_before_the_availability(nlp):
    from hypecheck.claims import conflicts

    text = ("\"Harbour Lights\" season two arrives, and it's exclusive to Lumen+\n\n"
            "All eight episodes land today, exclusively on Lumen+.\n\n"
            "Stream both seasons of \"Harbour Lights\" now on Brightbox.")
    (conflict,) = [c for c in conflicts(nlp(text)) if c.kind == "availability"]
    assert conflict.other.text == "exclusively on Lumen+" and conflict.other.line == 3
    assert conflict.claim.value == "Brightbox" and "Lumen+" in conflict.message and "Brightbox" in conflict.message
