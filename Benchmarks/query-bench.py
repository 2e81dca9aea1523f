#!/usr/bin/env python3
"""Query-speed benchmark: arabic-search against Lucene++ and tantivy, one command, one table.

    python3 Benchmarks/query-bench.py [--n 500] [--max-docs N] [--threads N] [--rounds R] [--seed 13]
                                      [--engines ours,lucenepp,tantivy] [--baseline QUERY_LATENCY]
                                      [--work DIR] [--out FILE]

Builds what it needs (release builds of the root package and of Benchmarks/, the Lucene++ program
with g++ -O2), materialises the corpus (../shared/datasets/scale by default, first --max-docs
documents), draws the query sets from the real query file (seeded), builds each engine's index
once, runs every query set through every engine in this one run, and prints two markdown tables
(index build; query latency with ratios). The tables are also written to --out (default
WORK/results/query-bench-<UTC time>.md). Benchmarks/README.md explains every column.

Nothing is written inside the repository: the work directory (default ~/.cache/arabic-search-bench)
holds the corpus slice, the query sets (queries/*.tsv), the indexes, the Lucene++ binary and the
results. An engine that cannot run gets "not available: …" and the others still run.
"""
import argparse
import datetime
import gzip
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "Benchmarks")
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
PEERS_HOME = os.environ.get("PEERS_HOME") or os.path.expanduser("~/.cache/arabic-search-peers")
PEERS_PYTHON = os.path.join(PEERS_HOME, "venv", "bin", "python")

# key (the drivers' set name), row label, k, query file stem
CATEGORIES = [
    ("or10", "OR top-10", 10, "or"),
    ("or100", "OR top-100", 100, "or"),
    ("and", "AND, 2 terms, top-10", 10, "and"),
    ("phrase", "phrase, 2 words, top-10", 10, "phrase"),
    ("prefix", "prefix, top-10", 10, "prefix"),
]


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Query sets
# ---------------------------------------------------------------------------

# Folded forms (diacritics removed, alef forms -> ا, ى -> ي, ة -> ه) of question words and other
# function words that make poor AND/phrase/prefix terms.
STOP = set("""
ما ماذا من متي اين كيف كم هل لماذا لم لن لا ان او و ف ب ل ك في علي الي عن مع هو هي هم هن هما انا نحن
انت انتم ذلك تلك هذا هذه هولاء هاولاء اولئك التي الذي الذين اللذان اللتان اللاتي كان كانت كانوا يكون تكون
قد ثم حتي اي ايه كل بعض بعد قبل عند بين منذ حول ضد خلال عدد اول اخر يوجد توجد يسمي تسمي يقع تقع اسم
ماهو ماهي مامعني هناك هنا لها له لهم به بها فيه فيها منه منها عليه عليها اذا اذ لقد الا غير سوي كذلك
""".split())

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")


def fold(word):
    """Diacritics and tatweel removed, alef forms, alef maqsura and teh marbuta folded."""
    word = "".join(c for c in unicodedata.normalize("NFKC", word)
                   if not unicodedata.category(c).startswith("M") and c != "\u0640")
    return word.translate(_FOLD)


def words_of(question):
    """The question's words: letters, digits and marks; everything else separates words. The
    query languages' operators spelled as words (AND OR NOT) are dropped."""
    cleaned = "".join(c if c.isalnum() or unicodedata.category(c).startswith("M") else " " for c in question)
    return [w for w in cleaned.split() if w not in ("AND", "OR", "NOT")]


def is_content(word):
    f = fold(word)
    return len(f) >= 3 and all("\u0621" <= c <= "\u064a" for c in f) and f not in STOP


def make_query_sets(queries_tsv, n, seed, directory):
    """Writes or.tsv, and.tsv, phrase.tsv, prefix.tsv (qid<TAB>query) with up to n queries each."""
    questions = []
    with open(queries_tsv, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 1)
            if len(parts) == 2 and parts[1].strip():
                questions.append((parts[0], parts[1]))
    order = list(range(len(questions)))
    random.Random(seed).shuffle(order)
    pick = random.Random(seed + 1)
    sets = {"or": [], "and": [], "phrase": [], "prefix": []}
    for i in order:
        qid, question = questions[i]
        words = words_of(question)
        if not words:
            continue
        content = [(j, w) for j, w in enumerate(words) if is_content(w)]
        if len(sets["or"]) < n:
            sets["or"].append((qid, " ".join(words)))
        distinct = {}
        for j, w in content:
            distinct.setdefault(fold(w), (j, w))
        if len(sets["and"]) < n and len(distinct) >= 2:
            longest = sorted(distinct.values(), key=lambda jw: (-len(fold(jw[1])), jw[0]))[:2]
            a, b = sorted(longest)
            sets["and"].append((qid, f"+{a[1]} +{b[1]}"))
        pairs = [(words[j], words[j + 1]) for j in range(len(words) - 1)
                 if is_content(words[j]) and is_content(words[j + 1])]
        if len(sets["phrase"]) < n and pairs:
            a, b = pick.choice(pairs)
            sets["phrase"].append((qid, f'"{a} {b}"'))
        stems = []
        for _, w in content:
            f = fold(w)
            for article in ARTICLES:
                if f.startswith(article) and len(f) - len(article) >= 3:
                    f = f[len(article):]
                    break
            if len(f) >= 5:
                stems.append(f)
        if len(sets["prefix"]) < n and stems:
            sets["prefix"].append((qid, pick.choice(stems)[:4] + "*"))
        if all(len(v) >= n for v in sets.values()):
            break
    os.makedirs(directory, exist_ok=True)
    for name, rows in sets.items():
        with open(os.path.join(directory, name + ".tsv"), "w", encoding="utf-8") as f:
            for qid, q in rows:
                f.write(f"{qid}\t{q}\n")
    return {name: len(rows) for name, rows in sets.items()}


# ---------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------

def materialise_corpus(source, max_docs, work):
    """A plain JSONL copy of the first max_docs documents (all for 0), and the input's size in the
    peers' convention: UTF-8 bytes of title + "\\n" + text (title left out when empty)."""
    name = f"corpus-{max_docs or 'all'}"
    path = os.path.join(work, name + ".jsonl")
    meta = os.path.join(work, name + ".json")
    if os.path.exists(meta) and os.path.getmtime(meta) >= os.path.getmtime(source):
        with open(meta) as f:
            info = json.load(f)
        if info.get("source") == os.path.abspath(source) and os.path.exists(path):
            return path, info
    log(f"materialising {source} -> {path}")
    opener = gzip.open if source.endswith(".gz") else open
    docs = nbytes = 0
    with opener(source, "rt", encoding="utf-8") as src, open(path + ".part", "w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            d = json.loads(line)
            title, text = d.get("title") or "", d.get("text") or ""
            nbytes += len(((title + "\n") if title else "").encode()) + len(text.encode())
            out.write(line if line.endswith("\n") else line + "\n")
            docs += 1
            if max_docs and docs >= max_docs:
                break
    os.replace(path + ".part", path)
    info = {"source": os.path.abspath(source), "documents": docs, "input_bytes": nbytes}
    with open(meta, "w") as f:
        json.dump(info, f)
    return path, info


def _one_line(text):
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def lucene_docs_tsv(corpus):
    """id<TAB>title + " " + text per line (tabs and newlines as spaces), for the Lucene++ program."""
    path = corpus[:-len(".jsonl")] + ".lucenepp.tsv"
    if os.path.exists(path) and os.path.getmtime(path) >= os.path.getmtime(corpus):
        return path
    with open(corpus, encoding="utf-8") as src, open(path + ".part", "w", encoding="utf-8") as out:
        for line in src:
            d = json.loads(line)
            title, text = d.get("title") or "", d.get("text") or ""
            body = (title + "\n" + text) if title else text
            out.write(_one_line(str(d["id"])) + "\t" + _one_line(body) + "\n")
    os.replace(path + ".part", path)
    return path


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


# ---------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------

def run_json(cmd, **kw):
    """Runs cmd; returns (the last JSON line of its stdout, the child's peak RSS in KB, seconds).
    Its stderr is passed on; the last line of it becomes the error when it fails."""
    log("$ " + " ".join(cmd))
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, **kw)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        messages = err.read()
    sys.stderr.write(messages)
    if proc.returncode != 0:
        last = (messages.strip().splitlines() or [""])[-1]
        raise RuntimeError(f"{os.path.basename(cmd[0])} exited with {proc.returncode}" + (f": {last}" if last else ""))
    lines = [l for l in out.splitlines() if l.startswith("{")]
    return (json.loads(lines[-1]) if lines else None), usage.ru_maxrss, seconds


def query_specs(qdir):
    return [f"{key}:{k}:{os.path.join(qdir, stem + '.tsv')}" for key, _, k, stem in CATEGORIES]


def swift_build(args):
    for extra in (["--scratch-path", os.path.join(ROOT, ".build-bench"), "--product", "arabic-search"],
                  ["--package-path", BENCH, "--scratch-path", os.path.join(BENCH, ".build-bench"),
                   "--product", "query-latency"]):
        cmd = ["swift", "build", "-c", "release"] + extra
        log("$ " + " ".join(cmd))
        subprocess.run(cmd, check=True, stdout=sys.stderr, cwd=ROOT)
    return (os.path.join(ROOT, ".build-bench", "release", "arabic-search"),
            os.path.join(BENCH, ".build-bench", "release", "query-latency"))


class Engine:
    """One column group of the table: prepare() builds the index once (timed), search() runs every
    query set once in a fresh process (warm-up pass, then the timed pass) and returns its sets."""
    short = name = ""

    def __init__(self, args, corpus, info, qdir, work):
        self.args, self.corpus, self.info, self.qdir, self.work = args, corpus, info, qdir, work
        self.build = None
        self.rounds = []
        self.error = None

    def index_dir(self, engine):
        return os.path.join(self.work, "indexes", f"{engine}-{self.args.max_docs or 'all'}")

    def query_args(self):
        cmd = ["--threads", str(self.args.threads)]
        for spec in query_specs(self.qdir):
            cmd += ["--queries", spec]
        return cmd


class Ours(Engine):
    short, name = "ours", "arabic-search"

    def prepare(self):
        self.cli, self.latency = swift_build(self.args)
        index = self.index_dir("ours")
        shutil.rmtree(index, ignore_errors=True)
        os.makedirs(os.path.dirname(index), exist_ok=True)
        _, rss_kb, seconds = run_json([self.cli, "index", "build", "--index", index, "--quiet", self.corpus])
        self.build = {"seconds": seconds, "peak_rss_kb": rss_kb, "index_bytes": dir_bytes(index),
                      "documents": self.info["documents"],
                      "note": "wall time of `arabic-search index build` (reading and parsing JSONL included)"}

    def command(self):
        return [self.latency, "--index", self.index_dir("ours")] + self.query_args()

    def search(self):
        report, _, _ = run_json(self.command())
        self.segments = report.get("segments")
        return report["sets"]


class OursExhaustive(Engine):
    """Our engine on the index Ours built, scoring every match (query-latency --exhaustive)."""
    short, name = "ours (exhaustive)", "arabic-search (every match scored)"

    def __init__(self, ours, *rest):
        super().__init__(*rest)
        self.ours = ours

    def prepare(self):
        if self.ours.error:
            raise RuntimeError("our index was not built")

    def search(self):
        report, _, _ = run_json(self.ours.command() + ["--exhaustive"])
        return report["sets"]


class OursBaseline(Engine):
    """Another build of our engine (its `query-latency` binary, e.g. from a worktree of the commit
    before a change) on the index Ours built, in the same interleaved rounds: a before/after check."""
    short, name = "baseline", "arabic-search (baseline build)"

    def __init__(self, ours, binary, *rest):
        super().__init__(*rest)
        self.ours, self.binary = ours, os.path.abspath(binary)

    def prepare(self):
        if self.ours.error:
            raise RuntimeError("our index was not built")
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(f"{self.binary} is not an executable")

    def search(self):
        report, _, _ = run_json([self.binary, "--index", self.ours.index_dir("ours")] + self.ours.query_args())
        return report["sets"]


class LuceneCpp(Engine):
    short, name = "Lucene++", "Lucene++"

    def prepare(self):
        source = os.path.join(BENCH, "peers", "lucenepp_latency.cpp")
        self.binary = os.path.join(self.work, "bin", "lucenepp_latency")
        if not os.path.exists(self.binary) or os.path.getmtime(self.binary) < os.path.getmtime(source):
            os.makedirs(os.path.dirname(self.binary), exist_ok=True)
            flags = subprocess.check_output(["pkg-config", "--cflags", "--libs", "liblucene++", "liblucene++-contrib"],
                                            text=True).split()
            cmd = ["g++", "-O2", "-std=c++17", "-o", self.binary + ".tmp", source] + flags + ["-lboost_system",
                                                                                             "-lpthread"]
            log("$ " + " ".join(cmd))
            subprocess.run(cmd, check=True, stdout=sys.stderr)
            os.replace(self.binary + ".tmp", self.binary)
        docs = lucene_docs_tsv(self.corpus)
        index = self.index_dir("lucenepp")
        shutil.rmtree(index, ignore_errors=True)
        os.makedirs(index)
        report, _, _ = run_json([self.binary, "--index", index, "--docs", docs])
        build = report["build"]
        self.build = {"seconds": build["seconds"], "peak_rss_kb": build["vmhwm_kb"], "index_bytes": dir_bytes(index),
                      "documents": build["documents"],
                      "note": "parsed documents in memory -> optimize()d index (reading excluded)"}

    def search(self):
        report, _, _ = run_json([self.binary, "--index", self.index_dir("lucenepp")] + self.query_args())
        return report["sets"]


class Tantivy(Engine):
    short, name = "tantivy", "tantivy"

    def run(self, extra):
        cmd = [PEERS_PYTHON, os.path.join(BENCH, "peers", "tantivy_latency.py"), "--index", self.index_dir("tantivy")]
        report, _, _ = run_json(cmd + extra, env=dict(os.environ, PEERS_NO_REEXEC="1"))
        self.name = f"tantivy {report.get('version', '')}".strip()
        return report

    def prepare(self):
        if not os.path.exists(PEERS_PYTHON):
            raise RuntimeError(f"no peers venv at {PEERS_PYTHON} (run ../shared/peers/setup.sh)")
        build = self.run(["--corpus", self.corpus])["build"]
        self.build = {"seconds": build["seconds"], "peak_rss_kb": build["vmhwm_kb"],
                      "index_bytes": dir_bytes(self.index_dir("tantivy")), "documents": build["documents"],
                      "note": "parsed documents in memory -> committed index, 2 threads (reading excluded)"}

    def search(self):
        return self.run(["--open"] + self.query_args())["sets"]


def combine(rounds):
    """One entry per set from the rounds' reports: each query's median latency over the rounds;
    QPS = all queries of all rounds / their timed seconds; hits and errors of the first round."""
    sets = {}
    for key in rounds[0]:
        entries = [r[key] for r in rounds if key in r]
        first = entries[0]
        per_query = list(zip(*(e["latencies_ms"] for e in entries)))
        seconds = sum(e["count"] / e["qps"] for e in entries if e.get("qps"))
        combined = dict(first)
        combined["latencies_ms"] = [quantile(0.5, list(t)) for t in per_query]
        combined["qps"] = first["count"] * len(entries) / seconds if seconds else None
        if all(e.get("batch_qps") for e in entries):
            batch = sum(e["count"] / e["batch_qps"] for e in entries)
            combined["batch_qps"] = first["count"] * len(entries) / batch
        combined["rounds"] = len(entries)
        sets[key] = combined
    return sets


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def quantile(q, values):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(1, min(len(ordered), math.ceil(q * len(ordered)))) - 1]


def stats(entry):
    lat = entry.get("latencies_ms") or []
    return {"p50": quantile(0.5, lat), "p95": quantile(0.95, lat), "p99": quantile(0.99, lat),
            "qps": entry.get("qps"), "batch_qps": entry.get("batch_qps"),
            "hits": entry.get("hits", 0) / max(1, entry.get("count", 1)), "errors": entry.get("errors", 0),
            "count": entry.get("count", 0)}


def fmt(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


def tables(engines, info, args, header):
    out = [header, ""]
    mb = info["input_bytes"] / 1e6
    out.append("| engine | docs | build s | MB/s | peak RSS MB | index MB | index bytes / input byte |")
    out.append("|---|---|---|---|---|---|---|")
    for e in engines:
        if "error" in e:
            out.append(f"| {e['name']} | not available: {e['error']} | | | | | |")
            continue
        b = e.get("build")
        if not b:
            continue
        out.append(f"| {e['name']} | {b['documents']:,} | {b['seconds']:.1f} | {mb / b['seconds']:.2f} | "
                   f"{b['peak_rss_kb'] / 1024:.0f} | {b['index_bytes'] / 1e6:.1f} | "
                   f"{b['index_bytes'] / info['input_bytes']:.3f} |")
    out.append("")
    cols = ["category", "n"]
    for e in engines:
        short = e["short"]
        cols += [f"{short} p50", f"{short} p95", f"{short} p99", f"{short} QPS"]
        if args.threads:
            cols.append(f"{short} QPS×{args.threads}")
    ours = engines[0]
    peers = [e for e in engines[1:] if e["short"] not in ("ours (exh.)",)]
    cols += [f"ours/{p['short']} p50" for p in peers]
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "---|" * len(cols))
    hits_rows = []
    for name, label, k, stem in CATEGORIES:
        row = [label, None]
        hrow = [label]
        ours_p50 = None
        for e in engines:
            if "error" in e or name not in e.get("sets", {}):
                row += ["not available"] + [""] * (3 + (1 if args.threads else 0))
                hrow.append("–")
                continue
            s = stats(e["sets"][name])
            row[1] = row[1] or s["count"]
            row += [fmt(s["p50"]), fmt(s["p95"]), fmt(s["p99"]), fmt(s["qps"], 0)]
            if args.threads:
                row.append(fmt(s["batch_qps"], 0))
            hrow.append(f"{s['hits']:.1f}" + (f" ({s['errors']} errors)" if s["errors"] else ""))
            if e is ours:
                ours_p50 = s["p50"]
        for p in peers:
            if "error" in p or ours_p50 is None or name not in p.get("sets", {}):
                row.append("–")
            else:
                row.append(f"{ours_p50 / stats(p['sets'][name])['p50']:.2f}×")
        row[1] = str(row[1] or 0)
        out.append("| " + " | ".join(str(c) for c in row) + " |")
        hits_rows.append(hrow)
    out.append("")
    out.append("Latencies in ms (one query at a time, one thread, after one warm-up pass"
               + (f"; each query's median over {args.rounds} interleaved rounds" if args.rounds > 1 else "") + "); "
               "QPS = queries / wall time of the timed pass" +
               (f"; QPS×{args.threads} = the same set as one batch over {args.threads} threads" if args.threads else "")
               + "; ratio < 1 means ours is faster.")
    out.append("")
    out.append("| category (hits returned per query) | " + " | ".join(e["short"] for e in engines) + " |")
    out.append("|---|" + "---|" * len(engines))
    for hrow in hits_rows:
        out.append("| " + " | ".join(hrow) + " |")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description="Query latency of arabic-search, Lucene++ and tantivy in one run.")
    p.add_argument("--n", type=int, default=500, help="queries per set (default 500)")
    p.add_argument("--max-docs", type=int, default=0, help="index only the first N documents (0 = all)")
    p.add_argument("--threads", type=int, default=0, help="also report batch QPS over N threads")
    p.add_argument("--rounds", type=int, default=1,
                   help="search every engine R times, interleaved; a query's latency is its median (default 1)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--corpus", default=os.path.join(SHARED, "datasets", "scale", "corpus.jsonl.gz"))
    p.add_argument("--queries", default=os.path.join(SHARED, "datasets", "scale", "queries.tsv"))
    p.add_argument("--engines", default="ours,lucenepp,tantivy")
    p.add_argument("--exhaustive", action="store_true",
                   help="add columns for our engine scoring every match (SearchOptions.prunes off)")
    p.add_argument("--baseline", default=None, metavar="QUERY_LATENCY",
                   help="another build's query-latency binary, run on our index in the same interleaved rounds "
                        "(a before/after check: its column and ours/baseline ratios)")
    p.add_argument("--work", default=os.path.expanduser("~/.cache/arabic-search-bench"))
    p.add_argument("--out", default=None, help="also write the tables here")
    args = p.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)

    corpus, info = materialise_corpus(args.corpus, args.max_docs, work)
    qdir = os.path.join(work, "queries")
    counts = make_query_sets(args.queries, args.n, args.seed, qdir)
    log(f"query sets in {qdir}: {counts}")

    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    rest = (args, corpus, info, qdir, work)
    ours = Ours(*rest)
    engines = [ours]
    if args.exhaustive:
        engines.append(OursExhaustive(ours, *rest))
    if args.baseline:
        engines.append(OursBaseline(ours, args.baseline, *rest))
    if "lucenepp" in wanted:
        engines.append(LuceneCpp(*rest))
    if "tantivy" in wanted:
        engines.append(Tantivy(*rest))
    if "ours" not in wanted:
        ours.error = "not run"
    for engine in engines:
        if engine.error:
            continue
        try:
            engine.prepare()
        except Exception as error:  # a missing peer must not stop the others
            log(f"{engine.short}: {error}")
            engine.error = str(error)
    for r in range(max(1, args.rounds)):
        ready = [e for e in engines if not e.error]
        for engine in ready[r % len(ready):] + ready[:r % len(ready)] if ready else []:
            log(f"round {r + 1}/{args.rounds}: {engine.short}")
            try:
                engine.rounds.append(engine.search())
            except Exception as error:
                log(f"{engine.short}: {error}")
                engine.error = str(error)
    results = []
    for engine in engines:
        result = {"name": engine.name, "short": engine.short}
        if engine.error:
            result["error"] = engine.error
        else:
            result["build"] = engine.build
            result["sets"] = combine(engine.rounds)
        results.append(result)
    engines = results

    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc)
    header = (f"Query benchmark, {now:%Y-%m-%d %H:%M} UTC, commit {commit}, {platform.node()} "
              f"({os.cpu_count()} CPUs). Corpus {os.path.basename(args.corpus)}: {info['documents']:,} documents, "
              f"{info['input_bytes'] / 1e6:.1f} MB (title + text UTF-8); {counts['or']} queries per set "
              f"(seed {args.seed}) from {os.path.basename(args.queries)}. "
              f"Command: `python3 Benchmarks/query-bench.py {' '.join(sys.argv[1:])}`")
    table = tables(engines, info, args, header)
    print(table)
    out = args.out or os.path.join(work, "results", f"query-bench-{now:%Y%m%d-%H%M%S}.md")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(table)
    with open(os.path.splitext(out)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump({"info": info, "args": vars(args), "engines": engines}, f, ensure_ascii=False)
    log(f"written to {out}")


if __name__ == "__main__":
    main()
