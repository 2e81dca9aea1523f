#!/usr/bin/env python3
"""Two configurations of our engine, query by query: which is faster, less exposed to the drift
of a shared machine than two columns of one suite run.

    python3 Benchmarks/query-ab.py [--a ""] [--b "--exhaustive"] [--sets or,or100,and,phrase,prefix]
                                   [--passes 6] [--work DIR]

Runs `query-latency` (Benchmarks/.build-bench, built by query-bench.py or by hand) over query-bench.py's
index and query sets, alternating configuration A and B for `--passes` passes each (A first on even
passes, B first on odd ones); each pass is a fresh process with its own warm-up. Each query's latency
is its median over the passes; the table gives p50, p95 and mean of those, and on how many queries A
was the faster. `--a` and `--b` are extra query-latency arguments (default: pruning, the default,
against `--exhaustive`).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--a", default="", help="query-latency arguments of configuration A")
    p.add_argument("--b", default="--exhaustive", help="query-latency arguments of configuration B")
    p.add_argument("--sets", default="or,or100,and,phrase,prefix")
    p.add_argument("--passes", type=int, default=6)
    p.add_argument("--work", default=os.path.expanduser("~/.cache/arabic-search-bench"))
    p.add_argument("--binary", default=os.path.join(HERE, ".build-bench", "release", "query-latency"))
    args = p.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"query-ab: no {args.binary} (run query-bench.py once, or build query-latency)")
    sets = [s for s in args.sets.split(",") if s]
    command = [args.binary, "--index", os.path.join(args.work, "indexes", "ours-all")]
    for name in sets:
        base, k = ("or", 100) if name == "or100" else (name, 10)
        command += ["--queries", f"{name}:{k}:{os.path.join(args.work, 'queries', base + '.tsv')}"]
    configurations = {"A": shlex.split(args.a), "B": shlex.split(args.b)}
    latencies = {c: {s: [] for s in sets} for c in configurations}
    for number in range(args.passes):
        order = ["A", "B"] if number % 2 == 0 else ["B", "A"]
        for configuration in order:
            result = subprocess.run(command + configurations[configuration], capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit(f"query-ab: query-latency failed:\n{result.stderr[-2000:]}")
            report = json.loads(result.stdout)
            for name in sets:
                latencies[configuration][name].append(report["sets"][name]["latencies_ms"])
        print(f"  pass {number + 1}/{args.passes}", file=sys.stderr)
    print(f"A: `{args.a}`, B: `{args.b}`; {args.passes} passes each, alternating; each query's median, in ms\n")
    print("| set | A p50 | A p95 | A mean | B p50 | B p95 | B mean | A faster on |")
    print("|---|---|---|---|---|---|---|---|")
    for name in sets:
        row = [name]
        medians = {}
        for configuration in ("A", "B"):
            per_query = [statistics.median(timings) for timings in zip(*latencies[configuration][name])]
            medians[configuration] = per_query
            ordered = sorted(per_query)
            row += [f"{ordered[len(ordered) // 2]:.4f}", f"{ordered[int(len(ordered) * 0.95)]:.4f}",
                    f"{statistics.mean(per_query):.4f}"]
        faster = sum(1 for a, b in zip(medians["A"], medians["B"]) if a < b)
        row.append(f"{faster}/{len(medians['A'])}")
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
