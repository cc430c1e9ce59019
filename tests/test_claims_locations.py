"""Places bound to one event or thing (hypecheck/claims/events.py places, locations.py) and
ages restated in the present (ages.py): what the ledger records, the conflicts they make, and
the near-misses that are no contradiction (two occasions, a move, nesting, someone else's
place or birthday). The rule examples in contradiction.yaml cover more wordings."""

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


# --- what the ledger records -------------------------------------------------------------------


def test_a_head_office_is_a_place_of_the_subject_whatever_its_wording(nlp):
    text = ("Ferrovale, the Leeds-headquartered maker, won a contract.\n\n"
            "Rival Halden is headquartered in York.\n\nMarsh spoke at its Sheffield head office.")
    found = [(c.value, c.detail["located"], c.detail["owner"]) for c in _claims(nlp, text, "place") if "located" in c.detail]
    # the rival's head office is not recorded as the subject's
    assert found == [("Leeds", "headquarters", "it"), ("Sheffield", "headquarters", "it")]


def test_a_district_needs_something_placed_in_it(nlp):
    bound = "A guesthouse tucked into the steep lanes of the Alfama district.\nFrom its perch high in Bairro Alto, the terrace looks west."
    assert [c.value for c in _claims(nlp, bound, "place")] == ["Alfama", "Bairro Alto"]
    assert _claims(nlp, "The Alfama district is loud on festival nights.", "place") == []


def test_a_name_that_ends_a_sentence_keeps_its_last_word(nlp):
    (place,) = [c for c in _claims(nlp, "Guests flew in for the wedding on Mykonos.", "place")]
    assert place.value == "Mykonos"
    (grounds,) = _claims(nlp, "The fair returns to Millbrook Fairgrounds on Friday.", "place")
    assert grounds.value == "Millbrook Fairgrounds"  # not "Fairground": only a possessive 's is cut


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("At 22, she is also the youngest player ever called up.", 22),
        ("Now 41, she has turned down two offers.", 41),
        ("Reyes, who turned 29 in May, is in no hurry.", 29),
        ("The singer, who celebrated her 23rd birthday in March, is touring.", 23),
        ("Reyes, who marked 29 on Friday, is in no hurry.", 29),  # any of the lexicon's birthday verbs
    ],
)
def test_an_age_restated_in_the_present_is_recorded(nlp, text, value):
    (age,) = _claims(nlp, text, "age")
    assert age.value == value and age.detail["restated"]


@pytest.mark.parametrize("text", ["At 30, she was already rich.", "She turned 29 in 2019.", "Her mother, now 61, is proud."])
def test_an_age_of_another_time_is_not_restated(nlp, text):
    assert not [c for c in _claims(nlp, text, "age") if c.detail.get("restated")]


# --- conflicts ---------------------------------------------------------------------------------

PLACE_CONFLICTS = [
    ("Calder Rovers moved to the top of League Two, beating Harlow 3-0 at Kingsmead Park.\n\n"
     "Saturday's win, watched by a crowd of 11,204 at Deanfield Road, extends their run.", "Deanfield Road"),
    ("The Millbrook Harvest Fair returns to Millbrook Fairgrounds from Friday.\n\nGates at Ashcombe Showground open at 10 a.m.",
     "Ashcombe Showground"),
    ("Rowan and Clio marry in lakeside ceremony on Lake Como\n\nThey exchanged vows on Saturday.\n\n"
     "They looked for a venue for a year before settling on a villa on the shore of Lake Garda.", "Lake Garda"),
    ("Ferrovale, the Leeds-headquartered maker, won a contract.\n\nMarsh told staff at its Sheffield head office.", "Sheffield"),
    # "next year" is another occasion for an event, not a move of a head office
    ("Ferrovale, the Leeds-headquartered maker, won a contract.\n\n"
     "Marsh told staff at its Sheffield head office that the firm would open an academy next year.", "Sheffield"),
]


@pytest.mark.parametrize(("text", "later"), PLACE_CONFLICTS, ids=[p[1] for p in PLACE_CONFLICTS])
def test_one_event_or_thing_in_two_places_conflicts(nlp, text, later):
    assert [c.claim.value for c in _conflicts(nlp, text, "place")] == [later]


PLACE_NEAR_MISSES = [
    # another occasion, a move, a nesting, another organisation, an indefinite other wedding
    "Rovers beat Harlow 3-0 at Kingsmead Park on Saturday.\n\nOn Tuesday they travel to Stanton, where a crowd of 9,000 at Elm Road is expected.",
    "The band played to 18,000 at Hollins Arena on Friday night.\n\nThe band returns to Marrow Park Stadium in May for the final show.",
    "The final was moved from Kingsmead Park to Deanfield Road.\n\nA crowd of 11,204 at Deanfield Road watched the final.",
    "A guesthouse tucked into the Alfama district, in Lisbon.\n\nFrom its perch high in Lisbon, the terrace looks west.",
    "Ferrovale, the Leeds-headquartered maker, bought rival Signalco.\n\nRival Signalco told staff at its Sheffield head office that jobs were safe.",
    "Harwell, headquartered in Leeds, will relocate.\n\nStaff at its new Sheffield head office start in May.",
    "The couple married in Santorini on Saturday.\n\nThey first met at a wedding on Mykonos in 2019.",
    "Zara and Tom married in Sirmione on Saturday.\n\nThe ceremony at Villa Cortine was small.",  # a town and a venue
    "The couple married in Oia, Santorini, on Saturday.\n\nThe wedding in Santorini was small.",  # one inside the other
    # one of several offices, an address inside the town
    "HSBC, the London-headquartered bank, cut jobs.\n\nStaff at its Asia headquarters in Hong Kong were told first.",
    "Acme, the Boston-headquartered maker, cut jobs. Its European headquarters is in Dublin.\n\nStaff at its Dublin headquarters were told.",
    "Acme, headquartered in Cambridge, cut jobs.\n\nStaff at its Kendall Square headquarters in Cambridge were told first.",
]


@pytest.mark.parametrize("text", PLACE_NEAR_MISSES)
def test_two_occasions_a_move_or_a_nesting_are_no_conflict(nlp, text):
    assert _conflicts(nlp, text, "place") == []


def test_a_birthday_moves_an_age_by_one_and_someone_elses_is_not_compared(nlp):
    assert _conflicts(nlp, "The 34-year-old founder works in Tallinn.\n\nShe turned 35 last week.", "age") == []
    assert _conflicts(nlp, "The 34-year-old founder works in Tallinn.\n\nHer brother, who turned 29 in May, helps.", "age") == []
    assert len(_conflicts(nlp, "The 34-year-old founder works in Tallinn.\n\nShe turned 29 in May.", "age")) == 1


def test_two_ages_of_one_named_person_conflict(nlp):
    text = "The play features 24-year-old Alma Brooks.\n\nIt is the first lead for the 31-year-old Brooks."
    (conflict,) = _conflicts(nlp, text, "age")
    assert (conflict.other.value, conflict.claim.value) == (24, 31)
    other_person = "The play features 24-year-old Alma Brooks.\n\nIt is the first lead for the 61-year-old Sam Brooks."
    assert _conflicts(nlp, other_person, "age") == []
