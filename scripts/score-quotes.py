#!/usr/bin/env python3
"""Scores quotation spans and speakers of a `dateline extract` output against the hand annotations.

Usage: dateline extract ../shared/eval/news-dev.jsonl > out.jsonl
       python3 scripts/score-quotes.py out.jsonl [-v]
       dateline extract ../shared/eval/gum/gum-bio-corpus.jsonl ../shared/eval/gum/gum-interview-corpus.jsonl > heldout.jsonl
       python3 scripts/score-quotes.py heldout.jsonl --annotations quotes-heldout.tsv [-v]

Spans: a predicted quotation matches an annotated one when it starts within one code point of it; predictions
that match nothing, or match a non-speech span (scare quote, title), are false positives. Speakers: over the
annotated speech quotations not marked ambiguous, a missed quotation or a different speaker is wrong. Mirrors
Tests/DatelineExtractionTests/QuoteAnnotationTests.swift.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSV = os.path.join(ROOT, "Tests", "DatelineExtractionTests", "Annotations", "quotes.tsv")


CORPORATE_SUFFIXES = {"corp", "corp.", "inc", "inc.", "ltd", "ltd.", "plc", "co", "co.", "llc", "ag", "sa"}


def same_entity(said, annotated):
    """Whether a predicted speaker names the annotated one: the same name, the organisation's initials
    ("BBA" for "British Bankers' Association", "ICE" for "US Immigration and Customs Enforcement"), or the
    name without a corporate suffix ("Microsoft" for "Microsoft Corp")."""
    p, g = norm(said), norm(annotated)
    if p == g:
        return True
    if not p or not g:
        return False
    capitalised = [w for w in annotated.replace("-", " ").split() if w[:1].isupper()]
    initials = "".join(w[0] for w in capitalised).lower()
    if said.isupper() and len(p) >= 2 and p.replace(".", "") in (initials, initials[1:]):
        return True
    if g.startswith(p + " ") and all(w in CORPORATE_SUFFIXES for w in g[len(p):].split()):
        return True
    return False


def norm(name):
    if name is None:
        return ""
    name = name.strip().replace("\u2019", "'").lower()
    return name[4:] if name.startswith("the ") else name


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    verbose = "-v" in sys.argv
    tsv = TSV
    if "--annotations" in sys.argv:
        tsv = os.path.join(os.path.dirname(TSV), sys.argv[sys.argv.index("--annotations") + 1])
    articles, gold = set(), {}
    for line in open(tsv, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "article":
            articles.add(cols[1])
        else:
            gold.setdefault(cols[1], []).append(
                {"start": int(cols[2]), "speech": cols[3] == "speech", "clear": cols[4] == "clear", "speaker": cols[5]})
    predicted = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("id") in articles:
            predicted[record["id"]] = record.get("quotes", [])
    missing = articles - predicted.keys()
    if missing:
        print(f"error: {len(missing)} annotated articles are not in the output, e.g. {sorted(missing)[0]}")
        return 1
    tp = fp = fn = right = total = 0
    for article in sorted(articles):
        quotes, used = predicted[article], set()
        for g in gold.get(article, []):
            match = next((i for i, q in enumerate(quotes) if abs(q["start"] - g["start"]) <= 1), None)
            if match is not None:
                used.add(match)
            if not g["speech"]:
                if match is not None:
                    fp += 1
                    if verbose:
                        print(f"{article}@{g['start']}: not a quotation, but found")
                continue
            tp, fn = tp + (match is not None), fn + (match is None)
            if not g["clear"]:
                continue
            total += 1
            said = quotes[match].get("speaker") if match is not None else None
            if match is not None and same_entity(said, g["speaker"]):
                right += 1
            elif verbose:
                how = quotes[match].get("attribution") if match is not None else "missed"
                print(f"{article}@{g['start']}: speaker {said!r} ({how}), annotated {g['speaker'] or None!r}")
        for i, q in enumerate(quotes):
            if i not in used:
                fp += 1
                if verbose:
                    print(f"{article}@{q['start']}: found a quotation nobody annotated")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"articles {len(articles)}  speech quotations {tp + fn}  spans P {p:.3f} R {r:.3f} F1 {f1:.3f}  "
          f"speakers {right}/{total} = {right / max(1, total):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
