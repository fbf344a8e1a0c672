#!/usr/bin/env python3
"""Prints a few human-readable lines per dateline.article/v1 record (used by `make run`)."""
import json
import sys

for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    r = json.loads(line)
    source = r.get("source") or {}
    print(f"- {r['id']} ({source.get('topic')}/{source.get('partition')}/{source.get('offset')})")
    if r.get("dateline"):
        d = r["dateline"]
        print(f"    dateline: {d['location']}" + (f" ({d['agency']})" if d.get("agency") else ""))
    by_type = {}
    for e in r["entities"]:
        by_type.setdefault(e["type"], []).append(e["text"])
    for kind in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
        if by_type.get(kind):
            print(f"    {kind}: {', '.join(by_type[kind])}")
    for d in r["dates"]:
        print(f"    date: {d['text']!r} -> {d['value']}")
    for q in r["quotes"]:
        text = q["text"] if len(q["text"]) < 70 else q["text"][:67] + "..."
        print(f"    quote: \"{text}\" — {q['speaker'] or 'unattributed'}")
    for p in r["people"]:
        for role in p["roles"]:
            print(f"    role: {p['name']}: {role['title']}" + (f", {role['organization']}" if role.get("organization") else ""))
