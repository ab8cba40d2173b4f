"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

Detection is deliberately small: strict UTF-8 first, then strict GB18030, which
is only accepted when the result looks like text (mostly CJK and printable
ASCII, no NULs or control characters). Anything else is a ``DecodeError`` that
names the source and the byte offset where decoding failed.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> decode_bytes("光明乳业".encode("gb18030"))
    '光明乳业'
"""

from __future__ import annotations

import codecs

import regex

from entitylink.errors import DecodeError, InputError

# Characters that do not occur in text: C0 controls except tab/LF/CR/FF, DEL, C1 controls.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Characters that plausible Chinese (or English) news is made of.
_TEXTLIKE = regex.compile(
    r"[\t\n\r\f\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2000-\u206f"
    r"\u00a0-\u00ff\u3400-\u4dbf\u2e80-\u2fdf\u3100-\u312f\ufe30-\ufe4f]"
)
_GB_MIN_TEXTLIKE = 0.95
# byte-order marks, looked up once (decode_bytes runs for every input)
_BOM_UTF8 = codecs.BOM_UTF8
_BOM_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_bytes(data: bytes, *, encoding: str | None = None, source: str = "<bytes>") -> str:
    """Decode ``data`` to ``str``; a leading byte-order mark is removed.

    Args:
        data: the raw bytes of one input.
        encoding: a codec name to use instead of detection (``"gbk"``, ``"utf-8"``...).
        source: what the bytes are (a path), named in error messages.

    Raises:
        InputError: ``data`` is empty.
        DecodeError: NUL bytes, or bytes that are not text in the encoding(s) tried.

    >>> decode_bytes(b"\\xef\\xbb\\xbfabc")
    'abc'
    """
    if not data:
        raise InputError("empty input", source=source)
    if encoding is not None:
        return _decode_explicit(data, encoding, source)
    if data.startswith(_BOM_UTF8):
        return _strict(data[3:], "utf-8", source, base=3)
    if data.startswith(_BOM_UTF16):
        text = _strict(data, "utf-16", source)
        _reject_controls(text, source)
        return text
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DecodeError("NUL byte: binary data, not text", source=source, offset=nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        gb_text: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and _looks_like_text(gb_text):
        return gb_text
    raise DecodeError(
        f"not UTF-8 ({utf8_error.reason}) and not GB18030 text; pass encoding= if you know it",
        source=source,
        offset=utf8_error.start,
    )


def _decode_explicit(data: bytes, encoding: str, source: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source=source) from None
    text = _strict(data, encoding, source)
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        raise DecodeError("NUL character: binary data, not text", source=source, offset=nul)
    return text


def _strict(data: bytes, encoding: str, source: str, *, base: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"invalid {encoding} ({exc.reason})", source=source, offset=base + exc.start
        ) from None


def _reject_controls(text: str, source: str) -> None:
    m = _CONTROL.search(text)
    if m:
        raise DecodeError(
            f"control character U+{ord(m.group()):04X}: binary data, not text",
            source=source,
            offset=m.start(),
        )


def _looks_like_text(text: str) -> bool:
    if _CONTROL.search(text):
        return False
    sample = text[:65536]
    good = len(_TEXTLIKE.findall(sample))
    return good >= _GB_MIN_TEXTLIKE * len(sample)
