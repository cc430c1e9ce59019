"""Long and pathological texts, cut so that spaCy sees only pieces it handles in linear time.

Two guards, both keeping every character offset that of the whole text:

- ``split``: a text longer than ``WHOLE_CHARS`` is analysed in pieces of at most
  ``PIECE_CHARS`` characters, cut at a paragraph break, else at a sentence end, else at
  whitespace (spaCy refuses texts over ``nlp.max_length``, 1,000,000 characters, and its
  memory grows with a text's length). The engine joins the pieces' Docs back into one Doc
  of the whole text, so detectors that compare statements across a document see it all.
- ``tokenize``: spaCy's tokenizer strips prefixes and suffixes one character at a time,
  re-searching the rest of the "word" each time, so its time grows with the square of a
  run of characters without a space (20,000 ``$`` took over a minute). Runs longer than
  ``MAX_RUN`` are tokenized as if every ``MAX_RUN``-th character were a space, and that
  character is then put back as a token of its own: the Doc's text is the input's,
  character for character.
"""

from __future__ import annotations

import re

# Texts up to this length are analysed whole, as they always were (a news article is a
# few thousand characters); longer ones in pieces of at most PIECE_CHARS. nlp.pipe holds
# a batch of 16 pieces: 50,000-character pieces made a 4 MB text peak at 3.2 GB.
WHOLE_CHARS = 100_000
PIECE_CHARS = 10_000
# Longer runs of non-space characters are cut for the tokenizer. No word or URL of
# ordinary text comes near; spaCy's tokenizer takes 0.4 s/MB on 256-character runs of
# symbols and 1.3 s/MB on 1,000-character ones (benchmarks/bench_pathological.py).
MAX_RUN = 256
# Marks the Doc of a piece that does not start its text (the span model's headline cue).
CONTINUES = "hypecheck_continues"

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def split(text: str, whole: int | None = None, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the pieces to analyse: the whole text when it is at most ``whole``
    (``WHOLE_CHARS``) characters long, else consecutive pieces of at most ``limit``
    (``PIECE_CHARS``) characters."""
    whole = WHOLE_CHARS if whole is None else whole
    limit = PIECE_CHARS if limit is None else limit
    if len(text) <= whole:
        return [(0, len(text))]
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece that may run from ``start`` to ``end``: after the last paragraph
    break in its second half, else the last sentence end, else the last whitespace."""
    low = start + (end - start) // 2
    for boundary in (_PARAGRAPH, _SENTENCE, _SPACE):
        last = None
        for last in boundary.finditer(text, low, end):  # noqa: B007 -- keeps the last match
            pass
        if last is not None and last.end() < end:
            return last.end()
    return end  # no whitespace in half a piece: cut the run anywhere


def run_breaks(text: str, max_run: int = MAX_RUN) -> list[int]:
    """Positions inside runs of more than ``max_run`` non-space characters at which the
    tokenizer is to see a space: every ``max_run + 1``-th character of such a run."""
    breaks = []
    for m in _LONG_RUN.finditer(text):
        # strictly inside the run, so each break has non-space characters on both sides
        breaks.extend(range(m.start() + max_run, m.end() - 1, max_run + 1))
    return breaks


def tokenize(tokenizer, text: str, max_run: int = MAX_RUN):
    """``tokenizer(text)``, with runs of non-space characters longer than ``max_run`` cut
    (see the module's docstring); the same Doc as ``tokenizer(text)`` when there is none."""
    breaks = run_breaks(text, max_run)
    if not breaks:
        return tokenizer(text)
    from spacy.tokens import Doc

    chars = list(text)
    for i in breaks:
        chars[i] = " "
    broken = set(breaks)
    words: list[str] = []
    spaces: list[bool] = []
    for token in tokenizer("".join(chars)):
        end = token.idx + len(token)
        words.append(text[token.idx : end])
        if token.whitespace_ and end in broken:
            # the space was one of ours: the character it hid is a token of its own
            spaces.append(False)
            words.append(text[end])
            spaces.append(False)
        else:
            spaces.append(bool(token.whitespace_))
    return Doc(tokenizer.vocab, words=words, spaces=spaces)
