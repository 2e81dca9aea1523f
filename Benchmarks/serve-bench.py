#!/usr/bin/env python3
"""HTTP service benchmark: `arabic-search serve` under load while the index changes, one run.

    python3 Benchmarks/serve-bench.py [--n 500] [--seed 13] [--duration 60] [--connections 8,32]
                                      [--add-every 5] [--add-count 1000] [--max-docs N] [--work DIR]

Builds arabic-search and query-latency in release mode, materialises the scale corpus and draws
the query-bench OR questions (seeded, as `query-bench.py` does), builds the index, then:

1. in process: `query-latency --snippets --threads C` over the same questions, for each C (the
   batch QPS at that concurrency, and each search's p50/p99 there, with the stored text and
   snippets the service returns);
2. over HTTP: `arabic-search serve --index` and, for each C, wrk (Debian's) with C keep-alive
   connections for --duration seconds, cycling through the questions as `GET /search?q=…`,
   while a writer process runs `arabic-search index add` of --add-count new documents every
   --add-every seconds; after each commit, `GET /stats` is polled until the server reports that
   generation (the lag is recorded; a commit not seen within 5 s counts as invisible).

Prints a markdown table (QPS, p50/p99, errors, in-process QPS, HTTP / in-process, commits and
their visibility lag) and writes it to WORK/results/serve-bench-<UTC time>.md. Nothing is
written inside the repository. Needs `wrk` (apt-get install wrk).
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from benchcommon import SHARED, log, manifest, query_bench, renamed_batches, utc_stamp, write_results


def manifest_generation(directory):
    return manifest(directory)["generation"]


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def start_server(binary, index):
    server = subprocess.Popen([binary, "serve", "--index", index, "--port", "0"], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = server.stderr.readline()
        match = re.search(r"on (http://[0-9.]+:[0-9]+/)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            return server, match.group(1)
    server.kill()
    sys.exit("the server did not start")


class Writer(threading.Thread):
    """Adds a batch of new documents every `every` seconds until stopped; checks each commit
    becomes visible over HTTP."""

    def __init__(self, binary, index, batches, every, base_url):
        super().__init__(daemon=True)
        self.binary, self.index, self.batches, self.every, self.base_url = binary, index, batches, every, base_url
        self.stop = threading.Event()
        self.lags = []          # seconds from the end of `index add` to the server reporting it
        self.invisible = 0
        self.failures = 0
        self.next_batch = 0

    def run(self):
        while not self.stop.is_set() and self.next_batch < len(self.batches):
            started = time.time()
            batch = self.batches[self.next_batch]
            self.next_batch += 1
            status = subprocess.run([self.binary, "index", "add", "--index", self.index, "--quiet", batch],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if status.returncode != 0:
                self.failures += 1
                log("index add failed: " + status.stderr.strip())
            else:
                generation = manifest_generation(self.index)
                committed = time.time()
                seen = None
                while time.time() - committed < 5:
                    if get_json(self.base_url + "stats")["generation"] >= generation:
                        seen = time.time() - committed
                        break
                    time.sleep(0.01)
                if seen is None:
                    self.invisible += 1
                else:
                    self.lags.append(seen)
            self.stop.wait(max(0, self.every - (time.time() - started)))


def wrk(url_base, paths, connections, duration, work):
    script = os.path.join(work, "serve-bench.lua")
    with open(script, "w") as f:
        f.write("paths = {\n")
        for path in paths:
            f.write(f"  {json.dumps(path)},\n")
        f.write("}\ncounter = 0\n"
                "request = function()\n"
                "  counter = counter + 1\n"
                "  return wrk.format(\"GET\", paths[(counter % #paths) + 1])\n"
                "end\n")
    threads = min(2, connections)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s",
           "-s", script, url_base]
    log("$ " + " ".join(cmd))
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    log(out)

    def millis(label):
        match = re.search(rf"^\s*{label}%\s+([0-9.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"([0-9]+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: ([0-9]+)", out)
    socket = re.search(r"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in socket.groups()) if socket else 0)
    return {"qps": float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1)), "p50": millis("50"),
            "p99": millis("99"), "requests": requests, "errors": errors}


def main():
    p = argparse.ArgumentParser(description="arabic-search serve under load while the index changes.")
    p.add_argument("--n", type=int, default=500, help="questions (default 500)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--duration", type=int, default=60, help="seconds per concurrency (default 60)")
    p.add_argument("--connections", default="8,32")
    p.add_argument("--add-every", type=float, default=5.0)
    p.add_argument("--add-count", type=int, default=1000)
    p.add_argument("--max-docs", type=int, default=0, help="index only the first N documents (0 = all)")
    p.add_argument("--corpus", default=os.path.join(SHARED, "datasets", "scale", "corpus.jsonl.gz"))
    p.add_argument("--queries", default=os.path.join(SHARED, "datasets", "scale", "queries.tsv"))
    p.add_argument("--work", default=os.path.expanduser("~/.cache/arabic-search-bench"))
    args = p.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    qb = query_bench()
    corpus, info = qb.materialise_corpus(args.corpus, args.max_docs, work)
    qdir = os.path.join(work, "queries")
    os.makedirs(qdir, exist_ok=True)
    qb.make_query_sets(args.queries, args.n, args.seed, qdir)
    binary, query_latency = qb.swift_build(args)
    questions = []
    with open(os.path.join(qdir, "or.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 1)
            if len(parts) == 2:
                questions.append(parts[1])
    paths = ["/search?q=" + urllib.parse.quote(q) + "&top=10" for q in questions]
    connections = [int(c) for c in args.connections.split(",")]

    index = os.path.join(work, "indexes", "serve-bench")
    subprocess.run(["rm", "-rf", index], check=True)
    log(f"$ {binary} index build --index {index} --quiet {corpus}")
    subprocess.run([binary, "index", "build", "--index", index, "--quiet", corpus], check=True)

    # The writer's batches: documents of the corpus again, under new identifiers.
    batch_count = int(len(connections) * args.duration / args.add_every) + 2
    batches = renamed_batches(corpus, batch_count, args.add_count, work, "serve-bench")

    rows = []
    for count in connections:
        cmd = [query_latency, "--index", index, "--queries", f"or10:10:{os.path.join(qdir, 'or.tsv')}", "--snippets",
               "--threads", str(count)]
        log("$ " + " ".join(cmd))
        in_process = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        batch_qps = in_process["sets"]["or10"]["batch_qps"]
        in_process_p50 = in_process["sets"]["or10"]["p50_ms"]
        in_process_p99 = in_process["sets"]["or10"]["p99_ms"]
        server, base = start_server(binary, index)
        try:
            documents_before = get_json(base + "stats")["documents"]
            writer = Writer(binary, index, batches, args.add_every, base)
            writer.start()
            result = wrk(base.rstrip("/"), paths, count, args.duration, work)
            writer.stop.set()
            writer.join()
            documents_after = get_json(base + "stats")["documents"]
            alive = server.poll() is None
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        batches = batches[writer.next_batch:]
        rows.append((count, result, batch_qps, writer, documents_before, documents_after, alive, server.returncode,
                     in_process_p50, in_process_p99))

    stamp = utc_stamp()
    lines = [f"serve-bench {stamp}: {info['documents']} documents at start, {len(paths)} OR questions (top 10, "
             f"snippets), {args.duration} s per row, `index add` of {args.add_count} documents every "
             f"{args.add_every:g} s meanwhile; {os.cpu_count()} cores", "",
             "| connections | HTTP QPS | p50 (ms) | p99 (ms) | errors | in-process QPS | in-process p50 / p99 (ms) | "
             "HTTP / in-process | commits | visible | lag max (ms) | documents | server |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for count, result, batch_qps, writer, before, after, alive, code, p50, p99 in rows:
        commits = len(writer.lags) + writer.invisible
        lag = max(writer.lags) * 1000 if writer.lags else 0
        lines.append(f"| {count} | {result['qps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f} | {result['errors']} | "
                     f"{batch_qps:.0f} | {p50:.2f} / {p99:.2f} | {result['qps'] / batch_qps:.2f}× | {commits} | {len(writer.lags)}/{commits} | "
                     f"{lag:.0f} | {before} → {after} | {'ran throughout' if alive else 'DIED'}, exit {code} |")
    write_results(work, "serve-bench", stamp, lines)
    bad = any(r[1]["errors"] or r[3].invisible or r[3].failures or not r[6] for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
