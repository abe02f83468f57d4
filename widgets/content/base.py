"""Building blocks every content file shares: bilingual text, sourced facts, and loaders
that turn a trainer's mistake into a message naming the file, the line, the key and the fix."""

from __future__ import annotations

import csv
import dataclasses
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

LANGUAGES = ("id", "en")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
#: Keys a trainer may write in Indonesian by habit, and the key the file expects.
INDONESIAN_KEYS = {"sumber": "source", "tanggal": "as_of", "judul": "title", "ringkasan": "summary",
                   "menit": "minutes", "nama": "name", "nomor": "number", "teks": "text"}
AS_OF_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one content file, said so that a trainer can fix it."""

    file: Path
    where: str
    what: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        place = f"{self.file}" + (f", line {self.line}" if self.line else "")
        key = f" (key `{self.where}`)" if self.where else ""
        return f"{place}{key}: {self.what}. Fix: {self.fix}"


class ContentError(Exception):
    """Raised when content cannot be loaded; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StrictModel(BaseModel):
    """Content models refuse unknown keys so a typo ('sumber' for 'source') is caught, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(StrictModel):
    """A participant-facing text: Bahasa Indonesia first, English second, both required."""

    id: str = Field(min_length=1, description="Bahasa Indonesia")
    en: str = Field(min_length=1, description="English")
    #: Optional recordings of this text, per language: file names in ``datasets/audio/``
    #: (played by the read-aloud control instead of the phone's voice; see content/audio.py).
    audio: dict[str, str] | None = None

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def recording(self, lang: str) -> str | None:
        return (self.audio or {}).get(lang) or None


class Sourced(StrictModel):
    """Mixin for anything that states a fact: where it comes from and when it was last confirmed."""

    source: str = Field(min_length=3)
    as_of: str

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_is_a_date(cls, value: Any) -> str:
        text = str(value).strip()
        if not AS_OF_PATTERN.match(text):
            raise ValueError("as_of must be a date written YYYY-MM-DD, YYYY-MM or YYYY")
        return text


def iter_texts(value: Any, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every bilingual text inside loaded content, with its key path: what parity checks and
    translators' counts walk over (models, dicts, lists and the catalog's dataclasses)."""
    join = (lambda key: f"{path}.{key}") if path else str
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_texts(getattr(value, name), join(name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_texts(item, join(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from iter_texts(item, join(index))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from iter_texts(getattr(value, field.name), join(field.name))


M = TypeVar("M", bound=BaseModel)
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------- YAML

def _key_lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map every key path in a composed YAML document to its 1-based line number."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = path + (key_node.value,)
            lines.update(_key_lines(value_node, sub))
            lines[sub] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_key_lines(item, path + (index,)))
    return lines


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Parse a YAML file; return the data and a key-path → line map for error messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContentError([Problem(path, "", "the file does not exist",
                                    "create it, or check the folder you passed with --datasets")]
                           ) from exc
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(path, "", f"the file is not UTF-8 text ({exc.reason})",
                                    "save the file as UTF-8 in your editor")]) from exc
    loader = _YamlLoader(text)
    try:
        # One parse (libyaml when present) gives both the data and every key's line.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(
            path, "", f"this is not valid YAML ({reason})",
            "check the indentation (spaces, not tabs) and put text containing ':' or '#' in quotes",
            line)]) from exc
    finally:
        loader.dispose()
    return data, (_key_lines(node) if node is not None else {})


def _plain_words(error: dict, model_fields: Iterable[str] = ()) -> tuple[str, str]:
    """Turn one pydantic error into (what is wrong, how to fix it) in plain words."""
    loc = error["loc"]
    last = loc[-1] if loc else ""
    kind = error["type"]
    if kind == "missing":
        if last == "en":
            return ("the English text is missing",
                    "add an `en:` line with the English translation next to `id:`")
        if last == "id":
            return ("the Bahasa Indonesia text is missing",
                    "add an `id:` line with the Bahasa Indonesia text next to `en:`")
        if last in ("source", "as_of"):
            return (f"`{last}` is missing: every fact needs where it comes from and when it was checked",
                    "add `source:` (who said it, title, link) and `as_of:` (YYYY-MM-DD)")
        return (f"the required key `{last}` is missing", f"add `{last}:` here")
    if kind == "extra_forbidden":
        fields = list(model_fields)
        translated = INDONESIAN_KEYS.get(str(last).lower())
        hint = [translated] if translated in fields else difflib.get_close_matches(
            str(last), fields, n=1)
        suggestion = f"did you mean `{hint[0]}`? " if hint else ""
        return (f"`{last}` is not a key this file knows",
                f"{suggestion}remove it or correct its spelling")
    if kind in ("string_too_short",) and last in LANGUAGES:
        lang = LANGUAGE_NAMES[str(last)]
        return (f"the {lang} text is empty", f"write the {lang} text after `{last}:`")
    if kind in ("string_type", "model_type", "dict_type") and error.get("input") is not None \
            and isinstance(error.get("input"), str) and kind != "string_type":
        return ("a plain text was given where both languages are needed",
                "write it as two lines: `id: ...` and `en: ...`")
    given = error.get("input")
    shown = f" (it says `{given}`)" if isinstance(given, (str, int, float)) else ""
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return (f"this value is not one of the allowed ones{shown}",
                f"write one of: {ctx.get('expected', '')}")
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type"):
        return (f"a number is needed here{shown}", "write digits only, e.g. 45")
    if kind == "bool_parsing":
        return (f"a yes/no value is needed here{shown}", "write `true` or `false`")
    if kind == "string_pattern_mismatch":
        return (f"this value has characters that are not allowed{shown}",
                "use lower-case letters, digits and dashes only, e.g. `tanda-bahaya`"
                if "a-z0-9" in str(ctx.get("pattern", "")) else
                f"make it match the pattern {ctx.get('pattern')}")
    if kind in ("list_type", "tuple_type"):
        return ("a list is needed here", "write each item on its own line starting with `- `")
    if kind in ("greater_than", "less_than_equal", "greater_than_equal", "less_than"):
        return (error.get("msg", "the number is out of range").lower(), "change the number")
    message = error.get("msg", "invalid value").removeprefix("Value error, ")
    return (message[0].lower() + message[1:] if message else "invalid value",
            "change the value as the message says; see docs/extending.md for each file's keys")


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``list[Card]`` or ``Text | None``."""
    if isinstance(annotation, type) and not get_args(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model a location points into, for spelling hints."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field is not None else None
    return list(current.model_fields) if current is not None else []


def problems_from_validation(path: Path, error: ValidationError, lines: dict[tuple, int],
                             model: type[BaseModel], prefix: tuple = ()) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = prefix + tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        line = None
        probe = loc
        while probe and line is None:
            line = lines.get(probe)
            probe = probe[:-1]
        line = line or lines.get(())
        what, fix = _plain_words(item, _fields_at(model, tuple(item["loc"])))
        where = ".".join(str(p) for p in loc)
        problems.append(Problem(path, where, what, fix, line))
    return problems


def load_yaml(path: Path, model: type[M]) -> M:
    """Load one YAML file into a typed model, or raise ContentError naming file, line and key."""
    data, lines = read_yaml(path)
    if data is None:
        raise ContentError([Problem(path, "", "the file is empty",
                                    "fill it in, or delete it if it is not needed")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(problems_from_validation(path, exc, lines, model)) from exc


def load_folder(folder: Path, model: type[M], pattern: str = "*.yaml") -> dict[str, M]:
    """Load every file of one kind from a folder; the file name (without .yaml) is the item's id."""
    items: dict[str, M] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob(pattern)):
        if path.name.startswith(("_", ".")):
            continue
        try:
            items[path.stem] = load_yaml(path, model)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return items


# --------------------------------------------------------------------------- CSV

def load_csv(path: Path, row_model: type[M]) -> list[M]:
    """Load a CSV table row by row; a bad row is reported by its line number and column."""
    problems: list[Problem] = []
    rows: list[M] = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError as exc:
        raise ContentError([Problem(path, "", "the file does not exist",
                                    "check the file name and folder")]) from exc
    with handle:
        reader = csv.DictReader(handle)
        known = set(row_model.model_fields)
        unknown = [c for c in (reader.fieldnames or []) if c not in known]
        for column in unknown:
            hint = difflib.get_close_matches(column, list(known), n=1)
            problems.append(Problem(path, column, f"the column `{column}` is not known",
                                    (f"did you mean `{hint[0]}`? " if hint else "")
                                    + f"columns allowed: {', '.join(row_model.model_fields)}", 1))
        for number, raw in enumerate(reader, start=2):
            record = {k: (v if v != "" else None) for k, v in raw.items() if k in known}
            try:
                rows.append(row_model.model_validate(record))
            except ValidationError as exc:
                for item in exc.errors():
                    column = ".".join(str(p) for p in item["loc"])
                    what, fix = _plain_words(item, known)
                    problems.append(Problem(path, column, f"row {number - 1}: {what}", fix, number))
    if problems:
        raise ContentError(problems)
    return rows
