#!/usr/bin/env python3
"""Make the evaluation fixture and its reference values with ir-measures (pytrec_eval).

    pip install ir-measures pytrec-eval-terrier
    arabic-search eval --corpus ../shared/datasets/arabic-qa-combined/corpus.jsonl \
        --topics ../shared/datasets/arabic-qa-combined/topics-test.tsv --run /tmp/combined-test.run
    python3 Tests/Fixtures/eval/reference.py --run /tmp/combined-test.run \
        --qrels ../shared/datasets/arabic-qa-combined/qrels-test.txt --out Tests/Fixtures/eval

Writes into --out:
  run.txt          a real run of our engine cut down to 250 topics (100 hits for the first 50 topics,
                   20 for the others) with scores rounded to 2 decimals, so that equal scores are common
                   and the tie-breaking rules are exercised;
  qrels.txt        the dataset's judgments of those topics, made graded and harder (seeded): the relevant
                   document gets relevance 2, some retrieved documents 1, 0 or -1; plus 5 judged topics the
                   run does not answer and 3 topics judged with no relevant document;
  expected-per-topic.tsv   qid<TAB>metric<TAB>value for every judged topic (0 where the run has none);
  expected-means.tsv       metric<TAB>mean over all judged topics, a judged topic missing from the run
                           counting 0 (trec_eval -c, as ../shared/peers/eval.py reports).
Metric names are ours (ndcg@10, mrr@10, ...); the ir-measures measure is given beside each in MEASURES.
"""
import argparse
import os
import random
from collections import defaultdict

import ir_measures
from ir_measures import AP, P, R, RR, nDCG

MEASURES = [
    ("ndcg@10", nDCG @ 10), ("ndcg@5", nDCG @ 5), ("ndcg", nDCG),
    ("mrr@10", RR @ 10), ("mrr@3", RR @ 3), ("mrr", RR),
    ("recall@100", R @ 100), ("recall@10", R @ 10),
    ("map", AP), ("map@10", AP @ 10),
    ("p@10", P @ 10), ("p@5", P @ 5),
]


def read_run(path):
    run = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, _, docid, rank, score, _ = line.split()
            run[qid].append((docid, int(rank), float(score)))
    return run


def read_qrels(path):
    qrels = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, _, docid, rel = line.split()
            qrels[qid][docid] = int(rel)
    return qrels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--qrels", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--topics", type=int, default=250)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    source_run = read_run(a.run)
    source_qrels = read_qrels(a.qrels)

    answered = sorted(q for q in source_run if q in source_qrels)
    chosen = answered[: a.topics]
    run_lines = []
    run = {}
    for i, qid in enumerate(chosen):
        hits = sorted(source_run[qid], key=lambda h: h[1])[: 100 if i < 50 else 20]
        run[qid] = {}
        for rank, (docid, _, score) in enumerate(hits, 1):
            text = "%.2f" % score
            run_lines.append(f"{qid} Q0 {docid} {rank} {text} fixture\n")
            run[qid][docid] = float(text)

    qrels = {}
    for qid in chosen:
        judged = {d: (2 if r > 0 else r) for d, r in source_qrels[qid].items()}
        for docid in list(run[qid])[:15]:
            if docid not in judged and rng.random() < 0.3:
                judged[docid] = rng.choice([1, 1, 0, -1])
        qrels[qid] = judged
    unanswered = sorted(q for q in source_qrels if q not in source_run or q not in chosen)[:5]
    for qid in unanswered:
        qrels[qid] = {d: (2 if r > 0 else r) for d, r in source_qrels[qid].items()}
    for n in range(3):
        docs = list(run[chosen[n]])[:2]
        qrels[f"zz-nonrelevant-{n}"] = {docs[0]: 0, "no-such-doc": 0}
        run_lines.append(f"zz-nonrelevant-{n} Q0 {docs[0]} 1 3.00 fixture\n")
        run[f"zz-nonrelevant-{n}"] = {docs[0]: 3.0}
    run_lines.append("zz-unjudged Q0 some-doc 1 1.00 fixture\n")
    run["zz-unjudged"] = {"some-doc": 1.0}

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "run.txt"), "w", encoding="utf-8") as f:
        f.writelines(run_lines)
    with open(os.path.join(a.out, "qrels.txt"), "w", encoding="utf-8") as f:
        for qid in sorted(qrels):
            for docid in sorted(qrels[qid]):
                f.write(f"{qid} 0 {docid} {qrels[qid][docid]}\n")

    # Evaluate the files as written, the way ../shared/peers/eval.py does.
    qrels_in = list(ir_measures.read_trec_qrels(os.path.join(a.out, "qrels.txt")))
    run_in = list(ir_measures.read_trec_run(os.path.join(a.out, "run.txt")))
    judged = sorted({q.query_id for q in qrels_in})
    per = defaultdict(dict)
    for m in ir_measures.iter_calc([m for _, m in MEASURES], qrels_in, run_in):
        per[str(m.measure)][m.query_id] = m.value
    with open(os.path.join(a.out, "expected-per-topic.tsv"), "w", encoding="utf-8") as f:
        for name, m in MEASURES:
            for qid in judged:
                if qid in per[str(m)]:
                    f.write(f"{qid}\t{name}\t{per[str(m)][qid]:.12f}\n")
    with open(os.path.join(a.out, "expected-means.tsv"), "w", encoding="utf-8") as f:
        for name, m in MEASURES:
            mean = sum(per[str(m)].get(q, 0.0) for q in judged) / len(judged)
            f.write(f"{name}\t{mean:.12f}\n")
    print(f"{len(chosen)} topics, {len(run_lines)} run lines, {len(judged)} judged topics")


if __name__ == "__main__":
    main()
