"""What the benchmark scripts share: paths, logging, timed commands, index manifests, renamed
document batches, query-bench.py as a module, and the results file each run writes.

Imported by the scripts beside it (`import benchcommon`: a script's own folder is on the path).
"""
import datetime
import importlib.util
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def query_bench():
    """query-bench.py as a module: corpus materialisation, query sets, release builds."""
    spec = importlib.util.spec_from_file_location("query_bench", os.path.join(ROOT, "Benchmarks", "query-bench.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd, quiet=True):
    """Runs `cmd` (its standard output discarded when `quiet`), failing on a non-zero status;
    returns its wall time in seconds."""
    shown = " ".join(cmd)
    log("$ " + (shown if len(shown) < 300 else shown[:300] + f" … ({len(cmd)} arguments)"))
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL if quiet else sys.stderr)
    return time.perf_counter() - start


def manifest(directory):
    """The index's MANIFEST: JSON between its 32-byte header and its 4-byte checksum."""
    with open(os.path.join(directory, "MANIFEST"), "rb") as f:
        return json.loads(f.read()[32:-4])


def segments(directory):
    return manifest(directory)["segments"]


def renamed_batches(corpus, count, size, work, prefix):
    """`count` JSONL files of `size` documents each, the corpus's first documents again under new
    identifiers (PREFIX-BATCH-OFFSET), written to WORK/PREFIX-add-BATCH.jsonl; their paths."""
    with open(corpus, encoding="utf-8") as src:
        lines = [line for _, line in zip(range(size * count), src)]
    paths = []
    for number in range(count):
        path = os.path.join(work, f"{prefix}-add-{number}.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for offset, line in enumerate(lines[number * size:(number + 1) * size]):
                document = json.loads(line)
                document["id"] = f"{prefix}-{number}-{offset}"
                out.write(json.dumps(document, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def utc_stamp():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")


def write_results(work, name, stamp, lines):
    """Prints the table `lines` and writes it to WORK/results/NAME-STAMP.md."""
    table = "\n".join(lines) + "\n"
    print(table)
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    with open(os.path.join(work, "results", f"{name}-{stamp}.md"), "w") as f:
        f.write(table)
