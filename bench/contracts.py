"""Purchase agreements: render time against WeasyPrint alone, and throughput through workers.

    .venv/bin/python bench/contracts.py [--contracts 200] [--repeat 20] [--workers 1 2]

Recreates the PostgreSQL database `klushuis_bench_contracts` (BENCH_DATABASE_URL) and fills it
with N accepted offers, each with a draft contract and its first version pending
(`bench/seed_contracts.py`). Then, in this process:

- `contract_render` end to end (version and context from the database, clauses filled in,
  template, WeasyPrint, SHA-256, private storage, row marked done) on one version set back to
  pending before each run, alternating with WeasyPrint alone (`klushuis.pdf.render_pdf`) on
  the same HTML string, made once;
- `contract_render` end to end on other versions (other homes, 1 or 2 buyers);
- the context from the database and the Django template render, each alone;

each 2 warm-ups and then `--repeat` timed runs (median and p90). Then all N versions go back to
pending (files removed), and real Celery workers (prefork, `celery -A klushuis worker`) are
started against Redis database 14 (BENCH_REDIS_URL, flushed first): once with one process
(`--concurrency 1`), once with two (`--concurrency 2`, as in docker-compose on 2 cores). All N
`render_contract` tasks are queued and the wall time until all N versions are done in the
database is measured; every PDF's SHA-256 is checked against its file. Versions whose task
ended without rendering them are re-queued by the portal's sweep and counted (see
`throughput`). The workers are always stopped. Results go to `bench/results/contracts.json`.
"""

import argparse
import hashlib
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import database, environment  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_bench_contracts"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
RESULTS = ROOT / "bench" / "results"
PRIVATE = RESULTS / "contracts-private"
WARMUPS = 2
# Seconds without a render finishing, queue empty, before pending versions count as skipped.
IDLE = 3.0


def summary(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "runs": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p90_ms": round(ordered[math.ceil(0.9 * len(ordered)) - 1] * 1000, 1),
        "min_ms": round(ordered[0] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def timed(function, repeat: int) -> list[float]:
    """`function()` WARMUPS times untimed, then `repeat` times timed."""
    for _ in range(WARMUPS):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def render_times(version_ids: list[int], repeat: int) -> tuple[dict, dict]:
    """Part 1, in this process: the whole render against its parts."""
    import io

    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from contracts.models import ContractVersion
    from contracts.services import contract_context, contract_render
    from klushuis.pdf import render_pdf

    def load(pk):
        return ContractVersion.objects.select_related("contract", "template").get(pk=pk)

    first = version_ids[0]
    context = contract_context(load(first))
    html = render_to_string("pdf/contract.html", context)
    # (a) End to end on the first version, set back to pending (untimed) before each run,
    # interleaved with (b) WeasyPrint alone on the same HTML string, so that both see the
    # same document and the same state of the process.
    whole, alone = [], []
    for run in range(WARMUPS + repeat):
        reset([first])
        start = time.perf_counter()
        assert contract_render(first) is not None
        middle = time.perf_counter()
        render_pdf(html)
        end = time.perf_counter()
        if run >= WARMUPS:
            whole.append(middle - start)
            alone.append(end - middle)
    results = {"contract_render": summary(whole), "weasyprint": summary(alone)}
    # The spread over documents: end to end on other versions (1 or 2 buyers, other homes).
    others = iter(version_ids[1 : 1 + WARMUPS + repeat])
    results["contract_render_other_versions"] = summary(
        timed(lambda: contract_render(next(others)), repeat)
    )
    # (c) The context from the database (version, clause versions, placeholders filled in)
    # and the template render with that context, each alone.
    results["context"] = summary(timed(lambda: contract_context(load(first)), repeat))
    results["template"] = summary(
        timed(lambda: render_to_string("pdf/contract.html", context), repeat)
    )
    pdf = render_pdf(html)
    document = {
        "html_bytes": len(html.encode()),
        "pdf_bytes": len(pdf),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "articles": len(context["articles"]),
        "buyers": len(context["buyers"]),
    }
    return results, document


def reset(version_ids: list[int]) -> None:
    from contracts.models import ContractVersion

    ContractVersion.objects.filter(pk__in=version_ids).update(
        rendering=ContractVersion.Rendering.PENDING,
        pdf="",
        sha256="",
        size=None,
        attempts=0,
        error="",
        rendered_at=None,
    )
    shutil.rmtree(PRIVATE / "contracts" / "generated", ignore_errors=True)


def verify(version_ids: list[int]) -> int:
    """How many versions are done with a stored PDF whose SHA-256 and size match the row."""
    from contracts.models import ContractVersion

    good = 0
    for version in ContractVersion.objects.filter(pk__in=version_ids):
        if version.rendering != ContractVersion.Rendering.DONE or not version.pdf:
            continue
        with version.pdf.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() == version.sha256 and len(data) == version.size:
            good += 1
    return good


def start_worker(env: dict, processes: int, log: Path) -> subprocess.Popen:
    # BENCH_WORKER_LOGLEVEL=DEBUG shows every task received and applied, in the log.
    level = os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING")
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "klushuis",
        "worker",
        "-P",
        "prefork",
        "--concurrency",
        str(processes),
        "-n",
        f"bench{processes}@%h",
        "--loglevel",
        level,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("w") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "LOG_LEVEL": level},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()  # warm shutdown: the pool's processes end with it
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)  # the session this script started for it
        worker.wait(timeout=10)


def wait_ready(worker: subprocess.Popen, name: str, timeout: float = 60) -> None:
    from klushuis.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited with {worker.returncode}")
        replies = app.control.ping(timeout=0.5)
        if any(node.startswith(name) for reply in replies for node in reply):
            return
    raise RuntimeError("the worker did not answer a ping")


def throughput(env, redis_url, version_ids, processes: int, timeout: float) -> dict:
    """Part 2: all versions through a real worker with `processes` pool processes.

    A task can end without rendering its version (`contract_render` finds it locked and skips
    it; see the README). The portal's sweep re-queues such versions after two minutes; here,
    once the queue is empty and nothing has been rendering for IDLE seconds while versions are
    still pending, the same sweep runs at once, and the versions and the idle time are counted.
    """
    import redis
    from django.db import connection
    from django.utils import timezone

    from contracts.models import ContractVersion
    from contracts.services import contracts_render_pending
    from contracts.tasks import render_contract

    reset(version_ids)
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    connection.close()  # nothing of ours holds a lock or a stale view while the workers run
    log = RESULTS / f"contracts-worker-{processes}.log"
    worker = start_worker(env, processes, log)
    versions = ContractVersion.objects.filter(pk__in=version_ids)
    pending = versions.filter(rendering=ContractVersion.Rendering.PENDING)
    requeued, idle_seconds = 0, 0.0
    try:
        wait_ready(worker, f"bench{processes}@")
        start = time.perf_counter()
        for pk in version_ids:
            render_contract.delay(pk)
        queued = time.perf_counter() - start
        done, progress_at = 0, time.perf_counter()
        while True:
            now = time.perf_counter()
            count = versions.filter(rendering=ContractVersion.Rendering.DONE).count()
            if count == len(version_ids):
                break
            if count != done:
                done, progress_at = count, now
            if versions.filter(rendering=ContractVersion.Rendering.FAILED).exists():
                raise RuntimeError(f"a render failed; see {log}")
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited with {worker.returncode}; see {log}")
            if now - start > timeout:
                raise RuntimeError(f"only {done} of {len(version_ids)} done after {timeout} s")
            if (
                now - progress_at > IDLE
                and broker.llen("celery") == 0
                and not pending.filter(attempts__gt=0).exists()
            ):
                requeued += contracts_render_pending(now=timezone.now() + timedelta(days=1))
                idle_seconds += now - progress_at
                progress_at = now
            time.sleep(0.05)
        wall = time.perf_counter() - start
    finally:
        stop_worker(worker)
    stamps = sorted(versions.values_list("rendered_at", flat=True))
    span = (stamps[-1] - stamps[0]).total_seconds()
    count = len(version_ids)
    return {
        "processes": processes,
        "pool": "prefork",
        "contracts": count,
        "queue_seconds": round(queued, 2),
        "wall_seconds": round(wall, 2),
        "contracts_per_second": round(count / wall, 2),
        "wall_ms_per_contract": round(wall / count * 1000, 1),
        "process_ms_per_contract": round(wall * processes / count * 1000, 1),
        # From the first render to the last: without the first task's WeasyPrint start-up.
        "steady_contracts_per_second": round((count - 1) / span, 2) if span else None,
        # Tasks that ended without rendering their version, re-queued by the sweep.
        "skipped_and_requeued": requeued,
        "idle_seconds_before_requeue": round(idle_seconds, 1),
        "verified": verify(version_ids),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--timeout", type=float, default=600, help="per throughput run, s")
    args = parser.parse_args()
    if args.contracts < 1 + WARMUPS + args.repeat:
        parser.error("--contracts must be at least --repeat + 3")

    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"warning: load average {load:.1f} before the start; the timings will be noisy")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    database(database_url, fresh=True)
    shutil.rmtree(PRIVATE, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    # A broker, so that Celery is not eager (settings: eager only without REDIS_URL); the
    # same environment for this process and for the workers.
    env = environment(database_url, REDIS_URL=redis_url, PRIVATE_MEDIA_ROOT=str(PRIVATE))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    assert not settings.CELERY_TASK_ALWAYS_EAGER, "Celery would run the tasks in this process"
    from bench.seed_contracts import seed

    start = time.perf_counter()
    version_ids = seed(args.contracts)
    seeded = time.perf_counter() - start
    assert len(version_ids) == args.contracts, version_ids
    print(f"seeded {args.contracts} draft contracts, versions pending, in {seeded:.1f} s")

    render, document = render_times(version_ids, args.repeat)
    ratio = render["contract_render"]["median_ms"] / render["weasyprint"]["median_ms"]
    print(
        f"document: {document['pages']} pages, {document['articles']} articles, "
        f"{document['html_bytes'] / 1000:.0f} kB HTML, {document['pdf_bytes'] / 1000:.0f} kB PDF"
    )
    print(f"\nin-process, {args.repeat} runs after {WARMUPS} warm-ups   median ms   p90 ms")
    labels = {
        "contract_render": "contract_render, end to end",
        "weasyprint": "WeasyPrint alone, same HTML",
        "contract_render_other_versions": f"contract_render, {args.repeat} other versions",
        "context": "context from the database",
        "template": "Django template render",
    }
    for key, label in labels.items():
        print(f"  {label:<44} {render[key]['median_ms']:9.1f} {render[key]['p90_ms']:8.1f}")
    overhead = render["contract_render"]["median_ms"] - render["weasyprint"]["median_ms"]
    print(f"  end to end / WeasyPrint alone: {ratio:.3f} ({overhead:+.1f} ms)")

    runs = []
    for processes in args.workers:
        run = throughput(env, redis_url, version_ids, processes, args.timeout)
        runs.append(run)
    print(f"\nthroughput, {args.contracts} contracts through real workers (prefork)")
    print("  processes   wall s   contracts/s   wall ms/contract   steady/s   verified")
    for run in runs:
        print(
            f"  {run['processes']:>9}   {run['wall_seconds']:6.1f}   "
            f"{run['contracts_per_second']:11.2f}   {run['wall_ms_per_contract']:16.1f}   "
            f"{run['steady_contracts_per_second']:8.2f}   {run['verified']}/{run['contracts']}"
        )
    if len(runs) > 1:
        print(
            f"  speed-up {runs[-1]['processes']} over {runs[0]['processes']}: "
            f"{runs[-1]['contracts_per_second'] / runs[0]['contracts_per_second']:.2f}x"
        )

    output = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cores": os.cpu_count(),
        "load_average_before": round(load, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "contracts": args.contracts,
        "seed_seconds": round(seeded, 1),
        "document": document,
        "render": render,
        "end_to_end_over_weasyprint": round(ratio, 3),
        "end_to_end_minus_weasyprint_ms": round(overhead, 1),
        "throughput": runs,
    }
    (RESULTS / "contracts.json").write_text(json.dumps(output, indent=2) + "\n")
    print(f"\nwritten to {RESULTS / 'contracts.json'}")
    if any(run["verified"] != run["contracts"] for run in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
