"""decode_bytes: encodings we accept, and the errors for what we do not."""

from __future__ import annotations

import codecs

import pytest

from entitylink.read.decode import decode_bytes
from entitylink.errors import DecodeError, InputError

TEXT = "央行表示，将保持流动性合理充裕。Growth 5%"


def test_utf8():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_utf8_bom_is_stripped():
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    data = TEXT.encode(codec)
    if codec != "utf-16":
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode_bytes(data) == TEXT


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb_detected(codec):
    assert decode_bytes(TEXT.encode(codec)) == TEXT


def test_explicit_encoding_is_honoured():
    assert decode_bytes("价格".encode("big5"), encoding="big5") == "价格"


def test_explicit_encoding_failure_names_source_and_offset():
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"ab\xff", encoding="utf-8", source="x.txt")
    assert info.value.source == "x.txt" and info.value.offset == 2


def test_unknown_encoding():
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"x", encoding="no-such-codec")


def test_empty_is_input_error():
    with pytest.raises(InputError, match="empty input"):
        decode_bytes(b"", source="e.md")


def test_nul_bytes_are_binary():
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"abc\x00def", source="bin")
    assert info.value.offset == 3 and "bin" in str(info.value)


def test_random_binary_is_rejected():
    data = bytes(range(128, 256)) * 4 + b"\x01\x02"
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, source="blob.bin")
    assert "blob.bin" in str(info.value) and info.value.offset is not None


def test_gb_bytes_that_decode_to_junk_are_rejected():
    # Valid GB18030 byte pairs, but the characters are not text a news site writes.
    data = bytes([0x81, 0x30, 0x81, 0x30]) * 50
    with pytest.raises(DecodeError):
        decode_bytes(data)
