#!/usr/bin/env python3
"""bench/run's driver: runs `cnnlab bench`, bench/torch_lenet.py and bench/djl/djl-lenet interleaved
(A B C A B C ...), each run in its own process, and prints (and appends to bench/RESULTS.md) a table of
medians and spreads. Records the load average before and the CPU time other processes used while it
ran (/proc/stat's busy time less its own children's); a run where either exceeds 0.5 per core is
marked as not a headline (the load average after is printed too, but it counts the benchmark's own
runs, so it does not decide). See bench/README.md. Standard library only (it runs on Debian's
/usr/bin/python3)."""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIDES = ("cnnlab", "pytorch", "djl")
# above this load average per core before, or this many cores' worth of other processes' CPU time per core
# during the runs, a result is not a headline
QUIET_LOAD_PER_CORE = 0.5
ROOT = os.path.dirname(HERE)


def parse_args():
    ap = argparse.ArgumentParser(prog="bench/run", description="cnnlab (DL4J) against PyTorch and DJL: LeNet training and inference.")
    ap.add_argument("--quick", action="store_true", help="a slice of the data, batch 64, 1 and 2 threads: about 3 minutes")
    ap.add_argument("--batches", default=None, help="comma-separated batch sizes (default 64,256; quick: 64)")
    ap.add_argument("--threads", default=None, help="comma-separated thread counts, every side (default 1,2)")
    ap.add_argument("--reps", type=int, default=3, help="timed repetitions of each side per setting (default 3)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--train-limit", type=int, default=None, help="training images (default all; quick: 1024)")
    ap.add_argument("--test-limit", type=int, default=None, help="test images (default all; quick: 1000)")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="a folder with the four IDX files")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"), help="where the table is appended ('' for nowhere)")
    ap.add_argument("--cnnlab-set", action="append", default=[], metavar="KEY=VALUE",
                    help="extra --set for the cnnlab side (e.g. runtime.fastConvolution=false)")
    ap.add_argument("--label", default="", help="a note for RESULTS.md")
    a = ap.parse_args()
    a.batches = [int(b) for b in (a.batches or ("64" if a.quick else "64,256")).split(",")]
    a.threads = [int(t) for t in (a.threads or "1,2").split(",")]
    if a.train_limit is None:
        a.train_limit = 1024 if a.quick else 0
    if a.test_limit is None:
        a.test_limit = 1000 if a.quick else 0
    if a.reps < 1:
        ap.error("--reps must be at least 1")
    return a


def cnnlab_cmd():
    return shlex.split(os.environ.get("CNNLAB_CMD", os.path.join(ROOT, "cnnlab")))


def djl_cmd():
    return shlex.split(os.environ.get("CNNLAB_BENCH_DJL", os.path.join(HERE, "djl", "djl-lenet")))


def python_cmd():
    return shlex.split(os.environ.get("CNNLAB_BENCH_PYTHON", "/usr/bin/python3"))


def run_side(side, a, batch, threads, limits, label):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    train_limit, test_limit = limits
    if side == "cnnlab":
        cmd = cnnlab_cmd() + ["bench", os.path.join(ROOT, "configs", "bench-lenet.yaml"),
                              "--set", f"data.dataset={a.data}", "--set", f"training.batchSize={batch}",
                              "--set", f"training.epochs={a.epochs}", "--set", f"runtime.threads={threads}",
                              "--set", f"data.trainLimit={train_limit}", "--set", f"data.testLimit={test_limit}",
                              "--label", label]
        for s in a.cnnlab_set:
            cmd += ["--set", s]
    else:
        same = ["--data", a.data, "--batch", str(batch), "--threads", str(threads), "--epochs", str(a.epochs),
                "--train-limit", str(train_limit), "--test-limit", str(test_limit), "--label", label]
        cmd = (python_cmd() + [os.path.join(HERE, "torch_lenet.py")] if side == "pytorch" else djl_cmd()) + same
    p = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = next((l for l in reversed(p.stdout.splitlines()) if l.startswith("{")), None)
    if p.returncode != 0 or line is None:
        sys.stderr.write(f"bench: the {side} side failed (exit {p.returncode}): {' '.join(cmd)}\n{p.stderr[-3000:]}\n")
        sys.exit(1)
    return json.loads(line)


def machine():
    info = {"python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or "unknown"
    info["cores"] = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(l.split()[1] for l in f if l.startswith("MemTotal")))
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        info["memory"] = "unknown"
    info["os"] = platform.platform()
    try:
        info["java"] = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()[0]
    except OSError:
        info["java"] = "unknown"
    try:
        info["torch"] = subprocess.run(python_cmd() + ["-c", "import torch; print(torch.__version__)"],
                                       stdout=subprocess.PIPE, text=True).stdout.strip()
    except OSError:
        info["torch"] = "unknown"
    info["dl4j"] = "1.0.0-M2.1 (nd4j-native linux-x86_64, OpenBLAS)"
    info["djl"] = "0.36.0, PyTorch engine, libtorch 2.7.1 CPU (pytorch-native-cpu linux-x86_64, Maven Central)"
    return info


def load():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def busy_seconds():
    """CPU seconds all processes have used since boot (user, nice, system, irq, softirq), or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        ticks = os.sysconf("SC_CLK_TCK")
        user, nice, system, idle, iowait, irq, softirq = (int(x) for x in fields[1:8])
        return (user + nice + system + irq + softirq) / ticks
    except (OSError, ValueError, IndexError):
        return None


def own_children_seconds():
    """CPU seconds this driver's finished child processes (the benchmark runs) used."""
    t = os.times()
    return t.children_user + t.children_system


def other_cores(busy_before, own_before, elapsed):
    """The average number of cores other processes kept busy over `elapsed` seconds, or None."""
    busy_after = busy_seconds()
    if busy_before is None or busy_after is None or elapsed <= 0:
        return None
    return max(0.0, (busy_after - busy_before) - (own_children_seconds() - own_before)) / elapsed


def headline_problem(load_before, others, cores):
    """Why a run is not a headline (load average before, or other processes' CPU use during the runs,
    above QUIET_LOAD_PER_CORE per core), or None."""
    try:
        before = float(load_before)
    except ValueError:
        return "the load average could not be read"
    limit = QUIET_LOAD_PER_CORE * (cores or 1)
    problems = []
    if before > limit:
        problems.append(f"load average {load_before} before the runs on {cores} cores")
    if others is None:
        problems.append("other processes' CPU time could not be read")
    elif others > limit:
        problems.append(f"other processes kept {others:.2f} cores busy during the runs on {cores} cores")
    if problems:
        return "; ".join(problems) + f" (above {QUIET_LOAD_PER_CORE} per core)"
    return None


def spread(values):
    return f"{min(values):,.0f}-{max(values):,.0f}"


def main():
    a = parse_args()
    info = machine()
    started = datetime.datetime.now().astimezone()
    load_before = load()
    limits = (a.train_limit, a.test_limit)
    print(f"bench: {info['cpu']}, {info['cores']} cores, {info['memory']}; load {load_before}", file=sys.stderr)
    # warm-up: one small run of each side (page cache, class data), not recorded; every run also warms
    # up its own process (JIT, native libraries) on a throwaway model before timing
    for side in (() if a.quick else SIDES):
        run_side(side, a, a.batches[0], a.threads[0], (min(512, a.train_limit or 512), min(256, a.test_limit or 256)), "warm-up")
    results = {}
    busy_before, own_before = busy_seconds(), own_children_seconds()
    t0 = time.time()
    for rep in range(a.reps):
        for batch in a.batches:
            for threads in a.threads:
                for side in SIDES:     # A B C, A B C, ...
                    r = run_side(side, a, batch, threads, limits, f"rep {rep + 1}")
                    results.setdefault((batch, threads, side), []).append(r)
                    print(f"bench: rep {rep + 1}/{a.reps} batch {batch} threads {threads} {side:7s}: "
                          f"train {r['train_ips']:,.0f} img/s, infer {r['infer_ips']:,.0f} img/s, "
                          f"acc {r['test_accuracy']:.4f}, rss {r['peak_rss_mb']:.0f} MB", file=sys.stderr)
    elapsed = time.time() - t0
    others = other_cores(busy_before, own_before, elapsed)
    sample = results[(a.batches[0], a.threads[0], "cnnlab")][0]

    rows = []
    header = ("| batch | threads | side | train img/s median | (min-max) | infer img/s median | (min-max) "
              "| peak RSS MB (max) | test accuracy (median) | train ratio PyTorch | infer ratio PyTorch | train ratio DJL | infer ratio DJL |")
    rows.append(header)
    rows.append("|---:|---:|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|")
    med = {}
    for batch in a.batches:
        for threads in a.threads:
            for side in SIDES:
                rs = results[(batch, threads, side)]
                tr = [r["train_ips"] for r in rs]
                inf = [r["infer_ips"] for r in rs]
                med[(batch, threads, side)] = (statistics.median(tr), statistics.median(inf))
            ct, ci = med[(batch, threads, "cnnlab")]
            pt, pi = med[(batch, threads, "pytorch")]
            dt, di = med[(batch, threads, "djl")]
            for side in SIDES:
                rs = results[(batch, threads, side)]
                tr = [r["train_ips"] for r in rs]
                inf = [r["infer_ips"] for r in rs]
                rows.append(f"| {batch} | {threads} | {side} | {statistics.median(tr):,.0f} | {spread(tr)} | "
                            f"{statistics.median(inf):,.0f} | {spread(inf)} | {max(r['peak_rss_mb'] for r in rs):,.0f} | "
                            f"{statistics.median(r['test_accuracy'] for r in rs):.4f} | "
                            + (f"{ct / pt:.2f} | {ci / pi:.2f} | {ct / dt:.2f} | {ci / di:.2f} |" if side == "cnnlab" else " | | | |"))
    # headline: first batch size, each side at its best thread count (by median)
    b0 = a.batches[0]
    best = {side: (max(med[(b0, t, side)][0] for t in a.threads), max(med[(b0, t, side)][1] for t in a.threads))
            for side in SIDES}
    ratio_train = best["cnnlab"][0] / best["pytorch"][0]
    ratio_infer = best["cnnlab"][1] / best["pytorch"][1]
    ratio_train_djl = best["cnnlab"][0] / best["djl"][0]
    ratio_infer_djl = best["cnnlab"][1] / best["djl"][1]
    # cnnlab's training speed with 2 threads over 1 thread (first batch size)
    scaling_2t = (f"{med[(b0, 2, 'cnnlab')][0] / med[(b0, 1, 'cnnlab')][0]:.2f}"
                  if 1 in a.threads and 2 in a.threads else "n/a")
    load_after = load()
    problem = headline_problem(load_before, others, info["cores"])

    meta = [
        f"## {started.strftime('%Y-%m-%d %H:%M %Z')}{' - ' + a.label if a.label else ''}",
        "",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}; load average "
        f"{load_before} before, {load_after} after (the benchmark's own runs included); other processes' CPU use "
        f"during the runs: {'unknown' if others is None else f'{others:.2f} cores'}",
        f"- versions: {info['java']}; DL4J {info['dl4j']}; PyTorch {info['torch']} (Debian python3-torch), Python {info['python']}; "
        f"DJL {info['djl']}",
        f"- data: {a.data}, {sample['train_images']} training and {sample['test_images']} test images, {a.epochs} epoch(s); "
        f"{a.reps} timed runs per side and setting, interleaved (A B C A B C){'' if a.quick else ', after a warm-up run of each'}; "
        "each run a fresh process that first warms up on a throwaway model (30 minibatches)",
        "- threads: OMP_NUM_THREADS = MKL_NUM_THREADS = OPENBLAS_NUM_THREADS = the thread count, every side; "
        "cnnlab also runtime.threads, PyTorch torch.set_num_threads, DJL ai.djl.pytorch.num_threads (inter-op 1)",
        "- timed: images decoded and normalised in memory before timing (every side); batch assembly, forward, backward, "
        "update and loss read inside (every side); inference = model output over the test set, same batch size",
        f"- cnnlab settings: configs/bench-lenet.yaml{''.join(' --set ' + s for s in a.cnnlab_set)}",
        f"- wall time of the timed runs: {elapsed:.0f} s",
        "",
    ]
    footer = [
        "",
        (f"NOT A HEADLINE: {problem}; ratios between neighbouring runs only, absolute numbers mean little."
         if problem else "Headline: taken on a quiet machine (load average before, and other processes' CPU use "
         f"during the runs, at most {QUIET_LOAD_PER_CORE} per core)."),
        f"Batch {b0}, each side at its best thread count: training img/s cnnlab {best['cnnlab'][0]:,.0f} / PyTorch "
        f"{best['pytorch'][0]:,.0f} / DJL {best['djl'][0]:,.0f}; inference img/s cnnlab {best['cnnlab'][1]:,.0f} / "
        f"PyTorch {best['pytorch'][1]:,.0f} / DJL {best['djl'][1]:,.0f}.",
        f"ratio_train={ratio_train:.2f} ratio_infer={ratio_infer:.2f} ratio_train_djl={ratio_train_djl:.2f} "
        f"ratio_infer_djl={ratio_infer_djl:.2f} scaling_2t={scaling_2t}",
    ]
    text = "\n".join(meta + rows + footer)
    if a.results:
        new = not os.path.exists(a.results)
        with open(a.results, "a") as f:
            if new:
                f.write("# Benchmark results\n\nAppended by `bench/run` (see bench/README.md), newest last.\n\n")
            f.write(text + "\n\n")
    print(text)


if __name__ == "__main__":
    main()
