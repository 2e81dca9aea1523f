#!/usr/bin/env python3
"""Query latency of tantivy (tantivy-py) for Benchmarks/query-bench.py.

    tantivy_latency.py --index DIR --corpus corpus.jsonl [--queries NAME:K:FILE ...] [--threads N] [--rounds R]
    tantivy_latency.py --index DIR --open --queries NAME:K:FILE [...]   # search an index built before

Run it with the peers' venv Python (~/.cache/arabic-search-peers/venv/bin/python). The corpus is
loaded and the index built (timed) exactly as ../shared/peers/run_tantivy.py does it with
`--analyzer arabic`: that harness's Python pre-normalisation (`common.normalize_light`: NFKC,
lowercase, diacritics and tatweel removed, alef forms folded), then tantivy's simple tokenizer,
remove_long(40), lowercase and the Snowball "arabic" stemmer; title prepended to text; positions
indexed; 2 indexing threads, 1 GB heap.

Queries use the suite's shared syntax (bare words OR, "+a +b" AND, '"a b"' phrase, "abc*" prefix),
pre-normalised the same way, then:
  * OR, AND, phrase: tantivy's own query parser (Index.parse_query over the field "text", which
    analyses words with the field's tokenizer; disjunction by default);
  * prefix: tantivy's parser has no single-word prefix syntax ("abc*" is read as the term "abc"),
    and its only prefix query (PhrasePrefixQuery with one word) stops after 50 expansions and
    cannot be told otherwise from Python, so "abc*" becomes RegexQuery("abc.*"): every term with
    the prefix, constant score — like Lucene's PrefixQuery.
searcher.search(query, K, count=False): top K only (tantivy's fastest path, block-max WAND for
OR), so no total hit count. Each hit's stored id is fetched. One untimed warm-up pass, then every
query timed on its own with time.perf_counter (parse + search + ids). With --threads N the set
runs again as one batch over N Python threads. With --rounds R the timed pass is repeated R times
and each query's latency is the median of its R timings (QPS over all R passes).

Prints one JSON object on stdout; logs go to stderr.
"""
import argparse
import json
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
PEERS = os.environ.get("PEERS_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                    "..", "..", "..", "shared", "peers")
sys.path.insert(0, os.path.abspath(PEERS))
import common as C  # noqa: E402  (../shared/peers, read-only)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", required=True, help="index directory (emptied and rebuilt unless --open)")
    p.add_argument("--corpus", help="corpus.jsonl[.gz] to index")
    p.add_argument("--open", action="store_true", help="open the index in --index instead of building one")
    p.add_argument("--max-docs", type=int, default=0)
    p.add_argument("--queries", action="append", default=[], help="NAME:K:FILE")
    p.add_argument("--threads", type=int, default=0, help="also run each set as a batch over N threads")
    p.add_argument("--rounds", type=int, default=1, help="timed passes; a query's latency is its median")
    p.add_argument("--index-threads", type=int, default=2)
    p.add_argument("--heap-mb", type=int, default=1024)
    a = p.parse_args()
    if not a.open and not a.corpus:
        p.error("give --corpus (build) or --open")
    return a


def read_sets(specs):
    sets = []
    for spec in specs:
        name, k, path = spec.split(":", 2)
        queries = [q for _, q in C.load_topics(path)]
        sets.append((name, int(k), queries))
    return sets


def quantile(q, ordered):
    if not ordered:
        return 0.0
    import math
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered))))
    return ordered[rank - 1]


def main():
    a = parse_args()
    import tantivy
    from tantivy import TextAnalyzerBuilder, Tokenizer, Filter, Query

    sets = read_sets(a.queries)
    analyzer = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40))
                .filter(Filter.lowercase()).filter(Filter.stemmer("arabic")).build())
    pre = C.normalize_light
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("text", stored=False, tokenizer_name="peer", index_option="position")
    schema = sb.build()
    build = None
    if a.open:
        index = tantivy.Index(schema, path=a.index, reuse=True)
        index.register_tokenizer("peer", analyzer)
        index.reload()
        searcher = index.searcher()
    else:
        ids, texts, nbytes = C.load_corpus(a.corpus, a.max_docs)
        if os.path.exists(a.index):
            import shutil
            shutil.rmtree(a.index)
        os.makedirs(a.index)
        index = tantivy.Index(schema, path=a.index)
        index.register_tokenizer("peer", analyzer)
        t0 = time.perf_counter()
        writer = index.writer(heap_size=a.heap_mb * 1024 * 1024, num_threads=a.index_threads)
        for did, text in zip(ids, texts):
            writer.add_document(tantivy.Document(id=did, text=pre(text)))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        searcher = index.searcher()
        build = {"documents": len(ids), "seconds": time.perf_counter() - t0, "input_bytes": nbytes,
                 "vmhwm_kb": C._vmhwm_kb()}
        del texts

    prefix_form = re.compile(r"^\s*([^\s*]+)\*\s*$")

    def make_query(text):
        text = pre(text)
        m = prefix_form.match(text)
        if m:
            return Query.regex_query(schema, "text", re.escape(m.group(1)) + ".*")
        return index.parse_query(text, ["text"])

    def run(text, k):
        """(hits, failed): parse, search top k, fetch each hit's id."""
        try:
            result = searcher.search(make_query(text), k, count=False)
        except ValueError:
            return 0, True
        n = 0
        for _score, address in result.hits:
            if searcher.doc(address)["id"][0]:
                n += 1
        return n, False

    out = {"engine": "tantivy", "documents": searcher.num_docs, "threads": a.threads, "sets": {}}
    if build:
        out["build"] = build
    for name, k, queries in sets:
        for q in queries:  # warm-up
            run(q, k)
        timings, hits, errors = [[] for _ in queries], 0, 0
        rounds = max(1, a.rounds)
        start = time.perf_counter()
        for r in range(rounds):
            for i, q in enumerate(queries):
                t = time.perf_counter()
                n, failed = run(q, k)
                timings[i].append((time.perf_counter() - t) * 1000)
                if r == 0:
                    hits += n
                    errors += failed
        seconds = time.perf_counter() - start
        latencies = [quantile(0.5, sorted(t)) for t in timings]
        ordered = sorted(latencies)
        entry = {"count": len(queries), "k": k, "p50_ms": quantile(0.5, ordered), "p95_ms": quantile(0.95, ordered),
                 "p99_ms": quantile(0.99, ordered), "mean_ms": sum(latencies) / len(latencies) if latencies else 0,
                 "qps": len(queries) * rounds / seconds if seconds > 0 else 0, "rounds": rounds, "hits": hits, "total_hits": None,
                 "errors": errors, "latencies_ms": latencies}
        if a.threads > 0:
            def worker(w):
                return sum(run(queries[i], k)[0] for i in range(w, len(queries), a.threads))
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=a.threads) as pool:
                list(pool.map(worker, range(a.threads)))
            wall = time.perf_counter() - start
            entry["batch_qps"] = len(queries) / wall if wall > 0 else 0
        out["sets"][name] = entry
    import importlib.metadata as md
    out["version"] = md.version("tantivy")
    out["vmhwm_kb"] = C._vmhwm_kb()
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
