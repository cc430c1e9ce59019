"""Text surgery for `hypecheck fix`: one replacement made and the sentence around it mended.

A deletion mends spaces, separators and capitals; a dropped unnamed attribution leaves its
claim uncertain ("Insiders say a sequel is coming" -> "A sequel may be coming"); a call to
act goes with its whole sentence (plain text only).
"""

from __future__ import annotations

import re

from .suggestions import agree_articles, sentence_start

_SEPARATORS = "—–-:;,+|·"
_CLOSERS = ".,;:!?)]}”’\"'"
_ARTICLE_BEFORE = re.compile(r"\b(a|an|A|An|AN)([ \t]+)$")
# A deleted "critics are calling" leaves "it the show of the year": the object becomes the
# subject ("it is the show ..."), and after "that"/"which" the verb of being comes back.
_CALLED = re.compile(r"\b(?:calls?|calling|called|dubs?|dubbing|dubbed|hails?|hailing|hailed)$", re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:have|has|had|\w+[’']ve)\b", re.IGNORECASE)
_OBJECT = re.compile(r"(it|him|them|us)\b", re.IGNORECASE)
_SUBJECT = {"it": ("it", "is", "was"), "him": ("he", "is", "was"), "them": ("they", "are", "were"), "us": ("we", "are", "were")}
_SAID = re.compile(
    r"\b(?:say|says|said|saying|agree[sd]?|believe[sd]?|warn(?:s|ed|ing)?|predict(?:s|ed|ing)?|claim(?:s|ed)?|"
    r"insist(?:s|ed)?|think|thinks|knows?|knew|suggest(?:s|ed)?|expect(?:s|ed)?|admit(?:s|ted)?|convinced|"
    r"whisper(?:s|ed|ing)?|swear|swears|reckons?|report(?:s|ed)?|word is|rumou?r has it)$", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:that|which)[ \t]*$", re.IGNORECASE)
# What an unnamed source said keeps its doubt once the source is gone: "Insiders say a
# sequel is coming" -> "A sequel may be coming", never the writer's own "A sequel is
# coming". The rule data offer the deletion only where the clause has one of these verbs.
_AUXILIARY = re.compile(
    r"\b(is|are|was|were|will|has|have|had|won[’']t|isn[’']t|aren[’']t|may|might|could|would|can|should|must)\b"
    r"(?:[ \t]+(\w+))?", re.IGNORECASE)
_HEDGED = {"is": "may be", "are": "may be", "was": "may have been", "were": "may have been", "will": "may",
           "has": "may have", "have": "may have", "won't": "may not", "isn't": "may not be", "aren't": "may not be"}
# A call to click or act is the whole of its sentence's point: "Share this with everyone you
# know." goes entirely, never leaving "Everyone you know."
WHOLE_SENTENCE = ("clickbait_hook.call_to_action",)
# A teaser with advice only goes only as a whole sentence: cut out of a sentence that keeps
# facts it would leave a fragment ("Doctors Hate This" in a headline).
SENTENCE_ONLY = ("clickbait_hook.curiosity_gap",)
_MOST_BEFORE = re.compile(r"\bmost[ \t]+$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"\w+(?:ed|en|wn|ne|ght|un|ung|ade|id|ut|et|ld|lt|nt|pt|ot|ost)$", re.IGNORECASE)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], with the spaces after it, on its own line."""
    line_start = text.rfind("\n", 0, start) + 1
    ends = [m.end() for m in re.finditer(r"[.!?…]+[”’\"')\]]*[ \t]+|[ \t][—–|][ \t]+", text[line_start:start])]
    begin = line_start + (ends[-1] if ends else 0)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    stop = re.compile(r"[.!?…]+[”’\"')\]]*(?:[ \t]+|$)").search(text, end, line_end)
    finish = stop.end() if stop else line_end
    if stop is None or finish == line_end:
        # the last sentence of its line keeps no space before the line break
        while begin > line_start and text[begin - 1] in " \t" and finish == line_end:
            begin -= 1
    return begin, finish


def apply_one(text: str, start: int, end: int, new: str, nlp=None, attribution: bool = False) -> str | None:
    left, right = text[:start], text[end:]
    most = _MOST_BEFORE.search(left[-12:])
    if new and most and new[:1].isalpha():
        # "the most [jaw-dropping] moment" -> "the striking moment": the toned-down word
        # would otherwise be crowned again ("the most striking moment")
        left = left[: len(left) - len(most.group(0))]
    if not new:
        left, right = _mend_deletion(left, right, opened_sentence=sentence_start(text, start))
        if _SAID.search(text[start:end]) and re.match(r"(?i:that)[ \t]+\w", right):
            # "[experts agree] that it works" -> "it works", "It works" at a sentence start
            right = right[4:].lstrip(" \t")
            if right and sentence_start(left + right, len(left)):
                right = right[0].upper() + right[1:]
        if attribution and _SAID.search(text[start:end]):
            if re.match(r"[ \t]*[.!?]", right):  # "Prices will double, [agents say]."
                cut = max(left.rfind(c) for c in ".!?\n") + 1
                hedged = hedge(left[cut:], nlp)
                if hedged is None:
                    return None
                left = left[:cut] + hedged
            else:
                right = hedge(right, nlp)
                if right is None:
                    return None
        if _CALLED.search(text[start:end]):
            right = _called_object(right, left, past=text[start:end].lower().endswith("called")
                                   and not _PERFECT.search(text[start:end]))
    m = _ARTICLE_BEFORE.search(left[-12:])
    if m:
        following = (new + right).lstrip(" \t")
        word = re.match(r"[\w’'-]+", following)
        if word:
            fixed = agree_articles(f"{m.group(1)} {word.group()}").split(" ", 1)[0]
            left = left[: len(left) - len(m.group())] + fixed + m.group(2)
    return left + new + right


def hedge(clause: str, nlp=None) -> str | None:
    """The first verb of ``clause`` made uncertain: "is" -> "may be", "will" -> "may",
    "had sold" -> "may have sold", and with a tagger "lasts" -> "may last", "earned" -> "may
    have earned"; a clause whose verb is already a modal is left as it is. None when no
    verb can be hedged (the attribution must then stay)."""
    stop = re.search(r"[.!?;:]", clause)
    stop = stop.start() if stop else len(clause)
    if nlp is not None and "tagger" in nlp.pipe_names:
        return _hedge_tagged(clause, stop, nlp)
    m = _AUXILIARY.search(clause, 0, stop)
    if not m:
        return None
    return _hedge_auxiliary(clause, m.start(1), m.end(1), m.group(2))


def _hedge_auxiliary(clause: str, start: int, end: int, following: str | None) -> str:
    word = clause[start:end].lower().replace("’", "'")
    if word not in _HEDGED and word != "had":
        return clause  # a modal already
    if word == "had":
        new = "may have" if following and _PARTICIPLE.match(following) else "may have had"
    else:
        new = _HEDGED[word]
    if clause[start].isupper():
        new = new[0].upper() + new[1:]
    return clause[:start] + new + clause[end:]


def _hedge_tagged(clause: str, stop: int, nlp) -> str | None:
    with nlp.select_pipes(enable=[n for n in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if n in nlp.pipe_names]):
        doc = nlp(clause[:stop])
    for i, t in enumerate(doc):
        if t.tag_ not in ("VBZ", "VBP", "VBD", "MD"):
            continue
        following = doc[i + 1].text if i + 1 < len(doc) else None
        if t.tag_ == "MD" or t.lower_.replace("’", "'") in _HEDGED or t.lower_ == "had":
            return _hedge_auxiliary(clause, t.idx, t.idx + len(t.text), following)
        if t.tag_ == "VBD":
            if not t.lower_.endswith("ed"):
                return None  # an irregular past ("sold", "went") has no safe participle here
            new = f"may have {t.text}"
        else:
            new = f"may {t.lemma_ if t.tag_ == 'VBZ' else t.text}"
        return clause[: t.idx] + new + clause[t.idx + len(t.text):]
    return None


def _called_object(right: str, left: str, past: bool) -> str:
    """"[critics are calling] it a triumph" -> "it is a triumph"; "a sound that [fans call]
    unreal" -> "a sound that is unreal"."""
    m = _OBJECT.match(right)
    if m and re.match(r"[ \t]+[\w\"“]", right[m.end():]):
        subject, present, was = _SUBJECT[m.group(1).lower()]
        if m.group(1)[0].isupper():
            subject = subject[0].upper() + subject[1:]
        return f"{subject} {was if past else present}" + right[m.end():]
    if _RELATIVE.search(left) and re.match(r"[ \t]*[\w\"“]", right):
        # the verb agrees with the noun before "that": "headphones that are unreal"
        noun = re.search(r"(\w+)[ \t]+(?:that|which)[ \t]*$", left, re.IGNORECASE)
        plural = bool(noun) and noun.group(1).lower().endswith("s") and not noun.group(1).lower().endswith(("ss", "us", "is"))
        return ("were " if plural else "was ") + right if past else ("are " if plural else "is ") + right
    return right


def _mend_deletion(left: str, right: str, opened_sentence: bool) -> tuple[str, str]:
    """Spaces and separators around a deleted span, on its own line only."""
    line_start = not left or left[-1] in "\n\r"
    right_bare = right.lstrip(" \t")
    line_end = not right_bare or right_bare[0] in "\n\r"
    if line_end or right_bare[0] in ".!?":
        # "right now — [deleted]" -> "right now"; "story: [deleted]." -> "story."
        trimmed = left.rstrip(" \t")
        while trimmed and trimmed[-1] in _SEPARATORS and not trimmed.endswith("--") and trimmed[-1] != "\n":
            trimmed = trimmed[:-1].rstrip(" \t")
        if trimmed and trimmed[-1] in ".!?" and right_bare[:1] in (".", "!", "?"):
            right_bare = right_bare[1:]
        return trimmed, right_bare if not line_end else right_bare
    if line_start or opened_sentence or left.rstrip(" \t")[-1:] in "(“\"‘[":
        # "[deleted], the show" at a sentence start: the separator goes, the next word opens it
        while right_bare and right_bare[0] in _SEPARATORS:
            right_bare = right_bare[1:].lstrip(" \t")
        if opened_sentence or line_start:
            right_bare = right_bare[:1].upper() + right_bare[1:]
        kept_space = left[len(left.rstrip(" \t")):] if not line_start and left.rstrip(" \t")[-1:] not in "(“\"‘[" else ""
        return left.rstrip(" \t") + kept_space, right_bare
    if right_bare[0] in _CLOSERS:
        trimmed = left.rstrip(" \t")
        if trimmed[-1:] in ",;:" and right_bare[0] in ",;:":
            right_bare = right_bare[1:]
        return trimmed, right_bare
    if left.rstrip(" \t")[-1:] in ",;:" and right_bare[0] in ",;:":
        right_bare = right_bare[1:].lstrip(" \t")
    space = left[len(left.rstrip(" \t")):] or " "
    return left.rstrip(" \t") + space[:1], right_bare
