#!/usr/bin/env python3
"""Scores date values of the pipeline against the hand annotations, each article anchored at the publication
date its annotator inferred.

Usage: python3 scripts/score-dates.py [DATELINE_BINARY] [-v]   (default .build/debug/dateline)

Runs `dateline extract` on the annotated articles with `published_at` set to the annotated anchor. An
annotated expression with a value is right when a found date overlaps it and has the same value; found means
any overlap. Mirrors Tests/DatelineExtractionTests/DateAnnotationTests.swift.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSV = os.path.join(ROOT, "Tests", "DatelineExtractionTests", "Annotations", "dates.tsv")
CORPUS = os.path.join(ROOT, "..", "shared", "eval", "news-dev.jsonl")


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    binary = args[0] if args else os.path.join(ROOT, ".build", "debug", "dateline")
    verbose = "-v" in sys.argv
    anchors, gold = {}, {}
    for line in open(TSV, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "anchor":
            anchors[cols[1]] = cols[2]
        else:
            gold.setdefault(cols[1], []).append((int(cols[2]), int(cols[3]), cols[4]))
    corpus = {r["id"]: r for r in map(json.loads, open(CORPUS, encoding="utf-8"))}
    lines = []
    for article, anchor in anchors.items():
        record = dict(corpus[article])
        record["published_at"] = anchor
        lines.append(json.dumps(record))
    out = subprocess.run([binary, "extract"], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    found = {r["id"]: r["dates"] for r in map(json.loads, out.stdout.splitlines())}
    total = right = located = 0
    for article in anchors:
        text = corpus[article]["text"]
        for start, end, value in gold.get(article, []):
            if not value:
                continue
            total += 1
            hits = [d for d in found[article] if d["start"] < end and start < d["end"]]
            located += bool(hits)
            if any(d["value"] == value for d in hits):
                right += 1
            elif verbose:
                got = [(d["text"], d["value"]) for d in hits]
                print(f"{article}@{start} {text[start:end]!r}: annotated {value}, found {got}")
    print(f"articles {len(anchors)}  anchored date values {total}  found {located / total:.3f}  "
          f"right {right}/{total} = {right / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
