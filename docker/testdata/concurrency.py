"""Sizing measurement (run by docker/test.sh inside a fresh container of the
image, one container per N): executes one chapter by N concurrent students
at once, each as `jupyter nbconvert --execute` (a Python process like a
student's notebook server, plus the GoNB kernel, the Go compiler and the
chapter's programs), and samples the container's memory every 0.1 s.

  python3 concurrency.py N CHAPTER

Prints one line:
  sizing: N=4 chapter=01-….ipynb wall=…s per-chapter mean=…s max=…s peak_rss=…MB peak_with_cache=…MB
peak_rss: the sampled peak of the processes' resident memory (cgroup
anonymous memory: what a Kubernetes memory limit must hold); peak_with_cache:
the cgroup's own peak, including the reclaimable page cache.
"""
import os
import subprocess
import sys
import tempfile
import threading
import time

n, chapter = int(sys.argv[1]), sys.argv[2]
nb_dir = os.path.expanduser("~/course/notebooks")


def read_stat():
    for path, keys in (("/sys/fs/cgroup/memory/memory.stat", ("total_rss", "rss")),
                       ("/sys/fs/cgroup/memory.stat", ("anon",))):
        try:
            with open(path) as f:
                stat = dict(line.split() for line in f)
        except OSError:
            continue
        for k in keys:
            if k in stat:
                return int(stat[k])
    return 0


def read_peak():
    for path in ("/sys/fs/cgroup/memory/memory.max_usage_in_bytes", "/sys/fs/cgroup/memory.peak"):
        try:
            with open(path) as f:
                return int(f.read())
        except OSError:
            continue
    return 0


peak = [0]
done = threading.Event()


def sample():
    while not done.is_set():
        peak[0] = max(peak[0], read_stat())
        time.sleep(0.1)


threading.Thread(target=sample, daemon=True).start()
times = [0.0] * n


def run(i):
    out = tempfile.mkdtemp(prefix=f"sizing-{i}-")
    t = time.monotonic()
    r = subprocess.run(["jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.timeout=900", "--output-dir", out, chapter],
                       cwd=nb_dir, capture_output=True, text=True)
    times[i] = time.monotonic() - t
    if r.returncode != 0:
        print(r.stdout[-2000:], r.stderr[-3000:], file=sys.stderr)
        times[i] = -1


t0 = time.monotonic()
threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
for th in threads:
    th.start()
for th in threads:
    th.join()
wall = time.monotonic() - t0
done.set()
time.sleep(0.15)
if min(times) < 0:
    print(f"sizing: N={n} {chapter}: an execution failed", file=sys.stderr)
    sys.exit(1)
mb = 1 << 20
print(f"sizing: N={n} chapter={chapter} wall={wall:.1f}s per-chapter mean={sum(times) / n:.1f}s "
      f"max={max(times):.1f}s peak_rss={peak[0] / mb:.0f}MB peak_with_cache={read_peak() / mb:.0f}MB",
      flush=True)
