"""Read a file into a raw table, keeping the analyst's row numbers.

This layer only reads: it decodes the bytes (UTF-8, a byte-order mark, or
Windows cp1252 with its '£'), finds the header, renames recognised columns to
their canonical names and indexes every row by its spreadsheet row number (the
header is row 1). What the rows mean is checked later, by
:mod:`~dp_analysis.loading.aggregated` and :mod:`~dp_analysis.loading.extract`.

A report-style pivot ('Sum of PEOPLE' above the table) is recognised here and
handed back as a grid of cells for :mod:`~dp_analysis.loading.pivot`.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dp_analysis.loading import aliases
from dp_analysis.loading.problems import ProblemLog, Reason

logger = logging.getLogger(__name__)

SYNTHETIC_MARK = "SYNTHETIC"
PARQUET_SYNTHETIC_KEY = b"dp_analysis.synthetic"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class RawTable:
    """A table as read, before validation.

    ``frame`` is indexed by spreadsheet row number; recognised columns carry
    their canonical names and ``headers`` maps them back to what the file
    called them. ``grid`` is set instead of ``frame`` for a report-style pivot.
    """

    source: str
    frame: pd.DataFrame | None = None
    headers: dict[str, str] = field(default_factory=dict)
    grid: dict[str, list[tuple]] | None = None
    marked_synthetic: bool = False
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)

    def header(self, column: str) -> str:
        """Return the column's name as the file spells it."""
        return self.headers.get(column, column)


def read_file(path: Path, problems: ProblemLog) -> RawTable:
    """Read a CSV, Excel or Parquet file into a :class:`RawTable`."""
    source = str(path)
    if not path.exists():
        problems.add(Reason.UNREADABLE, f"no such file: {source}")
        return RawTable(source)
    if path.stat().st_size == 0:
        problems.add(
            Reason.EMPTY_FILE,
            "the file is empty (0 bytes); expected a "
            "header row and at least one data row",
        )
        return RawTable(source)
    suffix = path.suffix.lower()
    marked = SYNTHETIC_MARK in path.name.upper()
    if suffix in EXCEL_SUFFIXES:
        raw = _read_excel(path, problems)
    elif suffix == ".parquet":
        raw = _read_parquet(path, problems)
    elif suffix in (".csv", ".txt", ".tsv"):
        raw = _read_text(path, problems)
    else:
        problems.add(
            Reason.UNREADABLE,
            f"cannot read '{path.suffix}' files; expected .csv, .xlsx or .parquet",
        )
        return RawTable(source)
    raw.marked_synthetic = raw.marked_synthetic or marked
    return raw


def frame_to_raw(source: str, frame: pd.DataFrame, problems: ProblemLog) -> RawTable:
    """Wrap a frame (from a database or a caller) as a :class:`RawTable`."""
    frame = frame.copy()
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    raw = RawTable(source, encoding="")
    _name_columns(raw, frame, problems)
    if raw.frame is not None and raw.frame.empty:
        problems.add(
            Reason.EMPTY_FILE,
            "the source has a header but no data rows; expected at least one row",
        )
    return raw


# -- text files ---------------------------------------------------------------


def _encoding_of(head: bytes) -> str:
    """Return the encoding a byte-order mark announces (UTF-8 when none)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    return "utf-8"


def _read_text(path: Path, problems: ProblemLog) -> RawTable:
    source = str(path)
    with path.open("rb") as file:
        head = file.read(4096)
    encoding = _encoding_of(head)
    body = head.removeprefix(codecs.BOM_UTF8)
    if not body.strip(b" \t\r\n\x00\xff\xfe"):
        problems.add(
            Reason.EMPTY_FILE,
            "the file holds no data (only blank lines "
            "or a byte-order mark); expected a header row and data rows",
        )
        return RawTable(source, encoding=encoding)

    # A UTF-16 file (Excel's "Unicode text") is decoded here, once.
    data: Path | io.BytesIO = path
    if encoding == "utf-16":
        text = path.read_text(encoding="utf-16")
        data = io.BytesIO(text.encode("utf-8"))
        encoding = "utf-8"
        head = text[:4096].encode("utf-8")

    delimiter = _sniff_delimiter(head, encoding)
    if _is_pivot(_first_rows(head, encoding, delimiter)):
        return _read_text_pivot(path, data, encoding, delimiter)

    try:
        table = _read_arrow_csv(data, "utf-8", delimiter)
        if encoding == "utf-8" and any(_is_binary(t) for t in table.schema.types):
            # Bytes that are not UTF-8 ('£' saved by Excel as cp1252): read again.
            encoding = "cp1252"
            table = _read_arrow_csv(data, encoding, delimiter)
    except pa.ArrowInvalid as error:
        _report_ragged(path, data, encoding, delimiter, error, problems)
        return RawTable(source, encoding=encoding)
    frame = table.to_pandas()
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    raw = RawTable(source, encoding=encoding)
    _name_columns(raw, frame, problems)
    if raw.frame is not None and raw.frame.empty:
        problems.add(
            Reason.EMPTY_FILE,
            "the file has a header row but no data "
            "rows; expected at least one row below the header",
        )
    return raw


def _read_arrow_csv(data: Path | io.BytesIO, encoding: str, delimiter: str) -> pa.Table:
    if isinstance(data, io.BytesIO):
        data.seek(0)
    return pa_csv.read_csv(
        data,
        read_options=pa_csv.ReadOptions(encoding=encoding),
        parse_options=pa_csv.ParseOptions(delimiter=delimiter),
        convert_options=pa_csv.ConvertOptions(
            auto_dict_encode=True, auto_dict_max_cardinality=1000
        ),
    )


def _is_binary(arrow_type: pa.DataType) -> bool:
    """Return True for a column pyarrow could not read as UTF-8 text."""
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    return bool(pa.types.is_binary(arrow_type))


def _sniff_delimiter(head: bytes, encoding: str) -> str:
    """Return the commonest of comma, tab and semicolon in the first line used."""
    lines = head.decode(encoding, errors="replace").splitlines()
    first_line = next((line for line in lines if line.strip()), "")
    return max((",", "\t", ";"), key=first_line.count)


def _first_rows(head: bytes, encoding: str, delimiter: str) -> list[tuple]:
    text = head.decode(encoding, errors="replace")
    return [tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _report_ragged(
    path: Path,
    data: Path | io.BytesIO,
    encoding: str,
    delimiter: str,
    error: pa.ArrowInvalid,
    problems: ProblemLog,
) -> None:
    """Record where a text file stops being a table, row by row as in Excel."""
    raw_bytes = data.getvalue() if isinstance(data, io.BytesIO) else path.read_bytes()
    text = raw_bytes.decode(encoding, errors="replace")
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    width = None
    for number, row in enumerate(rows, start=1):
        if width is None:
            width = len(row)
        elif row and len(row) != width:
            problems.add(
                Reason.UNREADABLE,
                f"this row has {len(row)} cells; "
                f"expected {width}, one for each column of the header",
                row=number,
            )
            return
    problems.add(Reason.UNREADABLE, f"cannot read as a table: {error}")


def _read_text_pivot(
    path: Path, data: Path | io.BytesIO, encoding: str, delimiter: str
) -> RawTable:
    raw_bytes = data.getvalue() if isinstance(data, io.BytesIO) else path.read_bytes()
    try:
        text = raw_bytes.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
        text = raw_bytes.decode(encoding)
    rows = [tuple(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return RawTable(str(path), grid={path.stem: rows}, encoding=encoding)


# -- Excel and Parquet --------------------------------------------------------


def _read_excel(path: Path, problems: ProblemLog) -> RawTable:
    import openpyxl

    source = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        problems.add(Reason.UNREADABLE, f"cannot open as an Excel workbook ({error})")
        return RawTable(source)
    sheets = {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }
    workbook.close()
    marked = any(SYNTHETIC_MARK in title.upper() for title in sheets)
    data_sheets = {
        title: rows
        for title, rows in sheets.items()
        if SYNTHETIC_MARK not in title.upper() and _has_cells(rows)
    }
    if not data_sheets:
        problems.add(
            Reason.EMPTY_FILE,
            "the workbook has no cells with data; expected a header row and data rows",
        )
        return RawTable(source, marked_synthetic=marked)

    pivots = {t: rows for t, rows in data_sheets.items() if _is_pivot(rows)}
    if pivots:
        return RawTable(source, grid=pivots, marked_synthetic=marked)
    title, rows = next(iter(data_sheets.items()))
    if len(data_sheets) > 1:
        logger.info("%s: reading sheet '%s'; other sheets ignored", source, title)
    return _sheet_to_raw(source, title, rows, marked, problems)


def _has_cells(rows: list[tuple]) -> bool:
    return any(cell not in (None, "") for row in rows for cell in row)


def _is_pivot(rows: list[tuple]) -> bool:
    for row in rows[:60]:
        for cell in row:
            if isinstance(cell, str) and aliases.fold(cell).startswith("sum of"):
                return True
    return False


def _sheet_to_raw(
    source: str, title: str, rows: list[tuple], marked: bool, problems: ProblemLog
) -> RawTable:
    """Find the header row of a plain table and keep Excel's row numbers."""
    header_at = 0
    for position, row in enumerate(rows[:20]):
        known = [c for c in row if c is not None and aliases.canonical_column(c)]
        if len(known) >= 2:
            header_at = position
            break
    header = [("" if c is None else str(c)) for c in rows[header_at]]
    while header and header[-1] == "":
        header.pop()
    body = [row[: len(header)] for row in rows[header_at + 1 :]]
    frame = pd.DataFrame(body, columns=header)
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    frame = frame.dropna(how="all")
    raw = RawTable(f"{source} (sheet '{title}')", marked_synthetic=marked)
    _name_columns(raw, frame, problems)
    if raw.frame is not None and raw.frame.empty:
        problems.add(
            Reason.EMPTY_FILE,
            f"sheet '{title}' has a header row but no "
            "data rows; expected at least one row below the header",
        )
    return raw


def _read_parquet(path: Path, problems: ProblemLog) -> RawTable:
    source = str(path)
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as error:
        problems.add(Reason.UNREADABLE, f"cannot read as Parquet ({error})")
        return RawTable(source)
    metadata = table.schema.metadata or {}
    marked = metadata.get(PARQUET_SYNTHETIC_KEY, b"").lower() == b"true"
    frame = table.to_pandas()
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    raw = RawTable(source, marked_synthetic=marked, encoding="")
    _name_columns(raw, frame, problems)
    if raw.frame is not None and raw.frame.empty:
        problems.add(
            Reason.EMPTY_FILE,
            "the file has columns but no rows; expected at least one row",
        )
    return raw


# -- column names -------------------------------------------------------------


def _name_columns(raw: RawTable, frame: pd.DataFrame, problems: ProblemLog) -> None:
    """Rename recognised columns to canonical names; report duplicates."""
    renames: dict[str, str] = {}
    for original in frame.columns:
        canonical = aliases.canonical_column(original)
        if canonical is None:
            continue
        if canonical in raw.headers:
            problems.add(
                Reason.DUPLICATE_COLUMN,
                f"columns '{raw.headers[canonical]}' and '{original}' both hold "
                f"{canonical}; expected only one of them",
                row=1,
                column=str(original),
            )
            continue
        raw.headers[canonical] = str(original)
        renames[original] = canonical
    raw.frame = frame.rename(columns=renames)
