"""Reading what the checker checks: a `.py` file, or the code cells of a notebook.

Each piece of code to parse is a `Unit`: the whole of a `.py` file, or one code cell. A unit
keeps its exact text (fixes edit it by offsets) and converts `ast` positions (line, column
in UTF-8 bytes) to what a person reads (line, column in characters, both from 1).

Notebook cells may hold IPython syntax (`%magic`, `!shell`, `x?`) that `ast` cannot parse:
those lines become `pass` in the text that is parsed, keeping every other line and column
where it was. A `!curl ...` line (with its `\\` continuation lines) is a call to the API: it
becomes `['curl ...']`, a string the curl-aware rules read, on the line it starts (its
continuation lines `pass`). A `%%bash` / `%%sh` / `%%script bash` cell is shell: its curl
commands become such strings, every other line `pass`; any other `%%` cell is skipped.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# `%magic`, `!shell`, `?help`, `x = !shell`, `x = %magic`, `obj?`, `obj??`
MAGIC_LINE = re.compile(r"^([ \t]*)(?:[%!?]|[\w.]+[ \t]*=[ \t]*[%!]|[\w.]+\?\??[ \t]*$)")
# `!curl ...` or `out = !curl ...`: group 1 is everything before the `!`.
SHELL_CURL = re.compile(r"^([ \t]*(?:[\w.]+[ \t]*=[ \t]*)?)!(?=[ \t]*curl\s)")
SHELL_CELL = re.compile(r"^%%(?:bash|sh|script[ \t]+(?:ba)?sh)\b")


class ReadError(Exception):
    """The file cannot be read or is not what its name says (a message for the user)."""


@dataclass
class Unit:
    """One piece of code parsed on its own: a `.py` file, or one code cell (numbered from 1)."""

    text: str
    cell: int | None = None
    parsed_text: str | None = None  # what `ast` reads, when it differs from `text`
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def code(self) -> str:
        """The text handed to `ast.parse`."""
        return self.text if self.parsed_text is None else self.parsed_text

    def line_starts(self) -> list[int]:
        """Offsets where each line starts (index 0 is line 1), with the text length at the end."""
        if self._starts is None:
            self._starts = [0, *(match.end() for match in LINE_BREAK.finditer(self.text)), len(self.text)]
        return self._starts

    def line(self, lineno: int) -> str:
        """The text of line `lineno` (from 1), with its line break."""
        starts = self.line_starts()
        return self.text[starts[lineno - 1] : starts[min(lineno, len(starts) - 1)]]

    def column(self, lineno: int, col_bytes: int) -> int:
        """A UTF-8 byte column of line `lineno` as a character column (both from 0)."""
        text = self.line(lineno)
        if text.isascii():
            return col_bytes
        return len(text.encode("utf-8")[:col_bytes].decode("utf-8", errors="ignore"))

    def offset(self, lineno: int, col_bytes: int) -> int:
        """The character offset in `text` of an `ast` position."""
        return self.line_starts()[lineno - 1] + self.column(lineno, col_bytes)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _command(lines: list[str], index: int) -> tuple[str, int]:
    """The shell command starting at `lines[index]`, its `\\` continuations joined, and how many
    lines it takes."""
    parts: list[str] = []
    count = 0
    for line in lines[index:]:
        count += 1
        text = line.rstrip("\r\n")
        if not text.endswith("\\"):
            parts.append(text)
            break
        parts.append(text[:-1])
    return " ".join(parts), count


def _as_string(prefix: str, command: str, ending: str) -> str:
    """`['curl ...']` in place of `!curl ...`: the string starts where `curl` did."""
    return f"{prefix}[{command.strip()!r}]{ending}"


def mask_magics(source: str) -> str | None:
    """The cell's text with IPython-only lines turned into `pass` (`!curl` lines into strings);
    None for a `%%` cell magic."""
    if source.lstrip().startswith("%%"):
        return None
    lines = source.splitlines(keepends=True)
    changed = False
    seen_code = False
    index = 0
    while index < len(lines):
        line = lines[index]
        match = MAGIC_LINE.match(line)
        if match and not line.lstrip().startswith("#"):
            indent = match.group(1) if seen_code else ""  # IPython ignores a first line's indent
            curl = SHELL_CURL.match(line)
            if curl:
                command, count = _command(lines, index)
                prefix = curl.group(1) if seen_code else curl.group(1).lstrip()
                lines[index] = _as_string(prefix, command[curl.end() :], _ending(line))
                for later in range(index + 1, index + count):
                    lines[later] = f"{indent}pass{_ending(lines[later])}"
                index += count - 1
            else:
                lines[index] = f"{indent}pass{_ending(line)}"
            changed = True
        seen_code = seen_code or bool(line.strip())
        index += 1
    return "".join(lines) if changed else source


def mask_shell_cell(source: str) -> str | None:
    """A `%%bash` cell as Python: each curl command a string on its first line, the rest `pass`;
    None when the cell is not a shell cell."""
    if not SHELL_CELL.match(source.lstrip()):
        return None
    lines = source.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if index > 0 and (stripped.startswith("curl ") or stripped.startswith("curl\t")):
            command, count = _command(lines, index)
            lines[index] = _as_string("", command, _ending(line))
        else:
            command, count = _command(lines, index)
            lines[index] = f"pass{_ending(line)}"
        for later in range(index + 1, index + count):
            lines[later] = f"pass{_ending(lines[later])}"
        index += count
    return "".join(lines)


@dataclass
class PythonFile:
    """A `.py` file: one unit, and how to write it back byte for byte."""

    path: Path
    text: str
    encoding: str
    bom: bool

    @property
    def units(self) -> list[Unit]:
        """The single unit of the file."""
        return [Unit(self.text)]

    def rendered(self, units: list[Unit]) -> bytes:
        """The file's bytes with the given unit text."""
        data = units[0].text.encode(self.encoding)
        return b"\xef\xbb\xbf" + data if self.bom else data


@dataclass
class Notebook:
    """A notebook: one unit per code cell, and the JSON layout to write it back in."""

    path: Path
    text: str
    document: dict[str, Any]
    layout: dict[str, Any] | None  # json.dumps arguments reproducing the file, None if unknown
    cell_units: list[Unit]

    @property
    def units(self) -> list[Unit]:
        """One unit per code cell that is Python."""
        return self.cell_units

    def rendered(self, units: list[Unit]) -> bytes:
        """The notebook's bytes with changed cells rewritten; every other byte as it was."""
        if self.layout is None:
            raise ReadError("its JSON layout is not one nbformat writes; not rewritten")
        cells = self.document["cells"]
        for unit in units:
            assert unit.cell is not None
            cell = cells[unit.cell - 1]
            old = cell["source"]
            cell["source"] = unit.text.splitlines(keepends=True) if isinstance(old, list) else unit.text
        text = json.dumps(self.document, **self.layout["dumps"]) + self.layout["end"]
        return text.encode("utf-8")


Source = PythonFile | Notebook


def decode_python(data: bytes) -> tuple[str, str, bool]:
    """Text, encoding and BOM of Python source bytes (PEP 263 coding cookies honoured)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError:
        pass
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding, bom
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise ReadError(f"cannot decode: {error}") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ReadError saying why not."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None


def read_python(path: Path, data: bytes) -> PythonFile:
    """A `.py` file from its bytes."""
    text, encoding, bom = decode_python(data)
    return PythonFile(path, text, encoding, bom)


def _layout(text: str, document: dict[str, Any]) -> dict[str, Any] | None:
    """The json.dumps arguments that reproduce `text` exactly (nbformat: indent=1, no ASCII escapes)."""
    end = text[len(text.rstrip("\n")) :]
    body = text[: len(text) - len(end)]
    for indent in (1, 2, 4, None):
        for ensure_ascii in (False, True):
            dumps = {"indent": indent, "ensure_ascii": ensure_ascii}
            if json.dumps(document, **dumps) == body:
                return {"dumps": dumps, "end": end}
    return None


def _is_python(document: dict[str, Any]) -> bool:
    metadata = document.get("metadata") or {}
    language = (metadata.get("language_info") or {}).get("name") or (metadata.get("kernelspec") or {}).get(
        "language"
    )
    return language in (None, "python", "python3")


def read_notebook(path: Path, data: bytes) -> Notebook:
    """A notebook from its bytes: its Python code cells as units, numbered as they stand."""
    try:
        text = data.decode("utf-8")
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReadError(f"not a readable notebook: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise ReadError("not a notebook: no list of cells")
    units: list[Unit] = []
    if _is_python(document):
        for number, cell in enumerate(document["cells"], start=1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            masked = mask_magics(source)
            if masked is None:
                masked = mask_shell_cell(source)
            if masked is not None:
                units.append(Unit(source, number, None if masked == source else masked))
    return Notebook(path, text, document, _layout(text, document), units)


def read_source(path: Path) -> Source:
    """Read a `.ipynb` notebook or a Python file; ReadError when it cannot be."""
    data = read_bytes(path)
    if path.suffix == ".ipynb":
        return read_notebook(path, data)
    return read_python(path, data)
