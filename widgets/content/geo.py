"""Geography of the workshop: the 33 kabupaten/kota, what is known about where migrant workers
come from, where they leave from, and where help is.

Everything here is a sourced fact. Where nothing is known the data says nothing (no row), and
the map says "belum ada data / no data" — a figure is never made up to fill a gap."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .base import Problem, Source, SourceList, Sourced, StrictModel, Text, load_csv, load_yaml

DISTRICT_CODE = r"^12\.\d{2}$"
#: The five districts the kit focuses on (DESIGN.md): listed first and always labelled.
FOCUS_DISTRICTS = ("12.18", "12.07", "12.71", "12.05", "12.08")


class District(Sourced):
    """One kabupaten or kota: Kemendagri code, seat and population (one CSV row)."""

    code: str = Field(pattern=DISTRICT_CODE)
    name: str = Field(min_length=3)
    type: Literal["kabupaten", "kota"]
    seat: str = Field(min_length=2)
    lat: float | None = Field(default=None, ge=-2, le=6)
    lon: float | None = Field(default=None, ge=95, le=102)
    population: int = Field(gt=0)
    population_year: int = Field(ge=2000, le=2100)

    @model_validator(mode="after")
    def _both_or_neither(self) -> "District":
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon for the seat, or leave both empty")
        return self

    @property
    def short_name(self) -> str:
        """'Serdang Bedagai', 'Medan' — the name without 'Kabupaten'/'Kota', for map labels."""
        return self.name.removeprefix("Kabupaten ").removeprefix("Kota ")

    @property
    def position(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None

    @property
    def is_focus(self) -> bool:
        return self.code in FOCUS_DISTRICTS


class OriginFact(Sourced):
    """One thing known about people leaving a district, with who said it and when."""

    code: str = Field(pattern=DISTRICT_CODE)
    district: str = Field(min_length=3, description="the district's name, for people reading the CSV")
    kind: Literal["named_origin", "count", "share", "case", "context"]
    value: float | None = Field(default=None, ge=0)
    unit: str | None = None
    year: int = Field(ge=1990, le=2100)
    note_id: str = Field(min_length=5)
    note_en: str = Field(min_length=5)

    @model_validator(mode="after")
    def _numbers_have_units(self) -> "OriginFact":
        if self.kind in ("count", "share") and (self.value is None or not self.unit):
            raise ValueError(f"a `{self.kind}` row needs a `value` and its `unit`")
        return self

    def note(self, lang: str) -> str:
        return self.note_en if lang == "en" else self.note_id


class Place(Sourced):
    """A departure point, a transit point or a help point."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["departure", "transit", "destination", "help"]
    category: Literal["port", "airport", "coast", "staging", "road", "disnaker", "ltsa",
                      "bp3mi", "p4mi", "immigration", "police", "uptd_ppa"]
    name: Text
    about: Text
    district: str | None = Field(default=None, pattern=DISTRICT_CODE)
    lat: float | None = Field(default=None, ge=-10, le=10)
    lon: float | None = Field(default=None, ge=90, le=110)
    coords_source: Source | None = None
    address: str | None = None
    phone: str | None = None

    @model_validator(mode="after")
    def _located(self) -> "Place":
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is not None and not self.coords_source:
            raise ValueError("coordinates need `coords_source`: where they come from")
        if self.lat is None and self.district is None:
            raise ValueError("a place without coordinates needs `district` (it is drawn at the "
                             "district's seat)")
        return self


class Route(Sourced):
    """A documented way people travel, drawn as straight lines between its stops."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["sea", "road"]
    status: Literal["procedural", "non_procedural"]
    name: Text
    about: Text
    #: place ids, or district codes meaning that district's seat
    stops: list[str] = Field(min_length=2)


class PlacesFile(StrictModel):
    points: list[Place]
    routes: list[Route] = Field(default_factory=list)


@dataclass(frozen=True)
class Located:
    """Where a place is drawn, and whether that is only its district's seat."""

    lat: float
    lon: float
    approximate: bool


@dataclass(frozen=True)
class Geo:
    districts: dict[str, District]
    origin: list[OriginFact]
    places: list[Place]
    routes: list[Route]

    def district(self, code: str) -> District:
        return self.districts[code]

    def origin_for(self, code: str) -> list[OriginFact]:
        return [fact for fact in self.origin if fact.code == code]

    def places_in(self, code: str, *kinds: str) -> list[Place]:
        return [p for p in self.places if p.district == code and (not kinds or p.kind in kinds)]

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def locate(self, place: Place) -> Located | None:
        """Its own coordinates, else its district's seat (approximate), else None."""
        if place.lat is not None and place.lon is not None:
            return Located(place.lat, place.lon, False)
        seat = self.districts[place.district].position if place.district in self.districts else None
        return Located(*seat, True) if seat else None

    def stop(self, stop: str) -> tuple[float, float] | None:
        """A route stop: a place's position or a district seat."""
        if stop in self.districts:
            return self.districts[stop].position
        place = self.place(stop)
        located = self.locate(place) if place else None
        return (located.lat, located.lon) if located else None

    def stop_name(self, stop: str, lang: str) -> str:
        if stop in self.districts:
            return self.districts[stop].short_name
        place = self.place(stop)
        return place.name(lang) if place else stop

    def ordered_districts(self) -> list[District]:
        """Focus districts first (in the order DESIGN.md names them), then the rest A–Z."""
        focus = [self.districts[c] for c in FOCUS_DISTRICTS if c in self.districts]
        rest = sorted((d for d in self.districts.values() if not d.is_focus),
                      key=lambda d: d.short_name)
        return focus + rest


def load(datasets: Path) -> Geo:
    folder = datasets / "geo"
    sources = load_yaml(folder / "sources.yaml", SourceList).citations
    districts = load_csv(folder / "districts.csv", District, sources)
    origin = load_csv(folder / "origin.csv", OriginFact, sources)
    places = load_yaml(folder / "places.yaml", PlacesFile)
    return Geo({d.code: d for d in districts}, origin, places.points, places.routes)


def cross_check(catalog) -> list[Problem]:
    """Every code, stop and id points at something that exists; the strings the map needs exist."""
    geo: Geo = catalog.geo
    folder = catalog.root / "geo"
    problems: list[Problem] = []
    seen: set[str] = set()
    for district in geo.districts.values():
        if district.code in seen:
            problems.append(Problem(folder / "districts.csv", district.code,
                                    "this code appears twice", "keep one row per district"))
        seen.add(district.code)
    for number, fact in enumerate(geo.origin, start=2):
        district = geo.districts.get(fact.code)
        if district is None:
            problems.append(Problem(folder / "origin.csv", "code",
                                    f"row {number - 1}: no district has the code {fact.code}",
                                    "use a code from districts.csv", number))
        elif district.name != fact.district:
            problems.append(Problem(folder / "origin.csv", "district",
                                    f"row {number - 1}: code {fact.code} is {district.name}, "
                                    f"not {fact.district}",
                                    "correct the code or the name", number))
    ids = [p.id for p in geo.places]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(folder / "places.yaml", f"points.{duplicate}",
                                "two places have the same id", "give each place its own id"))
    for place in geo.places:
        if place.district is not None and place.district not in geo.districts:
            problems.append(Problem(folder / "places.yaml", f"points.{place.id}.district",
                                    f"no district has the code {place.district}",
                                    "use a code from districts.csv"))
        elif geo.locate(place) is None:
            problems.append(Problem(folder / "places.yaml", f"points.{place.id}",
                                    "this place has no coordinates and its district's seat has "
                                    "none either, so it cannot be drawn",
                                    "add sourced `lat`, `lon` and `coords_source`"))
    for route in geo.routes:
        for stop in route.stops:
            if stop not in geo.districts and geo.place(stop) is None:
                problems.append(Problem(folder / "places.yaml", f"routes.{route.id}.stops",
                                        f"`{stop}` is neither a place id nor a district code",
                                        "use an id from `points` or a code like 12.74"))
            elif geo.stop(stop) is None:
                problems.append(Problem(folder / "places.yaml", f"routes.{route.id}.stops",
                                        f"`{stop}` has no position on the map",
                                        "choose a stop with coordinates"))
    return problems
