"""Build the ledger of one document (cached on the Doc: the rules and `hypecheck claims`
share it)."""

from __future__ import annotations

from .ages import restated
from .contact import contacts
from .entries import chart_entries
from .events import dates, places, ranks, ratings, scores
from .locations import locations
from .model import Claim
from .page import Page
from .platforms import availability
from .quantities import quantities

_KEY = "hypecheck_claims"


def page_of(doc) -> Page:
    page = doc.user_data.get(_KEY + "_page")
    if page is None:
        page = doc.user_data[_KEY + "_page"] = Page(doc)
    return page


def ledger(doc) -> list[Claim]:
    claims = doc.user_data.get(_KEY)
    if claims is None:
        page = page_of(doc)
        found = []
        for extract in (quantities, restated, ranks, chart_entries, ratings, scores, dates, places, locations, availability, contacts):
            found.extend(extract(page))
        claims = doc.user_data[_KEY] = sorted(found, key=lambda c: (c.start, c.end, c.kind))
    return claims
