#!/usr/bin/env python3
"""Recall and precision of ponder's verdicts against a generated corpus's manifest.

    python3 scripts/gen_corpus.py --size 200MB --out bench/corpus-200MB.jsonl   # writes the manifest too
    .build/release/ponder scan bench/corpus-200MB.jsonl > bench/scan-200MB.jsonl
    python3 scripts/accuracy.py bench/corpus-200MB.manifest.json bench/scan-200MB.jsonl

The manifest lists the traces the generator made defective, by (line, generation). A verdict's
recall is the share of those traces ponder flags; its precision the share of ponder's flagged
traces that the generator made defective in that way (or that carry another injected defect the
verdict also describes, as a tail loop is also a truncation). Only defects the generator injects are
counted: the generator's clean traces can carry real repetition of its own templated text.
"""
import json
import sys


def keys(entries):
    return {(e["line"], e.get("generation", 0)) for e in entries}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    manifest = json.load(open(sys.argv[1]))
    scan = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
    defects = {k: keys(v) for k, v in manifest["defects"].items()}
    flagged = lambda field: {(t["line"], t["generation"]) for t in scan if t.get(field)}

    # verdict field -> (manifest defects it should find, defects that also justify the flag)
    checks = {
        "mixed": (["mixed_language"], ["mixed_language"]),
        "inconsistent": (["language_inconsistent"], ["language_inconsistent", "mixed_language"]),
        "loop": (["tail_loop"], ["tail_loop"]),
        "truncated": (["truncated", "tail_loop"], ["truncated", "tail_loop"]),
        "outlier": (["outlier_long", "outlier_short"], ["outlier_long", "outlier_short", "tail_loop", "truncated", "empty_think"]),
        "empty_think": (["empty_think"], ["empty_think"]),
    }
    print(f"{'verdict':<14}{'expected':>9}{'flagged':>9}{'found':>7}{'recall':>8}{'precision':>11}")
    for field, (want, justified) in checks.items():
        expected = set().union(*(defects.get(k, set()) for k in want))
        ok = set().union(*(defects.get(k, set()) for k in justified))
        got = flagged(field)
        found = len(expected & got)
        recall = found / len(expected) if expected else float("nan")
        precision = len(got & ok) / len(got) if got else float("nan")
        print(f"{field:<14}{len(expected):>9}{len(got):>9}{found:>7}{recall:>8.3f}{precision:>11.3f}")

    groups = manifest.get("duplicate_prompt", {}).get("copies", [])
    lines_in_groups = {l for pair in groups for l in pair}
    dup = {t["line"] for t in scan if t.get("duplicate_group") is not None}
    found = len(lines_in_groups & dup)
    print(f"{'duplicate':<14}{len(lines_in_groups):>9}{len(dup):>9}{found:>7}"
          f"{found / max(1, len(lines_in_groups)):>8.3f}{len(dup & lines_in_groups) / max(1, len(dup)):>11.3f}")


if __name__ == "__main__":
    main()
