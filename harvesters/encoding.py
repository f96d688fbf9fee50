"""One text-encoding detector for every reader (harvest CSV, GIS CSV, FOI log).

A BOM decides (UTF-8, UTF-16 LE/BE, UTF-32); then strict UTF-8; otherwise
charset-normalizer chooses among the single-byte code pages council systems export
(Windows-1252, MacRoman, Latin-1), judging only the lines that hold non-ASCII bytes.

Errors are :class:`EncodingProblem` (a ``ValueError`` with ``line`` and ``likely``); each
package wraps it in its own error type. Line numbers count CR, LF and CRLF line ends.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

SINGLE_BYTE = ("cp1252", "mac_roman", "latin_1")
"""Candidates, most likely first: ties go to Windows-1252."""
BOMS = (  # UTF-32 LE before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)
NAMES = {"cp1252": "cp1252", "mac-roman": "mac_roman", "iso8859-1": "latin-1", "utf-8": "utf-8"}
"""Python codec name -> the spelling to give as ``encoding:``."""
SAMPLE_LIMIT = 1 << 18
LINE_END = re.compile(r"\r\n?|\n")
NON_ASCII = re.compile(rb"[\x80-\xff]")


class EncodingProblem(ValueError):
    """The bytes cannot be (or should not be) read in the declared encoding."""

    def __init__(self, message: str, *, line: int | None = None, likely: str | None = None) -> None:
        self.line, self.likely = line, likely
        super().__init__(message)


@dataclass
class Decoded:
    text: str
    encoding: str
    """Python codec that decoded the text."""
    note: str | None = None
    """Set when the encoding used is not the one declared (detected, or told by a BOM)."""


def name(encoding: str) -> str:
    """The ``encoding:`` spelling of a codec (``mac_roman``, ``cp1252``, ``latin-1``)."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return NAMES.get(codec, codec)


def bom(data: bytes) -> tuple[str, str] | None:
    """(codec, label) told by a byte-order mark at the start of ``data``."""
    for mark, codec, label in BOMS:
        if data.startswith(mark):
            return codec, label
    return None


def line_number(text: str, offset: int) -> int:
    """1-based line of character ``offset``; CR-only, LF and CRLF line ends all count."""
    return len(LINE_END.findall(text, 0, offset)) + 1


def _non_ascii_lines(data: bytes) -> bytes:
    """The lines holding non-ASCII bytes (what tells code pages apart), at most SAMPLE_LIMIT."""
    end_of_line = b"\n" if b"\n" in data else b"\r"
    out = bytearray()
    pos = 0
    while len(out) < SAMPLE_LIMIT and (m := NON_ASCII.search(data, pos)):
        start = data.rfind(end_of_line, 0, m.start()) + 1
        end = data.find(end_of_line, m.end())
        end = len(data) if end < 0 else end
        out += data[start:end].rstrip(b"\r") + b"\n"
        pos = end + 1
    return bytes(out[:SAMPLE_LIMIT])


def guess(sample: bytes) -> str:
    """The single-byte code page charset-normalizer finds most plausible for ``sample``."""
    best = from_bytes(sample, cp_isolation=list(SINGLE_BYTE)).best() if sample else None
    return name(best.encoding) if best is not None else "cp1252"


def detect(data: bytes) -> str:
    """``data``'s encoding: BOM, else UTF-8 if valid, else :func:`guess` on its non-ASCII lines."""
    told = bom(data)
    if told:
        return told[0]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return guess(_non_ascii_lines(data))
    return "utf-8"


def detect_file(path: Path, chunk: int = 1 << 20) -> str:
    """:func:`detect` for a file, streamed (a large GIS CSV is never held whole)."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    sample = bytearray()
    valid = True
    with path.open("rb") as handle:
        head = handle.read(4)
        told = bom(head)
        if told:
            return told[0]
        data = head
        while data:
            if valid:
                try:
                    utf8.decode(data)
                except UnicodeDecodeError:
                    valid = False
            if not valid and len(sample) < SAMPLE_LIMIT:
                sample += _non_ascii_lines(data) + b"\n"
            data = handle.read(chunk)
        if valid:
            try:
                utf8.decode(b"", final=True)
                return "utf-8"
            except UnicodeDecodeError:
                pass
    return guess(bytes(sample[:SAMPLE_LIMIT]))


def _decode_strict(data: bytes, codec: str, declared: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        before = data[: e.start].decode(codec, errors="replace")
        line = line_number(before, len(before))
        likely = detect(data)
        likely = likely if likely != codec else None
        advice = f"; set `encoding: {name(likely)}` (or `auto`)" if likely else ""
        label = "UTF-8" if codec.startswith("utf-8") else name(declared)
        raise EncodingProblem(
            f"not valid {label}: byte 0x{data[e.start]:02x} at offset {e.start}"
            + (f"; the bytes look like {name(likely)}" if likely else "")
            + advice,
            line=line,
            likely=likely,
        ) from e


def _excerpt(line: str) -> str:
    return repr(line if len(line) <= 60 else line[:57] + "...")


def _check_single_byte(data: bytes, text: str, declared: str) -> None:
    """Refuse a declared code page that reads the bytes as mojibake another explains."""
    if data.isascii():
        return
    likely = detect(data)
    if name(likely) == name(declared):
        return
    other = data.decode(likely, errors="replace")
    if len(other) == len(text):  # single-byte both: offsets agree, find the first difference
        at = next((m.start() for m in NON_ASCII.finditer(data) if text[m.start()] != other[m.start()]), None)
    else:
        at = next((m.start() for m in NON_ASCII.finditer(data)), None)
    if at is None:
        return  # e.g. latin-1 declared, cp1252 detected: the same text
    line = line_number(text, at)
    ours, theirs = LINE_END.split(text)[line - 1], LINE_END.split(other)[line - 1]
    raise EncodingProblem(
        f"declared encoding {name(declared)} reads this line as {_excerpt(ours)}, but the bytes look "
        f"like {name(likely)} ({_excerpt(theirs)}); set `encoding: {name(likely)}` (or `auto`)",
        line=line,
        likely=likely,
    )


def decode(data: bytes, declared: str = "auto") -> Decoded:
    """Decode ``data`` declared as ``declared`` (a codec name or ``auto``).

    A BOM wins over the declaration (noted). A declared encoding that fails, or that reads
    the bytes as text another likely encoding explains better, raises :class:`EncodingProblem`
    naming the line and the likely encoding.
    """
    told = bom(data)
    if told:
        codec, label = told
        text = _decode_strict(data, codec, codec)
        single_byte = declared.lower() != "auto" and not name(declared).startswith("utf")
        quiet = label == "UTF-8" and not single_byte  # UTF-8 declared or auto: nothing to say
        note = None if quiet else f"encoding {label}, told by its byte-order mark (BOM)"
        return Decoded(text, codec, note)  # these codecs drop the BOM
    if declared.lower() == "auto":
        codec = detect(data)
        text = _decode_strict(data, codec, codec)
        note = None if codec == "utf-8" else f"encoding detected as {name(codec)}"
        return Decoded(text, codec, note)
    try:
        codec = codecs.lookup(declared).name
    except LookupError as e:
        raise EncodingProblem(
            f"unknown encoding {declared!r}; use utf-8, cp1252, mac_roman, latin-1 or auto"
        ) from e
    if codec == "utf-8-sig":
        codec = "utf-8"
    text = _decode_strict(data, codec, declared)
    if codec != "utf-8" and len(text) == len(data):  # a single-byte code page
        _check_single_byte(data, text, declared)
    return Decoded(text, codec)
