#!/usr/bin/env python3
"""Heap allocations per search, by query set: how much memory a query asks of the allocator.

    python3 Benchmarks/query-allocations.py [--index DIR] [--queries DIR] [--n 100]
                                            [--sets or,or100,and,phrase,prefix] [--work DIR]

Runs `query-latency` (built here, release) under valgrind's DHAT twice per set and mode: once
over the set's first N queries and once over its first query alone. query-latency searches each
query twice (warm-up, then timed), so the difference of the two totals over 2·(N − 1) searches
is what one search allocates once the index is open and warm: its parsing, analysis, scoring and
results. Counts are exact and repeatable (DHAT counts every malloc), whatever else the machine
is doing. Both modes are measured: every match scored (`--exhaustive`) and pruned (the default).

A second table splits the default mode's allocations by the phase whose code made them (by
the functions on the allocation's stack): parsing and analyzing the query string, resolving
its terms into weights, evaluation (score tree, cursors, pruning, reranking, the hit heap), and
results and the rest (hit identifiers and stored text, the result list, the benchmark's own).

The query sets are query-bench.py's (`WORK/queries/{or,and,phrase,prefix}.tsv`, written by a
run of it), over its index of our engine (`WORK/indexes/ours-all`); `or100` is the OR set asking
for 100 hits. Prints one markdown table. Needs valgrind (Debian's `valgrind`).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOTAL = re.compile(r"Total:\s+([\d,]+) bytes in ([\d,]+) blocks")


def build():
    """Builds query-latency (release) and returns a copy without debug info (valgrind 3.19
    cannot read the DWARF 5 the Swift compiler writes)."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "query-latency", "--scratch-path",
                    os.path.join(HERE, ".build-bench")], cwd=HERE, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(HERE, ".build-bench", "release", "query-latency")
    stripped = os.path.join(tempfile.mkdtemp(prefix="query-allocations-"), "query-latency")
    subprocess.run(["objcopy", "--strip-debug", binary, stripped], check=True)
    return stripped


# Function-name fragments (as the symbol table spells them) that put an allocation in a phase;
# the first phase whose fragment is on the allocation's stack takes it.
PHASES = [
    ("evaluation", ["topDocuments", "PrunedSearch", "Reranker", "scoreTree", "ScoreTree", "SearcherV8evaluate",
                    "SearcherV5score", "TopHits"]),
    ("weights", ["SearcherV6weight", "fieldTermsOf", "DiskB0C4term", "DiskB0C5terms"]),
    ("parsing", ["QueryParser", "QueryLexer", "15ArabicTokenizer", "cai_", "5QueryO6render"]),
]
PHASE_NAMES = [name for name, _ in PHASES] + ["results and other"]


def totals(binary, index, spec, extra):
    """(bytes, blocks, blocks by phase) DHAT reports for one query-latency run."""
    out = tempfile.NamedTemporaryFile(suffix=".dhat.json", delete=False).name
    try:
        result = subprocess.run(["valgrind", "--tool=dhat", f"--dhat-out-file={out}", binary, "--index", index,
                                 "--queries", spec, "--rounds", "1"] + extra,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        match = TOTAL.search(result.stderr)
        if result.returncode != 0 or not match:
            sys.exit(f"query-allocations: valgrind run failed for {spec}:\n{result.stderr[-2000:]}")
        with open(out, encoding="utf-8") as f:
            profile = json.load(f)
    finally:
        if os.path.exists(out):
            os.unlink(out)
    frames = profile["ftbl"]
    phases = dict.fromkeys(PHASE_NAMES, 0)
    for point in profile["pps"]:
        stack = [frames[i] for i in point["fs"]]
        phase = next((name for name, marks in PHASES if any(m in f for f in stack for m in marks)), PHASE_NAMES[-1])
        phases[phase] += point["tbk"]
    return int(match.group(1).replace(",", "")), int(match.group(2).replace(",", "")), phases


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    work = os.path.expanduser("~/.cache/arabic-search-bench")
    p.add_argument("--work", default=work, help="query-bench.py's work directory")
    p.add_argument("--index", help="an index of our engine (default WORK/indexes/ours-all)")
    p.add_argument("--queries", help="the folder of query sets (default WORK/queries)")
    p.add_argument("--n", type=int, default=100, help="queries per set (at least 2)")
    p.add_argument("--sets", default="or,or100,and,phrase,prefix")
    args = p.parse_args()
    if args.n < 2:
        sys.exit("query-allocations: --n must be at least 2")
    if shutil.which("valgrind") is None:
        sys.exit("query-allocations: valgrind not found (apt-get install valgrind)")
    index = args.index or os.path.join(args.work, "indexes", "ours-all")
    queries = args.queries or os.path.join(args.work, "queries")
    binary = build()
    scratch = tempfile.mkdtemp(prefix="query-allocations-sets-")
    rows = []
    phase_rows = []
    for name in args.sets.split(","):
        base, k = ("or", 100) if name == "or100" else (name, 10)
        path = os.path.join(queries, base + ".tsv")
        if not os.path.exists(path):
            sys.exit(f"query-allocations: no query set {path} (run query-bench.py once)")
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()][: args.n]
        many, one = os.path.join(scratch, name + "-many.tsv"), os.path.join(scratch, name + "-one.tsv")
        with open(many, "w", encoding="utf-8") as f:
            f.writelines(lines)
        with open(one, "w", encoding="utf-8") as f:
            f.writelines(lines[:1])
        searches = 2 * (len(lines) - 1)
        row = [name, str(len(lines))]
        for extra in (["--exhaustive"], []):
            bytes_many, blocks_many, phases_many = totals(binary, index, f"{base}:{k}:{many}", extra)
            bytes_one, blocks_one, phases_one = totals(binary, index, f"{base}:{k}:{one}", extra)
            row += [f"{(blocks_many - blocks_one) / searches:,.0f}", f"{(bytes_many - bytes_one) / searches / 1024:,.1f}"]
        rows.append(row)
        phase_rows.append([name] + [f"{(phases_many[p] - phases_one[p]) / searches:,.1f}" for p in PHASE_NAMES])
        print(f"  {name}: done", file=sys.stderr)
    header = ["set", "queries", "allocations (every match scored)", "KiB (every match scored)",
              "allocations (pruned)", "KiB (pruned)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nPer search, once the index is open and warm: DHAT's totals over {args.n} queries less "
          "those over one, over the searches between them.")
    print("\nThe default mode's allocations per search, by phase:\n")
    header = ["set"] + PHASE_NAMES
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in phase_rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
