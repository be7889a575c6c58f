#!/usr/bin/env python3
"""Live-preview benchmark: save-to-updated-page latency and memory over many rebuilds.

    benches/serve.py [N] [--edits 20] [--rebuilds 500]

Copies the generated N-question handbook (/tmp/bench-N/handbook, made by
../shared/bench/gen_corpus.py) to a temporary folder, starts the release
`prepbook serve --port 0` on it, and
  1. saves one document EDITS times each way (an answer reworded; a question added):
     latency = from the write to the moment the page served over HTTP shows the edit,
     and to the moment the served search index changed;
  2. rebuilds REBUILDS times in a row, sampling the server's resident memory
     (VmRSS) every 50 rebuilds, to show whether memory grows.
Standard library only. Needs `cargo build --release` first.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "..", "target", "release", "prepbook")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def status(url):
    with urllib.request.urlopen(url + "__prepbook/status", timeout=30) as r:
        return r.read().decode()


def version(url):
    return int(re.search(r'"version":(\d+)', status(url)).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--rebuilds", type=int, default=500)
    args = ap.parse_args()
    src = f"/tmp/bench-{args.n}/handbook"
    if not os.path.isdir(src):
        subprocess.run([sys.executable, os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py"),
                        "--questions", str(args.n), "--out", f"/tmp/bench-{args.n}", "--seed", "42"], check=True,
                       stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="prepbook-serve-bench-")
    content = os.path.join(work, "content")
    shutil.copytree(src, content)
    proc = subprocess.Popen([BIN, "serve", "--port", "0"], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = proc.stdout.readline()
        url = re.search(r"(http://\S+)", first).group(1)
        target = os.path.join(content, sorted(os.listdir(content))[0])
        page = os.path.splitext(os.path.basename(target))[0] + ".html"
        original = open(target, encoding="utf-8").read()
        def fetch(path):
            with urllib.request.urlopen(url + path, timeout=30) as r:
                return r.read()

        def timed_edit(text, marker):
            """ms from the write until the page shows `marker`, and until the index changed."""
            index_before = fetch("search/index.js")
            start = time.monotonic()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            while marker not in fetch(page).decode():
                time.sleep(0.002)
            page_ms = (time.monotonic() - start) * 1000
            while fetch("search/index.js") == index_before:
                time.sleep(0.002)
            return page_ms, (time.monotonic() - start) * 1000

        # An answer reworded (the common save), then questions added one by one (the counts
        # change; only the home and tag pages show them).
        kinds = {"reworded answer": [], "added question": []}
        for i in range(args.edits):
            marker = f"prepbook-bench-edit-{i}-{time.time_ns()}"
            kinds["reworded answer"].append(timed_edit(original.rstrip() + f" {marker}\n", marker))
        grown = original
        for i in range(args.edits):
            marker = f"prepbook-bench-added-{i}-{time.time_ns()}"
            grown += f"\n\n## {9000 + i}. Benchmark question {marker}?\n\nAnswer {marker}.\n"
            kinds["added question"].append(timed_edit(grown, marker))
        samples = [(0, rss_mib(proc.pid))]
        for i in range(1, args.rebuilds + 1):
            before = version(url)
            with open(target, "w", encoding="utf-8") as f:
                f.write(original + f"\n\n<!-- rebuild {i} -->\n")
            while version(url) == before:
                time.sleep(0.01)
            if i % 50 == 0:
                samples.append((i, rss_mib(proc.pid)))
        print(f"prepbook serve on {args.n} questions ({first.strip()})")
        for kind, runs in kinds.items():
            pages = [p for p, _ in runs]
            index = [x for _, x in runs]
            print(f"{kind}, {args.edits} saves: save -> updated page over HTTP median {statistics.median(pages):.0f} ms "
                  f"(min {min(pages):.0f}, max {max(pages):.0f}); save -> new search index median "
                  f"{statistics.median(index):.0f} ms")
        print("resident memory after rebuilds: " + ", ".join(f"{n}: {m:.0f} MiB" for n, m in samples))
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
