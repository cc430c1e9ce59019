"""Conditions about where a match stands: is its sentence sourced, negated, quoted?

These let a rule say "not when the sentence names its source", which is what separates
"the best-selling album of 2019, according to Luminate" from bare puffery.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import lexicons, words
from .base import text_of

# The word lists (reporting_verbs, source_titles, institutions, source_cues, vague_groups,
# negations, evidence_words, charts) are in rules/lexicons.yaml.
_OPEN_QUOTES = "“\"‘"
_CLOSE_QUOTES = "”\"’"


def sentence_of(span):
    return span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]


def is_sourced(span) -> bool:
    """True when the sentence attributes what it says to a named person or organisation.

    Without a parser, "named X said" is read off the tokens: the entity must stand right
    before the reporting verb (a title such as "spokesman" may come between) or right
    after it ("said Smith"). A mere mention of a name elsewhere in the sentence does not
    source it: in "with Rotten Tomatoes at 100%, fans say", the fans are speaking.
    """
    sent = sentence_of(span)
    if _cites(sent):
        return True
    doc = sent.doc
    if not doc.has_annotation("TAG"):
        return False
    # A name is a proper noun that is not a vague group word ("Critics Say" in a
    # title-case headline). The tagger's PROPN finds the names spaCy's NER finds and the
    # outlets it misses ("The Tulsa World"), so hypecheck runs without the NER (see pipeline.py).
    vague, reporting, titles = words("vague_groups"), words("reporting_verbs"), words("source_titles")
    names = [t.i for t in sent if t.pos_ == "PROPN" and t.lower_ not in vague]
    # "the treasury said" sources a claim; in "others say the government knew" the
    # government is what is said, so a body counts only before the verb.
    bodies = [t.i for t in sent if _institution(t)]
    if not names and not bodies:
        return False
    for token in sent:
        if token.lemma_.lower() not in reporting or token.pos_ not in ("VERB", "AUX"):
            continue
        for name in names + bodies:
            # "Smith said", "Smith, the clerk, said", "the treasury said"
            if 0 <= token.i - name - 1 <= 3 and all(
                t.pos_ not in ("NOUN", "PROPN") or t.lower_ in titles for t in doc[name + 1 : token.i]
            ):
                return True
        # "said Smith", "said the Smith campaign"; not "studies show that Westbrook students..."
        if any(name - token.i == 1 or (name - token.i == 2 and doc[token.i + 1].lower_ == "the") for name in names):
            return True
    return False


def _cites(sent) -> bool:
    """'according to Luminate', 'data from the Census Bureau'."""
    lowered = sent.text.lower()
    for cue in lexicons()["source_cues"]:
        at = lowered.find(cue)
        if at >= 0 and _names_someone(sent.text[at + len(cue) :]):
            return True
    return False


def _institution(token) -> bool:
    """'the treasury', 'the ministry': one identifiable body, unlike 'officials' or 'sources'."""
    return token.lower_ in words("institutions") and token.i > 0 and token.doc[token.i - 1].lower_ == "the"


def _names_someone(rest: str) -> bool:
    """After a cue like 'according to', is there a name or a figure?"""
    words = rest.lstrip(" :").split()[:4]
    return any(w[:1].isupper() or w[:1].isdigit() for w in words)


def _paragraph_start(doc, at: int) -> int:
    return text_of(doc).rfind("\n\n", 0, at) + 1


def in_quotation(span) -> bool:
    """Inside quotation marks, counting from the start of the paragraph (quotes span sentences)."""
    text = text_of(span.doc)
    return open_quote(text[_paragraph_start(span.doc, span.start_char) : span.start_char]) is not None


def open_quote(before: str, single: bool = True) -> str | None:
    """The quotation mark still open at the end of ``before``, or None: double quotes
    (straight or curly) and single ones ('...' or ‘...’, the British style). A single mark
    between two letters is an apostrophe ("I've", "it’s"), never a quote. ``single=False``
    reads double quotes only."""
    opened = _open_quote_at(before, single)
    return opened[0] if opened else None


def _open_quote_at(before: str, single: bool = True) -> tuple[str, int] | None:
    """open_quote's mark and its offset in ``before``."""
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(before):
        if ch in "“”\"":
            if ch == "”" or (ch == '"' and stack and stack[-1][0] == '"'):
                while stack and stack[-1][0] == "'":  # a single quote left open inside
                    stack.pop()
                if stack:
                    stack.pop()
            else:
                stack.append((ch, i))
        elif single and ch in "'‘’":
            prev = before[i - 1] if i else " "
            nxt = before[i + 1] if i + 1 < len(before) else "x"  # a mark ending the text opens what follows
            if prev.isalnum() and nxt.isalnum():
                continue  # an apostrophe
            if ch == "‘" or (ch == "'" and (not prev.strip() or prev in "([—–")):
                if nxt.strip():
                    stack.append(("'", i))
            elif stack and stack[-1][0] == "'" and prev.strip():
                stack.pop()
    return stack[-1] if stack else None


def said_by_name(span) -> bool:
    """Quoted words of a named speaker: the sentence names the speaker, or it opens a
    new quote right after a sentence that quoted and named one
    ('..." said Dana Okafor. "It is money you cannot afford to lose."')."""
    if not in_quotation(span):
        return False
    sent = sentence_of(span)
    if is_sourced(span):
        return True
    doc = span.doc
    if _attributed_after(span):
        return True
    opens_with_quote = sent.text.lstrip()[:1] in ("“", '"')
    if not opens_with_quote or sent.start == 0:
        return False
    previous = doc[sent.start - 1].sent
    if not any(q in previous.text for q in ("”", '"')):
        return False
    if is_sourced(previous[:]):
        return True
    # '..." she said. "In most cases...': the previous quote's speaker, by pronoun
    closing = max(previous.text.rfind("”"), previous.text.rfind('"'))
    return bool(_PRONOUN_AFTER.match(previous.text[closing + 1 :])) and _named_before(doc, previous.start_char)


_NAMED_AFTER = re.compile(
    r"^[,.]?\s*(?:(?:said|says|added|adds|told\s+\w+|wrote|explained)\s+[A-Z]|(?:[A-Z][\w’'.-]*\s){1,3}(?:said|says|added|told|wrote|explained)\b)"
)
_PRONOUN_AFTER = re.compile(
    r"^[,.]?\s*(?:(?:he|she|they)\s+(?:said|says|added|adds|told|wrote|explained)|(?:said|says|added)\s+(?:he|she|they)\b)"
)


_SINGLE_CLOSE = re.compile(r"(?<=\S)['’](?![A-Za-z0-9])")


def _attributed_after(span) -> bool:
    """The quote closes later in its paragraph and names its speaker there ('“It was the
    hardest night in ten years. We could not reach them,” Ellery said.'), or gives a
    pronoun ('she said') when someone is named before the quote opened."""
    text = text_of(span.doc)
    paragraph_end = text.find("\n\n", span.end_char)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    start = _paragraph_start(span.doc, span.start_char)
    mark = _open_quote_at(text[start : span.start_char])
    if mark and mark[0] == "'":
        found = _SINGLE_CLOSE.search(text, span.end_char, paragraph_end)
        close = found.start() if found else -1
        opening = start + mark[1]
    else:
        curly = text.rfind("“", 0, span.start_char) >= text.rfind('"', 0, span.start_char)
        opening, closing_mark = ("“", "”") if curly else ('"', '"')
        close = text.find(closing_mark, span.end_char, paragraph_end)
        opening = text.rfind(opening, 0, span.start_char)
    if close < 0:
        return False
    after = text[close + 1 : close + 60]
    if _NAMED_AFTER.match(after):
        return True
    return bool(_PRONOUN_AFTER.match(after)) and _named_before(span.doc, opening)


def _named_before(doc, at: int) -> bool:
    """Someone is named before offset ``at``: the 'she' of '..., she says.' has someone to
    be (a profile names its subject once, then quotes her paragraphs later)."""
    quote = doc.char_span(at, at + 1, alignment_mode="expand") if at > 0 else None
    if quote is None:
        return False
    vague = words("vague_groups")
    return any(t.pos_ == "PROPN" and t.lower_ not in vague for t in doc[: quote.start])


def sourced_nearby(span) -> bool:
    """The sentence names its source, or the next one in the same paragraph cites one
    ("... according to Luminate") or gives evidence, a figure or a study, and names where
    it comes from ("Researchers say... In a 2016 study at McMaster..."); a named person
    saying something else there does not count."""
    if is_sourced(span):
        return True
    sent = sentence_of(span)
    doc = span.doc
    if sent.end >= len(doc) or "\n\n" in text_of(doc)[sent.end_char - 1 : doc[sent.end].idx + 1]:
        return False
    following = doc[sent.end].sent
    # what makes a sourced sentence evidence for the claim before it (a figure or a word
    # such as "study"), rather than a new statement by someone else ("Reviewers agree it is
    # a masterpiece. Its director told a festival audience...")
    evidence = words("evidence_words")
    gives_evidence = any(t.lower_ in evidence or t.like_num for t in following)
    # or names one of the experts it spoke of, by title ("Scientists said the detection was
    # concerning... 'The key question is...,' said Dr Tomás Reilly, a virologist")
    names_expert = any(t.lower_ in _EXPERTS for t in span) and any(t.text in _EXPERT_TITLES for t in following)
    return _cites(following) or ((gives_evidence or names_expert) and is_sourced(following[:]))


_EXPERT_TITLES = frozenset({"Dr", "Dr.", "Professor", "Prof", "Prof."})
# the unnamed groups a titled expert can stand for (not "parents and educators have long
# agreed... said Dr Ashby, Head of School")
_EXPERTS = frozenset({"scientists", "researchers", "experts", "doctors", "physicians", "economists"})


def in_title(span) -> bool:
    """Part of a name or title ("White Flower No. 1", "Symphony No. 5")."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.is_title and not before.is_sent_start and before.lower_ not in ("the", "a", "at", "to")


def is_denied(span) -> bool:
    """The praise word is denied, not used: 'not a miracle', 'nor is it a clean-air
    miracle'. Between the negation and the word stand only small words of its own phrase:
    no verb ('you won't believe this jaw-dropping...') and no 'just' ('not just a
    game-changer' still praises)."""
    doc = span.doc
    start = max(span.start - 8, sentence_of(span).start)
    negations = words("negations")
    for i in range(span.start - 1, start - 1, -1):
        token = doc[i]
        if token.lower_ in negations:
            return True
        if token.pos_ == "VERB" or token.lower_ in ("just", "only", "merely", "simply", "even"):
            return False
        if token.text in ("—", "–", ":", ";", ","):
            return False  # another clause ('No. 1 — a career-defining moment')
    return False


def quoted_from_someone(span) -> bool:
    """A phrase quoted from a speaker the sentence points at, not a crowd: 'The cover says
    "the most luminous debut in years"', 'he calls it "the most embarrassing acre"'. The
    writer reports the words rather than claiming them; 'critics call it "the best..."'
    still counts, since its speaker is a vague group."""
    sent = sentence_of(span)
    text = text_of(span.doc)
    opened = max(text.rfind(q, sent.start_char, span.start_char) for q in _OPEN_QUOTES)
    if opened < 0 or not is_quoted(span, single=True):
        return False
    lead = [t for t in sent if t.idx < opened][-4:]
    verbs = [t for t in lead if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in _QUOTING_VERBS]
    if not verbs:
        return False
    subject = span.doc[max(verbs[-1].i - 4, sent.start) : verbs[-1].i]
    return not any(t.lower_ in words("vague_groups") for t in subject)


_QUOTING_VERBS = frozenset({"say", "call", "declare", "describe", "dub", "label", "write"})


def tested_by_writer(span) -> bool:
    """The superlative is scoped to what the writer measured: 'the quickest car we have
    tested this year', 'the best pair we tested', 'the best we achieved was 284 miles'. A
    pronoun of the writer and a testing verb follow within a few words, in its sentence."""
    sent = sentence_of(span)
    after = list(span.doc[span.end : min(span.end + 10, sent.end)])  # "of the eight two-person tents we tested"
    testing = words("testing_verbs")
    for i, token in enumerate(after):
        if token.lower_ in ("we", "i"):
            rest = [t for t in after[i + 1 : i + 4] if t.lower_ not in ("'ve", "’ve", "have", "had", "'d", "’d", "ever", "so", "far")]
            return bool(rest) and rest[0].lower_ in testing
        if token.is_punct and token.text not in ("-",):
            return False
    return False


def names_award(span) -> bool:
    """The superlative is part of an award's name, a fact to check rather than a crown:
    'won the best male dancer category', 'the best debut award', 'Best in Show went to'.
    The award word must end the phrase: 'the best show in the category' is a crown."""
    doc = span.doc
    nxt = [t.lower_ for t in doc[span.end : span.end + 2]]
    return nxt == ["in", "show"] or any(
        t.lower_ in words("award_words") for t in doc[span.end - 1 : span.end + 1] if t.i < sentence_of(span).end
    )


def is_negated(span) -> bool:
    doc = span.doc
    window = doc[max(span.start - 3, sentence_of(span).start) : span.start]
    negations = words("negations")
    return any(t.lower_ in negations for t in window)


def is_quoted(span, single: bool = False) -> bool:
    """True when the span sits inside quotation marks in its sentence: double ones only,
    unless ``single``. Single marks are often the writer's own scare quotes ("MONSTER
    STORM: 'Snowmageddon' to Bury the Northeast"), so the bare ``quoted`` condition leaves
    them alone; with a speaker (quoted_from_someone, said_by_name) they count."""
    sent = sentence_of(span)
    return open_quote(text_of(span.doc)[sent.start_char : span.start_char], single) is not None


@lru_cache(maxsize=1)
def _named_chart() -> re.Pattern:
    """Any chart or compiler of the charts lexicon, at the start of a word (longest first)."""
    names = sorted(lexicons()["charts"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + ")")


def names_chart(span) -> bool:
    """True when the words right after a rank name the chart it comes from."""
    sent = sentence_of(span)
    after = text_of(span.doc)[span.end_char : min(sent.end_char, span.end_char + 60)]
    return bool(_named_chart().search(after))


def is_counted(span) -> bool:
    """True when a share or count precedes a group ("92 percent of voters say"): a poll
    result, whose source is usually given nearby, not a vague crowd."""
    doc = span.doc
    before = list(doc[max(span.start - 5, sentence_of(span).start) : span.start])
    return any(
        t.lower_ == "of" and i > 0 and (before[i - 1].like_num or before[i - 1].lower_ in ("%", "percent", "cent"))
        for i, t in enumerate(before)
    )


CONDITIONS = {
    "said_by_name": said_by_name,
    "sourced_nearby": sourced_nearby,
    "in_title": in_title,
    "charted": names_chart,
    "counted": is_counted,
    "sourced": is_sourced,
    "negated": is_negated,
    "denied": is_denied,
    "quoted": is_quoted,
    "quoted_from_someone": quoted_from_someone,
    "tested_by_writer": tested_by_writer,
    "names_award": names_award,
}
