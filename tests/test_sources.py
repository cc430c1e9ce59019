"""Decoding and headline detection: what the user gave becomes the right text."""

from __future__ import annotations

import codecs

import pytest

from hypecheck.errors import InputError
from hypecheck.sources import decode, find_headline, from_bytes, read_path


def test_utf8_is_decoded_without_a_note():
    source = from_bytes("Café owners said so.".encode(), "a.txt")
    assert source.text == "Café owners said so." and source.notes == ()


def test_utf8_bom_is_stripped():
    text, encoding = decode(codecs.BOM_UTF8 + "Héllo".encode(), "a.txt")
    assert (text, encoding) == ("Héllo", "utf-8-sig")


def test_utf16_with_bom():
    text, encoding = decode("Héllo wörld".encode("utf-16"), "a.txt")
    assert (text, encoding) == ("Héllo wörld", "utf-16")


def test_cp1252_fallback_is_named_in_a_note():
    source = from_bytes("Caf\xe9 \u201cquoted\u201d".encode("cp1252"), "old.txt")
    assert source.text == "Café “quoted”"
    assert source.encoding == "cp1252"
    assert source.notes == ("decoded as cp1252",)


def test_nul_bytes_mean_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"PK\x03\x04\x00\x00", "x.zip")


def test_bytes_undefined_in_cp1252_are_an_error():
    with pytest.raises(InputError, match="cannot decode byte 0x81"):
        decode(b"caf\xe9 \x81", "x.txt")


def test_whitespace_only_is_empty():
    with pytest.raises(InputError, match="empty"):
        from_bytes(b" \n\t \n", "blank.txt")


def test_size_limit():
    with pytest.raises(InputError, match="over the size limit of 10 bytes"):
        from_bytes(b"x" * 11, "big.txt", max_bytes=10)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_headline_skips_teaser_sentences_and_prefers_title_case():
    text = (
        "A cold case buried for decades. And one partnership you will never forget.\n"
        "The #1 crime event on Netflix right now — full story below\n"
        "“BOSCH CAN’T COMPETE!” — Ballard Is a Detective Thriller With a Perfect Score\n"
        "In the crowded world of crime dramas, Prime Video has a new hit.\n"
    )
    headline, start = find_headline(text)
    assert headline.startswith("“BOSCH CAN’T COMPETE!”")
    assert text[start : start + len(headline)] == headline


def test_headline_of_a_plain_article_is_its_first_line():
    assert find_headline("Council approves budget\nThe council voted 7-2.") == ("Council approves budget", 0)


def test_one_line_text_is_its_own_headline():
    assert find_headline("  You won't believe this.\n") == ("You won't believe this.", 2)
