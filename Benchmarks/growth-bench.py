#!/usr/bin/env python3
"""Growth benchmark: an index grown by many `index add` calls, with the merge policy and without.

    python3 Benchmarks/growth-bench.py [--adds 40] [--add-count 1000] [--n 500] [--seed 13]
                                       [--max-docs N] [--work DIR]

Builds arabic-search and query-latency in release mode, materialises the scale corpus and draws
the query-bench OR questions (seeded, as `query-bench.py` does), builds the index once, then
grows two copies of it by --adds batches of --add-count documents (documents of the corpus again,
under new identifiers), one `index add` each: one copy with the default merge policy, one with
`--no-merge`. Each add is timed. A third copy is the unmerged one after `index merge` (one
segment). Then `query-latency --snippets --rounds 3` runs the questions (top 10, one thread, each
query's median of three rounds) on the three.

Prints a markdown table (segments at the end and at most, add time total and slowest, search
p50/p99 and QPS, QPS against the merged index) and writes it to
WORK/results/growth-bench-<UTC time>.md. Nothing is written inside the repository.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

from benchcommon import SHARED, log, query_bench, renamed_batches, run, segments, utc_stamp, write_results


def main():
    p = argparse.ArgumentParser(description="An index grown by many additions, with the merge policy and without.")
    p.add_argument("--adds", type=int, default=40, help="index add calls (default 40)")
    p.add_argument("--add-count", type=int, default=1000, help="documents per call (default 1000)")
    p.add_argument("--n", type=int, default=500, help="questions (default 500)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--max-docs", type=int, default=0, help="index only the first N documents (0 = all)")
    p.add_argument("--corpus", default=os.path.join(SHARED, "datasets", "scale", "corpus.jsonl.gz"))
    p.add_argument("--queries", default=os.path.join(SHARED, "datasets", "scale", "queries.tsv"))
    p.add_argument("--work", default=os.path.expanduser("~/.cache/arabic-search-bench"))
    args = p.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    qb = query_bench()
    corpus, info = qb.materialise_corpus(args.corpus, args.max_docs, work)
    qdir = os.path.join(work, "queries")
    os.makedirs(qdir, exist_ok=True)
    qb.make_query_sets(args.queries, args.n, args.seed, qdir)
    binary, query_latency = qb.swift_build(args)

    # The batches: documents of the corpus again, under new identifiers.
    batches = renamed_batches(corpus, args.adds, args.add_count, work, "growth-bench")

    indexes = os.path.join(work, "indexes")
    base, merging, kept, merged = (os.path.join(indexes, f"growth-{name}") for name in ("base", "merging", "kept", "merged"))
    for directory in (base, merging, kept, merged):
        shutil.rmtree(directory, ignore_errors=True)
    run([binary, "index", "build", "--index", base, "--quiet", corpus])
    base_segments = len(segments(base))
    rows = {}
    for name, directory, extra in (("merge policy (default)", merging, []), ("--no-merge", kept, ["--no-merge"])):
        shutil.copytree(base, directory)
        times, most = [], base_segments
        for batch in batches:
            times.append(run([binary, "index", "add", "--index", directory, "--quiet"] + extra + [batch]))
            most = max(most, len(segments(directory)))
        rows[name] = {"directory": directory, "segments": len(segments(directory)), "most": most,
                      "add_total": sum(times), "add_max": max(times)}
    shutil.copytree(kept, merged)
    merge_time = run([binary, "index", "merge", "--index", merged, "--quiet"])
    rows["--no-merge, then index merge"] = {"directory": merged, "segments": len(segments(merged)), "most": None,
                                            "add_total": None, "add_max": None, "merge": merge_time}

    for row in rows.values():
        cmd = [query_latency, "--index", row["directory"], "--queries", f"or10:10:{os.path.join(qdir, 'or.tsv')}",
               "--snippets", "--rounds", "3"]
        log("$ " + " ".join(cmd))
        result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["sets"]["or10"]
        row.update(p50=result["p50_ms"], p99=result["p99_ms"], qps=result["qps"])

    reference = rows["--no-merge, then index merge"]["qps"]
    stamp = utc_stamp()
    table = [f"growth-bench {stamp}: {info['documents']} documents built into {base_segments} segment(s), then "
             f"{args.adds} × `index add` of {args.add_count} documents; {args.n} OR questions (top 10, snippets, "
             f"one thread, each query's median of 3 rounds); {os.cpu_count()} cores", "",
             "| index | segments | most segments | adds total (s) | slowest add (s) | search p50 (ms) | p99 (ms) | QPS | "
             "QPS / one segment |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, row in rows.items():
        adds = (f"{row['add_total']:.1f} | {row['add_max']:.2f}" if row["add_total"] is not None
                else f"(merge {row['merge']:.1f} s) | ")
        table.append(f"| {name} | {row['segments']} | {row['most'] if row['most'] is not None else ''} | {adds} | "
                     f"{row['p50']:.2f} | {row['p99']:.2f} | {row['qps']:.0f} | {row['qps'] / reference:.2f}× |")
    write_results(work, "growth-bench", stamp, table)
    for directory in (base, merging, kept, merged):
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
