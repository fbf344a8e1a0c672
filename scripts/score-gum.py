#!/usr/bin/env python3
"""Entity F1 per genre and type against the GUM human gold, for Dateline and for spaCy sm.

Usage:
  python3 scripts/score-gum.py BINARY [--eval DIR] [--split dev|held-out|all] [--errors GENRE] [--json FILE]

BINARY is a built `dateline` executable (this script builds nothing). DIR is the evaluation folder that holds
`score.py` and `gum/` (default: ../shared/eval next to the package root). The split is fixed up front: in each
genre file, the document at index i (0-based, file order) is held out when i % 4 == 3 and is development
otherwise. Scores are lenient micro F1 (overlapping span, same type), the `== gold` table of `score.py`, with
places merged (GPE_LOC). `--errors GENRE` also prints every false positive and false negative of that genre.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

GENRES = ["interview", "bio", "academic", "court", "voyage"]
TYPES = ["PERSON", "ORG", "GPE_LOC", "DATE"]
TYPE_MAP = {"GPE_LOC": "GPE"}


def load_scorer(eval_dir):
    spec = importlib.util.spec_from_file_location("score", os.path.join(eval_dir, "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def in_split(index, split):
    if split == "all":
        return True
    return (index % 4 == 3) == (split == "held-out")


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_lines(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def as_system(reference_rows):
    """spaCy's flat entities in the system-output shape, one mention per entity."""
    return [
        {"id": row["id"], "entities": [
            {"text": e.get("text", ""), "type": e["type"], "mentions": [{"start": e["start"], "end": e["end"]}]}
            for e in row["entities"]
        ]}
        for row in reference_rows
    ]


def score_genre(scorer, binary, gum_dir, genre, split, work):
    corpus = [r for i, r in enumerate(read_lines(os.path.join(gum_dir, f"gum-{genre}-corpus.jsonl"))) if in_split(i, split)]
    ids = {r["id"] for r in corpus}
    gold = [r for r in read_lines(os.path.join(gum_dir, f"gum-{genre}.jsonl")) if r["id"] in ids]
    spacy = [r for r in read_lines(os.path.join(gum_dir, f"spacy_sm-{genre}.jsonl")) if r["id"] in ids]
    paths = {name: os.path.join(work, f"{genre}-{name}.jsonl") for name in ["corpus", "gold", "spacy", "dateline"]}
    write_lines(paths["corpus"], corpus)
    write_lines(paths["gold"], gold)
    write_lines(paths["spacy"], as_system(spacy))
    with open(paths["dateline"], "w", encoding="utf-8") as out:
        subprocess.run([binary, "extract", paths["corpus"]], stdout=out, check=True)
    texts = scorer.load_corpus(paths["corpus"])
    type_map = dict(TYPE_MAP)
    target = scorer.load_annotations(paths["gold"], texts, True, type_map, "gold", inline_text=True)
    results = {}
    for name in ["dateline", "spacy"]:
        system, _ = scorer.load_system(paths[name], texts, True, type_map)
        results[name] = (scorer.score(system, target, texts, TYPES, "surface"), system)
    return results, target, texts


def print_errors(system, target, texts):
    """False positives and negatives under lenient matching, per document."""
    for did, gold in target.items():
        mentions = system.get(did, {"mentions": set()})["mentions"]
        text = texts[did]
        for t in TYPES:
            g = sorted((s, e) for s, e, tt in gold if tt == t)
            s = sorted((a, b) for a, b, tt in mentions if tt == t)
            for a, b in s:
                if not any(min(b, e) > max(a, st) for st, e in g):
                    other = [tt for st, e, tt in gold if min(b, e) > max(a, st)]
                    print(f"FP {t:8s} {did:28s} {text[a:b]!r}" + (f" (gold {other[0]})" if other else ""))
            for a, b in g:
                if not any(min(b, e) > max(a, st) for st, e in s):
                    other = [tt for st, e, tt in mentions if min(b, e) > max(a, st)]
                    print(f"FN {t:8s} {did:28s} {text[a:b]!r}" + (f" (sys {other[0]})" if other else ""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--eval", default=os.path.join(here, "..", "..", "shared", "eval"))
    ap.add_argument("--split", choices=["dev", "held-out", "all"], default="dev")
    ap.add_argument("--errors", choices=GENRES)
    ap.add_argument("--json")
    args = ap.parse_args()
    scorer = load_scorer(args.eval)
    gum_dir = os.path.join(args.eval, "gum")
    table = {}
    below = 0
    print(f"split={args.split}; lenient F1 against gold: dateline / spaCy sm ('<' marks dateline below spaCy)")
    print(f"{'genre':10s} " + " ".join(f"{t:>17s}" for t in TYPES) + f" {'micro':>17s}")
    with tempfile.TemporaryDirectory() as work:
        for genre in GENRES:
            results, target, texts = score_genre(scorer, args.binary, gum_dir, genre, args.split, work)
            ours, spacy = results["dateline"][0], results["spacy"][0]
            cells = []
            table[genre] = {}
            for t in TYPES + ["micro"]:
                a, b = ours[t]["lenient"][2], spacy[t]["lenient"][2]
                mark = "<" if a < b else " "
                if a < b and t != "micro":
                    below += 1
                cells.append(f"{a:.3f} / {b:.3f}{mark:>2s}")
                table[genre][t] = {"dateline": ours[t]["lenient"], "spacy": spacy[t]["lenient"], "gold": ours[t]["ref"]}
            print(f"{genre:10s} " + " ".join(f"{c:>17s}" for c in cells))
            if args.errors == genre:
                print_errors(results["dateline"][1], target, texts)
    print(f"cells below spaCy: {below}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(table, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
