#!/usr/bin/env python3
"""Query-speed benchmark: arabic-search against Lucene++ and tantivy, one command, one table.

    python3 Benchmarks/query-bench.py [--n 500] [--max-docs N] [--threads N] [--rounds R] [--seed 13]
                                      [--engines ours,lucenepp,tantivy] [--work DIR] [--out FILE]

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
    """Runs cmd; returns (the last JSON line of its stdout, the child's peak RSS in KB, seconds)."""
    log("$ " + " ".join(cmd))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, **kw)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{os.path.basename(cmd[0])} exited with {proc.returncode}")
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


def run_ours(args, corpus, info, qdir, work, exhaustive=False):
    cli, latency = swift_build(args) if not hasattr(run_ours, "bins") else run_ours.bins
    run_ours.bins = (cli, latency)
    index = os.path.join(work, "indexes", f"ours-{args.max_docs or 'all'}")
    result = {"name": "arabic-search (exhaustive)" if exhaustive else "arabic-search"}
    if not exhaustive:
        shutil.rmtree(index, ignore_errors=True)
        os.makedirs(os.path.dirname(index), exist_ok=True)
        _, rss_kb, seconds = run_json([cli, "index", "build", "--index", index, "--quiet", corpus])
        result["build"] = {"seconds": seconds, "peak_rss_kb": rss_kb, "index_bytes": dir_bytes(index),
                           "documents": info["documents"],
                           "note": "wall time of `arabic-search index build` (reading and parsing JSONL included)"}
    cmd = [latency, "--index", index, "--threads", str(args.threads), "--rounds", str(args.rounds)]
    for spec in query_specs(qdir):
        cmd += ["--queries", spec]
    if exhaustive:
        cmd.append("--exhaustive")
    report, _, _ = run_json(cmd)
    result["sets"] = report["sets"]
    result["segments"] = report.get("segments")
    return result


def run_lucenepp(args, corpus, info, qdir, work):
    source = os.path.join(BENCH, "peers", "lucenepp_latency.cpp")
    binary = os.path.join(work, "bin", "lucenepp_latency")
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        os.makedirs(os.path.dirname(binary), exist_ok=True)
        flags = subprocess.check_output(["pkg-config", "--cflags", "--libs", "liblucene++", "liblucene++-contrib"],
                                        text=True).split()
        cmd = ["g++", "-O2", "-std=c++17", "-o", binary + ".tmp", source] + flags + ["-lboost_system", "-lpthread"]
        log("$ " + " ".join(cmd))
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        os.replace(binary + ".tmp", binary)
    docs = lucene_docs_tsv(corpus)
    index = os.path.join(work, "indexes", f"lucenepp-{args.max_docs or 'all'}")
    shutil.rmtree(index, ignore_errors=True)
    os.makedirs(index)
    cmd = [binary, "--index", index, "--docs", docs, "--threads", str(args.threads), "--rounds", str(args.rounds)]
    for spec in query_specs(qdir):
        cmd += ["--queries", spec]
    report, _, _ = run_json(cmd)
    build = report["build"]
    return {"name": "Lucene++", "sets": report["sets"],
            "build": {"seconds": build["seconds"], "peak_rss_kb": build["vmhwm_kb"], "index_bytes": dir_bytes(index),
                      "documents": build["documents"],
                      "note": "parsed documents in memory -> optimize()d index (reading excluded)"}}


def run_tantivy(args, corpus, info, qdir, work):
    if not os.path.exists(PEERS_PYTHON):
        raise RuntimeError(f"no peers venv at {PEERS_PYTHON} (run ../shared/peers/setup.sh)")
    index = os.path.join(work, "indexes", f"tantivy-{args.max_docs or 'all'}")
    cmd = [PEERS_PYTHON, os.path.join(BENCH, "peers", "tantivy_latency.py"), "--index", index, "--corpus", corpus,
           "--threads", str(args.threads), "--rounds", str(args.rounds)]
    for spec in query_specs(qdir):
        cmd += ["--queries", spec]
    report, _, _ = run_json(cmd, env=dict(os.environ, PEERS_NO_REEXEC="1"))
    build = report["build"]
    return {"name": f"tantivy {report.get('version', '')}".strip(), "sets": report["sets"],
            "build": {"seconds": build["seconds"], "peak_rss_kb": build["vmhwm_kb"], "index_bytes": dir_bytes(index),
                      "documents": build["documents"],
                      "note": "parsed documents in memory -> committed index, 2 threads (reading excluded)"}}


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
               + (f"; each query's median of {args.rounds} timed passes" if args.rounds > 1 else "") + "); "
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
                   help="timed passes per set; a query's latency is the median of its R timings (default 1)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--corpus", default=os.path.join(SHARED, "datasets", "scale", "corpus.jsonl.gz"))
    p.add_argument("--queries", default=os.path.join(SHARED, "datasets", "scale", "queries.tsv"))
    p.add_argument("--engines", default="ours,lucenepp,tantivy")
    p.add_argument("--exhaustive", action="store_true",
                   help="add a column for our engine with exhaustive evaluation (needs the searcher's switch)")
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
    runners = [("ours", "ours", lambda: run_ours(args, corpus, info, qdir, work))]
    if args.exhaustive:
        runners.append(("ours (exh.)", "ours_exhaustive",
                        lambda: run_ours(args, corpus, info, qdir, work, exhaustive=True)))
    runners += [("Lucene++", "lucenepp", lambda: run_lucenepp(args, corpus, info, qdir, work)),
                ("tantivy", "tantivy", lambda: run_tantivy(args, corpus, info, qdir, work))]
    engines = []
    for short, key, run in runners:
        if key != "ours_exhaustive" and key not in wanted:
            continue
        try:
            result = run()
        except Exception as error:  # a missing peer must not stop the others
            log(f"{short}: {error}")
            if key in ("ours",) and not engines:
                result = {"name": "arabic-search", "error": str(error)}
            else:
                result = {"name": short, "error": str(error)}
        result["short"] = short
        engines.append(result)
    if not engines or engines[0]["short"] != "ours":
        engines.insert(0, {"name": "arabic-search", "short": "ours", "error": "not run"})

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
