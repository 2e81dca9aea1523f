#!/usr/bin/env python3
"""Merge benchmark: `index merge` (by postings) against `index build` of the same corpus, one run.

    python3 Benchmarks/merge-bench.py [--rounds 3] [--segment-mb 64] [--max-docs N] [--work DIR]

Builds arabic-search in release mode, materialises the corpus as query-bench does
(../shared/datasets/scale by default), then, each round:

1. `index build` with the default --memory (the build a user runs): timed;
2. `index build --memory SEGMENT_MB --no-merge`: an index of many segments;
3. every seventh document deleted (`index delete --no-merge --id …`), in one commit;
4. `index merge` of that index into one segment: timed;
5. `index build --memory 1000000` of the live documents only (one segment), and every file of the
   merged segment compared with it, past the 32-byte header (the segment's random identity) and
   without the footer: they must be equal.

Prints a markdown table (build seconds, merge seconds, their ratio, per round and the median) and
writes it to WORK/results/merge-bench-<UTC time>.md. Nothing is written inside the repository.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from benchcommon import ROOT, SHARED, log, query_bench, run, segments, utc_stamp, write_results


def same_segment_files(a, b):
    """Whether the only segments of indexes a and b hold the same bytes past their headers."""
    (sa,), (sb,) = segments(a), segments(b)
    for ext in ("dict", "post", "pos", "len", "docs"):
        with open(os.path.join(a, f"{sa['name']}.{ext}"), "rb") as f:
            x = f.read()
        with open(os.path.join(b, f"{sb['name']}.{ext}"), "rb") as f:
            y = f.read()
        if x[32:-4] != y[32:-4]:
            return f"{ext} differs"
    return None


def main():
    p = argparse.ArgumentParser(description="index merge against index build, in one run.")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--segment-mb", type=int, default=64, help="--memory of the many-segment build (default 64)")
    p.add_argument("--max-docs", type=int, default=0, help="only the first N documents (0 = all)")
    p.add_argument("--corpus", default=os.path.join(SHARED, "datasets", "scale", "corpus.jsonl.gz"))
    p.add_argument("--work", default=os.path.expanduser("~/.cache/arabic-search-bench"))
    args = p.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    qb = query_bench()
    corpus, info = qb.materialise_corpus(args.corpus, args.max_docs, work)
    cmd = ["swift", "build", "-c", "release", "--scratch-path", os.path.join(ROOT, ".build-bench"),
           "--product", "arabic-search"]
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, check=True, stdout=sys.stderr, cwd=ROOT)
    binary = os.path.join(ROOT, ".build-bench", "release", "arabic-search")

    # The identifiers of the documents to delete, and the live documents as a corpus.
    deleted_ids = []
    live = os.path.join(work, "merge-live.jsonl")
    with open(corpus, encoding="utf-8") as src, open(live, "w", encoding="utf-8") as out:
        for number, line in enumerate(src):
            if number % 7 == 3:
                deleted_ids.append(json.loads(line)["id"])
            else:
                out.write(line)

    rows = []
    for round_number in range(args.rounds):
        log(f"round {round_number + 1}/{args.rounds}")
        built, many, merged_from = (os.path.join(work, "indexes", name) for name in ("merge-built", "merge-many", "merge-one"))
        for directory in (built, many, merged_from):
            subprocess.run(["rm", "-rf", directory], check=True)
        build = run([binary, "index", "build", "--index", built, "--quiet", corpus])
        run([binary, "index", "build", "--index", many, "--memory", str(args.segment_mb), "--no-merge", "--quiet",
             corpus])
        count = len(segments(many))
        run([binary, "index", "delete", "--index", many, "--quiet", "--no-merge"] + [f"--id={i}" for i in deleted_ids])
        merge = run([binary, "index", "merge", "--index", many, "--quiet"])
        run([binary, "index", "build", "--index", merged_from, "--memory", "1000000", "--quiet", live])
        difference = same_segment_files(many, merged_from)
        rows.append((build, count, merge, difference))
        for directory in (built, many, merged_from):
            subprocess.run(["rm", "-rf", directory], check=True)

    stamp = utc_stamp()
    lines = [f"merge-bench {stamp}: {info['documents']} documents, {info['input_bytes'] / 1e6:.1f} MB, "
             f"every seventh deleted before the merge", "",
             "| round | build (s) | segments merged | merge (s) | merge / build | merged = one-segment build |",
             "|---|---|---|---|---|---|"]
    for number, (build, count, merge, difference) in enumerate(rows, 1):
        lines.append(f"| {number} | {build:.2f} | {count} | {merge:.2f} | {merge / build:.3f} | {difference or 'yes'} |")
    builds = [row[0] for row in rows]
    merges = [row[2] for row in rows]
    lines.append(f"| median | {statistics.median(builds):.2f} | | {statistics.median(merges):.2f} | "
                 f"{statistics.median(m / b for b, m in zip(builds, merges)):.3f} | |")
    write_results(work, "merge-bench", stamp, lines)
    return 1 if any(row[3] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
