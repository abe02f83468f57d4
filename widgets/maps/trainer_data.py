"""A trainer's own district figures (a CSV) as a map layer.

The file needs one column naming the district (its Kemendagri code, or its name), one or more
number columns, and a ``source`` column saying where each row's figures come from. A column
whose name says it is a rate (``per_100k``, ``per100000``, ``rate``, ``persen``…) is drawn as a
choropleth when boundaries are loaded; counts are always drawn as proportional symbols, because
colouring areas by raw counts makes big districts look worse than they are."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.base import AS_OF_PATTERN, ContentError, Problem
from ..content.geo import District
from .boundaries import code_key, name_key

CODE_COLUMNS = ("code", "kode", "kode_kemendagri", "kemendagri", "kode_wilayah")
NAME_COLUMNS = ("name", "nama", "district", "kabupaten_kota", "kabkota", "kab_kota",
                "kabupaten", "wilayah", "daerah")
SOURCE_COLUMNS = ("source", "sumber")
DATE_COLUMNS = ("as_of", "tanggal", "date", "tahun", "year")
RATE_HINTS = re.compile(r"(per_?100|per_?1000|per\s?100|rate|rasio|persen|percent|pct|%)", re.I)


@dataclass
class Series:
    """One number column: its values per district code, and whether it is a rate."""

    column: str
    is_rate: bool
    values: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.column.replace("_", " ").strip()


@dataclass
class TrainerData:
    path: Path
    series: list[Series]
    sources: dict[str, str]   # district code → the row's source
    dates: dict[str, str]     # district code → the row's as_of (may be missing)


def _find(header: list[str], options: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[o] for o in options if o in lowered), None)


def _number(text: str) -> float:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        raise ValueError("comma")
    return float(cleaned)


def load(path: Path, districts: dict[str, District]) -> TrainerData:
    """Read and check the CSV; every problem names its row, column and what to do."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError as exc:
        raise ContentError([Problem(path, "", "the data file does not exist",
                                    "check the path you gave with --data")]) from exc
    problems: list[Problem] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ContentError([Problem(path, "", "the file is empty",
                                        "put the column names on the first line")]) from None
        except UnicodeDecodeError as exc:
            raise ContentError([Problem(path, "", "the file is not UTF-8 text",
                                        "save it as 'CSV UTF-8' in your spreadsheet")]) from exc
        code_col = _find(header, CODE_COLUMNS)
        name_col = None if code_col else _find(header, NAME_COLUMNS)
        source_col = _find(header, SOURCE_COLUMNS)
        date_col = _find(header, DATE_COLUMNS)
        if not code_col and not name_col:
            problems.append(Problem(path, "", "no column says which district a row is about",
                                    "add a column `code` (e.g. 12.18) or `name` (e.g. Serdang "
                                    "Bedagai)", 1))
        if not source_col:
            problems.append(Problem(path, "", "there is no `source` column",
                                    "add a column `source` saying who published each row's "
                                    "figures and when", 1))
        value_cols = [h for h in header if h and h not in (code_col, name_col, source_col,
                                                           date_col)]
        if not value_cols:
            problems.append(Problem(path, "", "there is no column with numbers to map",
                                    "add at least one column of figures, e.g. `cases_2024`", 1))
        if problems:
            raise ContentError(problems)
        series = [Series(c, bool(RATE_HINTS.search(c))) for c in value_cols]
        by_name = {name_key(d.name): d.code for d in districts.values()}
        sources: dict[str, str] = {}
        dates: dict[str, str] = {}
        seen: dict[str, int] = {}
        for line, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue
            row = dict(zip(header, raw))
            if len(raw) != len(header):
                problems.append(Problem(path, "", f"row {line - 1} has {len(raw)} cells but the "
                                        f"header has {len(header)}",
                                        "check for a missing or extra comma; put text with commas "
                                        "in double quotes", line))
                continue
            who = (row.get(code_col) if code_col else row.get(name_col) or "").strip()
            code = code_key(who) if code_col else by_name.get(name_key(who))
            if code not in districts:
                column = code_col or name_col
                problems.append(Problem(path, column, f"row {line - 1}: `{who}` is not one of the "
                                        "33 kabupaten/kota of Sumatera Utara",
                                        "use a Kemendagri code like 12.18, or a name from "
                                        "datasets/geo/districts.csv", line))
                continue
            if code in seen:
                problems.append(Problem(path, code_col or name_col, f"row {line - 1}: "
                                        f"{districts[code].name} already appears in row "
                                        f"{seen[code]}", "keep one row per district", line))
                continue
            seen[code] = line - 1
            source = row.get(source_col, "").strip()
            if len(source) < 3:
                problems.append(Problem(path, source_col, f"row {line - 1} "
                                        f"({districts[code].name}) has no source",
                                        "say who published the figures and when", line))
            else:
                sources[code] = source
            if date_col and row.get(date_col, "").strip():
                date = row[date_col].strip()
                if not AS_OF_PATTERN.match(date):
                    problems.append(Problem(path, date_col, f"row {line - 1}: `{date}` is not a "
                                            "date", "write it as YYYY-MM-DD, YYYY-MM or YYYY",
                                            line))
                else:
                    dates[code] = date
            for s in series:
                text = row.get(s.column, "").strip()
                if not text:
                    continue  # no figure for this district: shown as "no data"
                try:
                    value = _number(text)
                except ValueError:
                    problems.append(Problem(path, s.column, f"row {line - 1} "
                                            f"({districts[code].name}): `{text}` is not a number",
                                            "write digits only, with a dot for decimals and no "
                                            "thousands separator (1250 or 3.5); leave it empty "
                                            "when there is no figure", line))
                    continue
                if value < 0:
                    problems.append(Problem(path, s.column, f"row {line - 1}: a figure cannot "
                                            "be negative", "correct the number", line))
                    continue
                s.values[code] = value
    if problems:
        raise ContentError(problems)
    return TrainerData(path, [s for s in series if s.values], sources, dates)
