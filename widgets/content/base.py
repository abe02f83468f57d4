"""Building blocks every content file shares: bilingual text, sourced facts, and loaders
that turn a trainer's mistake into a message naming the file, the line, the key and the fix."""

from __future__ import annotations

import csv
import dataclasses
import difflib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Literal, Sequence, TypeVar, get_args

import yaml
from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      field_validator, model_validator)
from pydantic_core import PydanticCustomError

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


#: English words that are not Indonesian words: one of them in a citation shown to Indonesian
#: readers means English prose slipped in ("individuals may not place workers, up to 10 years").
ENGLISH_WORDS = frozenset("""the of and for with from on by is are was were may not up to in at
an or this that which who what when where about after before into over under between than
their they it its be been has have had can could should would will must only also found
story page based see whose these those""".split())
_WORD = re.compile(r"[A-Za-z]+")
MONTHS = {"id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
          "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
IN_ENGLISH = {"id": "dalam bahasa Inggris", "en": "in English"}


def english_words(text: str) -> list[str]:
    """The English-only words in a text, in order (empty for Indonesian text and names);
    acronyms such as WHO or ILO are names, not words."""
    return [w for w in _WORD.findall(text) if w.lower() in ENGLISH_WORDS and not w.isupper()]


def _as_date(value: Any) -> str:
    text = str(value).strip()
    if not AS_OF_PATTERN.match(text):
        raise ValueError("a date must be written YYYY-MM-DD, YYYY-MM or YYYY")
    return text


def show_date(value: str, lang: str) -> str:
    """'2022-03-07' → '7 Mar 2022' (Indonesian or English month names); '2022' stays '2022'."""
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = MONTHS["en" if lang == "en" else "id"][int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


class Citation(StrictModel):
    """One source a participant may look up: who published what, when, and where to find it.

    A citation names things; it never explains them. Explanations belong in the bilingual text
    next to it. ``publisher``, ``title`` and ``where`` are shown as written to Indonesian
    readers, so they may not contain English prose; a document that is itself in English says
    ``language: en`` and is shown with "(dalam bahasa Inggris)"."""

    publisher: str = Field(min_length=2, description="who published it: Kompas.com, Kemnaker, DPR RI")
    title: str = Field(min_length=2, description="the title as published")
    date: Annotated[str | None, BeforeValidator(lambda v: None if v is None else _as_date(v))] = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    where: str | None = Field(default=None, min_length=1,
                              description="the part to read, in Indonesian: Pasal 80, hlm. 8")
    language: Literal["id", "en"] = "id"

    @model_validator(mode="after")
    def _readable_in_indonesian(self) -> "Citation":
        if self.url is None and self.where is None:
            raise PydanticCustomError(
                "citation_unfindable", "this citation does not say where to find it",
                {"fix": "add `url:` (the web address) or `where:` (e.g. Pasal 80, hlm. 8)"})
        fields = {"where": self.where}
        if self.language == "id":
            fields.update(publisher=self.publisher, title=self.title)
        for name, value in fields.items():
            found = english_words(value or "")
            if found:
                raise PydanticCustomError(
                    "citation_english",
                    "the citation's `{field}` has English words ({words}) but is shown to "
                    "Indonesian readers",
                    {"field": name, "words": ", ".join(dict.fromkeys(found)),
                     "fix": "write only names, titles and places in a citation and move any "
                            "explanation into the bilingual text; if the cited document is in "
                            "English, add `language: en`"})
        return self

    def show(self, lang: str) -> str:
        parts = [self.publisher, f"“{self.title}”" + (f" ({IN_ENGLISH[lang]})"
                                                     if self.language == "en" else "")]
        parts += [show_date(self.date, lang)] if self.date else []
        parts += [self.where] if self.where else []
        parts += [self.site] if self.url else []
        return ", ".join(parts)

    @property
    def site(self) -> str:
        """The web site only (``kompas.com``): readable on a phone, and with the title enough to
        find the page; the full address stays in the data and in ``waspada facts``."""
        return urlsplit(self.url or "").netloc.removeprefix("www.")


def _citations(value: Any, info: Any) -> Any:
    """A single citation may be written without the list; a plain line of text is the old form,
    except in a table whose folder has a citation list (``sources.yaml``): there a cell names
    citations by id, ``kepmendagri-2025; geonames: nomor 1213619`` (the text after ``:`` says
    where in that source to look)."""
    registry = (getattr(info, "context", None) or {}).get("sources")
    if isinstance(value, str) and registry is not None:
        return [_cited_by_id(part, registry) for part in value.split(";") if part.strip()]
    if isinstance(value, str):
        raise PydanticCustomError(
            "old_source",
            "`source` is one line of text (the old form); a source is now a list of citations",
            {"fix": "write `source:` then one line per citation, e.g. `- {publisher: Kompas.com, "
                    "title: \"Cek Syarat Menjadi TKI\", date: 2022-03-07, url: \"https://...\"}` "
                    "(or `where: Pasal 5` for a law); move any explanation into the text "
                    "(see docs/extending.md)"})
    return [value] if isinstance(value, dict) else value


def _cited_by_id(part: str, registry: dict[str, "Citation"]) -> dict:
    name, _, where = (bit.strip() for bit in part.partition(":"))
    if name not in registry:
        raise PydanticCustomError(
            "unknown_source", "no citation has the id `{name}`",
            {"name": name, "fix": f"use one of the ids in sources.yaml ({', '.join(sorted(registry))}) "
                                  "or add a citation with this id there"})
    cited = registry[name].model_dump(exclude_none=True)
    if where:
        cited["where"] = where
    return cited


#: What a `source:` key holds: one or more citations.
Source = Annotated[tuple[Citation, ...], BeforeValidator(_citations), Field(min_length=1)]


class SourceList(StrictModel):
    """A folder's ``sources.yaml``: citations named by id, for tables whose cells cannot hold one."""

    citations: dict[str, Citation] = Field(min_length=1)


def cite(source: Sequence[Citation] | str, lang: str) -> str:
    """A source as one line for people; trainer-uploaded data keeps its own text."""
    if isinstance(source, str):
        return source
    return "; ".join(c.show(lang) for c in source)


class Sourced(StrictModel):
    """Mixin for anything that states a fact: where it comes from and when it was last confirmed."""

    source: Source
    as_of: str
    #: For the facilitator and the reviewer only, never shown to participants: what is not yet
    #: confirmed, what a lawyer should check, what changed. Listed by `waspada facts`.
    review_note: Text | None = None

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
    """Parse a YAML file; return the data (help-number tokens filled in from help.yaml) and a
    key-path → line map for error messages."""
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
    lines = _key_lines(node) if node is not None else {}
    return expand_help_numbers(path, data, lines), lines


def _plain_words(error: dict, model_fields: Iterable[str] = ()) -> tuple[str, str]:
    """Turn one pydantic error into (what is wrong, how to fix it) in plain words."""
    loc = error["loc"]
    last = loc[-1] if loc else ""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if "fix" in ctx:
        return error["msg"], ctx["fix"]
    if kind == "missing":
        if last == "en":
            return ("the English text is missing",
                    "add an `en:` line with the English translation next to `id:`")
        if last == "id":
            return ("the Bahasa Indonesia text is missing",
                    "add an `id:` line with the Bahasa Indonesia text next to `en:`")
        if last in ("source", "as_of"):
            return (f"`{last}` is missing: every fact needs where it comes from and when it was checked",
                    "add `source:` (a list of citations: publisher, title, date, url or where) "
                    "and `as_of:` (YYYY-MM-DD)")
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


# ------------------------------------------------------------------ help numbers in texts
#: A help number written in any content text as ``{{help:kp2mi}}`` (its phone number) or
#: ``{{help:sapa-129.whatsapp}}``: the number itself lives only in ``help.yaml``, so a
#: corrected hotline is corrected in every card, story, question, slide and handout.
HELP_TOKEN = re.compile(r"\{\{help:([a-z0-9-]+)(?:\.(number|whatsapp))?\}\}")
HELP_FILE = "help.yaml"


def _help_numbers(path: Path) -> tuple[Path, dict[str, dict[str, str]]] | None:
    """The numbers in the ``help.yaml`` of the content folder ``path`` belongs to."""
    for folder in path.parents:
        candidate = folder / HELP_FILE
        if candidate.exists():
            try:
                raw = yaml.load(candidate.read_text(encoding="utf-8"), Loader=_YamlLoader) or {}
            except (OSError, yaml.YAMLError):
                return None  # help.yaml's own errors are reported when it is loaded
            numbers = {}
            for contact in raw.get("contacts") or []:
                if isinstance(contact, dict) and contact.get("id"):
                    numbers[str(contact["id"])] = {kind: str(contact[kind]) for kind in
                                                   ("number", "whatsapp") if contact.get(kind)}
            return candidate, numbers
    return None


def _literal_numbers(numbers: dict[str, dict[str, str]]) -> dict[str, str]:
    """Numbers long enough to be recognised in running text (not 110 or 129) → their token."""
    found = {}
    for contact, kinds in numbers.items():
        for kind, value in kinds.items():
            if sum(ch.isdigit() for ch in value) >= 7:
                found[value] = "{{help:%s%s}}" % (contact, "" if kind == "number" else f".{kind}")
    return found


def expand_help_numbers(path: Path, data: Any, lines: dict[tuple, int]) -> Any:
    """Replace ``{{help:...}}`` tokens in every string of a content file with the number from
    ``help.yaml``; refuse unknown contacts and numbers copied by hand."""
    if path.name == HELP_FILE:
        return data
    found = _help_numbers(path)
    if found is None:
        return data
    help_path, numbers = found
    literal = _literal_numbers(numbers)
    problems: list[Problem] = []

    def replace(match: re.Match, where: tuple) -> str:
        contact, kind = match.group(1), match.group(2) or "number"
        value = numbers.get(contact, {}).get(kind)
        if value is None:
            known = ", ".join(sorted(numbers)) or "none"
            problems.append(Problem(path, ".".join(map(str, where)),
                                    f"`{match.group(0)}` names no {kind} in {help_path.name} "
                                    f"(contacts: {known})",
                                    "use a contact id from help.yaml, e.g. {{help:kp2mi}}",
                                    _line_of(lines, where)))
            return match.group(0)
        return value

    def walk(value: Any, where: tuple) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*where, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*where, i)) for i, v in enumerate(value)]
        if isinstance(value, str):
            if where and where[-1] in ("source", "url", "title", "publisher", "where"):
                return value  # citations quote their documents as they are
            for number, token in literal.items():
                if number in value:
                    problems.append(Problem(
                        path, ".".join(map(str, where)),
                        f"the help number {number} is written out by hand",
                        f"write {token} instead, so a corrected number in help.yaml is "
                        "corrected here too", _line_of(lines, where)))
            return HELP_TOKEN.sub(lambda m: replace(m, where), value)
        return value

    expanded = walk(data, ())
    if problems:
        raise ContentError(problems)
    return expanded


def _line_of(lines: dict[tuple, int], where: tuple) -> int | None:
    while where:
        if where in lines:
            return lines[where]
        where = where[:-1]
    return None


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


#: Ids of items, and so the names of the files that hold one item each.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def load_folder(folder: Path, model: type[M], pattern: str = "*.yaml", item: str = "an id",
                example: str = "01-contoh.yaml") -> dict[str, M]:
    """Load every file of one kind from a folder; the file name (without .yaml) is the item's id,
    so a name that cannot be an id is refused (``item`` and ``example`` word the message)."""
    items: dict[str, M] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob(pattern)):
        if path.name.startswith(("_", ".")):
            continue
        if not re.match(ID_PATTERN, path.stem):
            problems.append(Problem(path, "", f"the file name `{path.stem}` cannot be {item}",
                                    f"use lower-case letters, digits and dashes, e.g. `{example}`"))
        try:
            items[path.stem] = load_yaml(path, model)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return items


# --------------------------------------------------------------------------- CSV

def load_csv(path: Path, row_model: type[M], sources: dict[str, Citation] | None = None) -> list[M]:
    """Load a CSV table row by row; a bad row is reported by its line number and column.
    ``sources`` is the folder's citation list, which `source` cells name by id."""
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
                rows.append(row_model.model_validate(
                    record, context={"sources": sources} if sources is not None else None))
            except ValidationError as exc:
                for item in exc.errors():
                    column = ".".join(str(p) for p in item["loc"])
                    what, fix = _plain_words(item, known)
                    problems.append(Problem(path, column, f"row {number - 1}: {what}", fix, number))
    if problems:
        raise ContentError(problems)
    return rows
