#!/usr/bin/env python3
"""Spelling-slip benchmark: what "did you mean" (`--auto-correct`) wins back on questions with
realistic Arabic spelling slips, against a generic corrector of the same machinery.

    python3 Benchmarks/spelling-bench.py [--collections arcd,kaiflematha,arabic-qa-combined]
                                         [--split dev] [--seed 22] [--work DIR] [--binary PATH]
                                         [--datasets DIR]

For each collection of ../shared/datasets (its corpus.jsonl, topics-SPLIT.tsv, qrels-SPLIT.txt):
builds an index (`arabic-search index build`), injects seeded slips into every question (the
noise model below), and runs `arabic-search eval --index … --metrics ndcg@10` on:

- clean: the questions as written;
- clean + auto-correct: the same with `--auto-correct` (what correcting costs when nothing is
  misspelt; it must lose at most 0.002);
- noisy: the questions with slips, as typed;
- noisy + generic: `--auto-correct --spelling-costs uniform` (every edit costs 1: the baseline);
- noisy + Arabic-aware: `--auto-correct --spelling-costs arabic`.

Suggestion accuracy: the share of noisy questions whose searched text (the correction, or the
text as typed when none was made) has exactly the clean question's analyzed terms.

Noise model (seeded, per question): one slip, or two with probability 0.5, each in a different
word of at least four letters, Arabic letters only. A slip is drawn from:
- 0.50 a letter of a confusion class replaced by another of its class (ArabicSlips: hamza seats,
  ض/ظ/د, ذ/ز/د, ث/س/ت, ص/س, ط/ت, ق/ك/غ, ح/ه/خ, the dotted look-alikes);
- 0.15 a long vowel (ا و ي) left out, or added after a consonant;
- 0.10 a letter doubled, or a doubled letter written once;
- 0.10 two neighbouring letters swapped;
- 0.15 a letter replaced by any other Arabic letter (a slip no class covers).
A word with no letter for the drawn kind gets another kind. The noisy topics are written to
WORK/noisy-NAME-SPLIT.tsv.

Prints one markdown table (collections worst-first by the noisy loss) and writes it to
WORK/results/spelling-bench-<UTC time>.md. Nothing is written inside the repository.
"""
import argparse
import json
import os
import random
import subprocess
import sys

from benchcommon import ROOT, SHARED, log, utc_stamp, write_results

CLASSES = ["ءؤئا", "ضظد", "ذزد", "ثست", "صس", "طت", "قكغ", "حهخ", "بتثني", "فق", "رز", "عغ", "سش", "جحخ"]
LONG_VOWELS = "اوي"
ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
KINDS = [("class", 0.50), ("vowel", 0.15), ("double", 0.10), ("swap", 0.10), ("other", 0.15)]


def slip(word, kind, rng):
    """`word` with one slip of `kind`, or None when the word has no place for it."""
    letters = list(word)
    if kind == "class":
        places = [i for i, c in enumerate(letters) if any(c in k for k in CLASSES)]
        if not places:
            return None
        i = rng.choice(places)
        options = sorted({o for k in CLASSES if letters[i] in k for o in k if o != letters[i]})
        letters[i] = rng.choice(options)
    elif kind == "vowel":
        vowels = [i for i, c in enumerate(letters) if c in LONG_VOWELS and 0 < i]
        if vowels and rng.random() < 0.7:
            del letters[rng.choice(vowels)]
        else:
            consonants = [i for i, c in enumerate(letters) if c not in LONG_VOWELS and i + 1 < len(letters)]
            if not consonants:
                return None
            letters.insert(rng.choice(consonants) + 1, rng.choice(LONG_VOWELS))
    elif kind == "double":
        doubled = [i for i in range(1, len(letters)) if letters[i] == letters[i - 1]]
        if doubled:
            del letters[rng.choice(doubled)]
        else:
            i = rng.randrange(1, len(letters))
            letters.insert(i, letters[i])
    elif kind == "swap":
        places = [i for i in range(1, len(letters) - 1) if letters[i] != letters[i + 1]]
        if not places:
            return None
        i = rng.choice(places)
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        i = rng.randrange(1, len(letters))
        letters[i] = rng.choice([c for c in ARABIC_LETTERS if c != letters[i]])
    result = "".join(letters)
    return result if result != word else None


def noisy(text, rng):
    """`text` with one or two slips in different long Arabic words."""
    words = text.split(" ")
    places = [i for i, w in enumerate(words) if len(w) >= 4 and all(c in ARABIC_LETTERS for c in w)]
    if not places:
        return text
    count = min(len(places), 2 if rng.random() < 0.5 else 1)
    for i in rng.sample(places, count):
        kinds = [k for k, _ in KINDS]
        weights = [w for _, w in KINDS]
        for _ in range(10):
            kind = rng.choices(kinds, weights)[0]
            changed = slip(words[i], kind, rng)
            if changed:
                words[i] = changed
                break
    return " ".join(words)


def read_topics(path):
    topics = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 1)
            if len(parts) == 2:
                topics.append(tuple(parts))
    return topics


def write_topics(path, topics):
    with open(path, "w", encoding="utf-8") as f:
        for qid, text in topics:
            f.write(f"{qid}\t{text}\n")


def analyzed(binary, texts):
    """Each text's analyzed terms, from one `arabic-search analyze --json` over all of them."""
    marker = "qqsepqq"
    joined = f" {marker} ".join(t.replace(marker, "") for t in texts)
    out = subprocess.run([binary, "analyze", "--json"], input=joined, check=True, capture_output=True,
                         text=True).stdout
    groups = [[]]
    for token in json.loads(out):
        if token["term"] == marker:
            groups.append([])
        else:
            groups[-1].append(token["term"])
    if len(groups) != len(texts):
        sys.exit(f"analysis gave {len(groups)} groups for {len(texts)} texts")
    return groups


def ndcg(binary, index, topics, qrels, extra, work, corrected=None):
    cmd = [binary, "eval", "--index", index, "--topics", topics, "--qrels", qrels, "--metrics", "ndcg@10", "--json"]
    cmd += extra
    if corrected:
        cmd += ["--corrected-topics", corrected]
    log("$ " + " ".join(cmd))
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    if result.stderr.strip():
        log(result.stderr.strip())
    return json.loads(result.stdout)["means"]["ndcg@10"]


def main():
    p = argparse.ArgumentParser(description="What auto-correct wins back on questions with Arabic spelling slips.")
    p.add_argument("--collections", default="arcd,kaiflematha,arabic-qa-combined")
    p.add_argument("--split", default="dev")
    p.add_argument("--datasets", default=os.path.join(SHARED, "datasets"),
                   help="the folder of the collections (default ../shared/datasets)")
    p.add_argument("--seed", type=int, default=22)
    p.add_argument("--work", default=os.path.expanduser("~/.cache/arabic-search-bench/spelling"))
    p.add_argument("--binary", default=None, help="arabic-search to run (default: a release build of this checkout)")
    args = p.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    binary = args.binary
    if binary is None:
        scratch = os.path.join(ROOT, ".build-bench")
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "arabic-search"],
                       cwd=ROOT, check=True)
        binary = os.path.join(scratch, "release", "arabic-search")

    rows = []
    for name in args.collections.split(","):
        folder = os.path.join(args.datasets, name)
        topics_path = os.path.join(folder, f"topics-{args.split}.tsv")
        qrels_path = os.path.join(folder, f"qrels-{args.split}.txt")
        index = os.path.join(work, f"index-{name}")
        subprocess.run(["rm", "-rf", index], check=True)
        subprocess.run([binary, "index", "build", "--index", index, "--quiet", os.path.join(folder, "corpus.jsonl")],
                       check=True)
        clean = read_topics(topics_path)
        rng = random.Random(f"{args.seed}:{name}")
        slipped = [(qid, noisy(text, rng)) for qid, text in clean]
        noisy_path = os.path.join(work, f"noisy-{name}-{args.split}.tsv")
        write_topics(noisy_path, slipped)
        figures = {
            "clean": ndcg(binary, index, topics_path, qrels_path, [], work),
            "clean_corrected": ndcg(binary, index, topics_path, qrels_path, ["--auto-correct"], work),
            "noisy": ndcg(binary, index, noisy_path, qrels_path, [], work),
        }
        accuracy = {}
        clean_terms = analyzed(binary, [t for _, t in clean])
        typed_terms = analyzed(binary, [t for _, t in slipped])
        accuracy["noisy"] = sum(a == b for a, b in zip(typed_terms, clean_terms)) / len(clean)
        for costs in ["uniform", "arabic"]:
            corrected_path = os.path.join(work, f"corrected-{costs}-{name}-{args.split}.tsv")
            figures[costs] = ndcg(binary, index, noisy_path, qrels_path,
                                  ["--auto-correct", "--spelling-costs", costs], work, corrected=corrected_path)
            searched = analyzed(binary, [t for _, t in read_topics(corrected_path)])
            accuracy[costs] = sum(a == b for a, b in zip(searched, clean_terms)) / len(clean)
        rows.append((name, len(clean), figures, accuracy))

    rows.sort(key=lambda r: -(r[2]["clean"] - r[2]["noisy"]))
    stamp = utc_stamp()
    lines = [f"spelling-bench {stamp}: split {args.split}, seed {args.seed}; nDCG@10 (suggestion accuracy: share of "
             "questions searched with the clean question's analyzed terms)", "",
             "| collection | questions | clean | clean + auto-correct (Δ) | noisy as typed | noisy + generic (uniform) "
             "| noisy + Arabic-aware | loss recovered (generic / Arabic-aware) | accuracy: typed / generic / Arabic-aware |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, count, f, a in rows:
        lost = f["clean"] - f["noisy"]
        def recovered(key):
            return f"{(f[key] - f['noisy']) / lost:.0%}" if lost > 0 else "-"
        lines.append(f"| {name} | {count} | {f['clean']:.4f} | {f['clean_corrected']:.4f} "
                     f"({f['clean_corrected'] - f['clean']:+.4f}) | {f['noisy']:.4f} | {f['uniform']:.4f} | "
                     f"{f['arabic']:.4f} | {recovered('uniform')} / {recovered('arabic')} | "
                     f"{a['noisy']:.1%} / {a['uniform']:.1%} / {a['arabic']:.1%} |")
    write_results(work, "spelling-bench", stamp, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
