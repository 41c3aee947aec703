"""A burst of submissions just before the deadline, against gunicorn on PostgreSQL.

    .venv/bin/python bench/submissions.py [--applications 600] [--clients 32] [--workers 4]

Creates the PostgreSQL database `klushuis_bench_submit` afresh (BENCH_SUBMIT_DATABASE_URL), an
open round closing in a few minutes, and N buyers, each with a complete draft application. It
starts gunicorn and has C client threads submit them all at once; every buyer double-clicks (two
simultaneous POSTs). The first `--warmup` buyers submit before the timed burst, so that it
measures warm workers, as a server at a deadline has. It reports throughput, p50/p95 latency,
errors, and checks that the number of submitted applications in the database equals the number
of buyers whose submit succeeded, with exactly one "submitted" history row each.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import database, environment, wait_for  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_bench_submit"
PORT = int(os.environ.get("BENCH_PORT", "8766"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=600)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--warmup",
        type=int,
        default=50,
        help="buyers who submit first, untimed, so that every worker has served a submit",
    )
    parser.add_argument(
        "--send-at-once",
        action="store_true",
        help="send the confirmation inside the request, as before the outbox (for comparison)",
    )
    parser.add_argument(
        "--redis-down",
        action="store_true",
        help="the server is configured with Redis (cache and broker) that is not running",
    )
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_SUBMIT_DATABASE_URL", DEFAULT_DB)
    database(database_url, fresh=True)
    # The confirmation e-mails go nowhere: this measures the portal, not an SMTP server.
    # Without --send-at-once the request only records the confirmation in the outbox (as in
    # production, where the relay hands it to Redis); the relay is run once afterwards.
    env = environment(
        database_url,
        EMAIL_URL="memorymail://",
        OUTBOX_SEND_AT_ONCE="true" if args.send_at_once else "false",
    )
    # A port nothing listens on: every broker or cache call would fail (or wait).
    server_env = {**env, "REDIS_URL": "redis://127.0.0.1:1/0"} if args.redis_down else env
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    seeded = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            f"from bench.seed_applications import seed; seed({args.applications + args.warmup})",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    jobs = [line.split() for line in seeded.stdout.splitlines() if line.startswith("/")]
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    try:
        wait_for(f"http://127.0.0.1:{PORT}/bench/bare/")
        latencies, statuses, lock = [], [], threading.Lock()
        warmup, jobs = jobs[: args.warmup], jobs[args.warmup :]
        queue = []

        def client():
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            while True:
                with lock:
                    if not queue:
                        break
                    path, session, csrf = queue.pop()
                start = time.perf_counter()
                try:
                    connection.request(
                        "POST",
                        path,
                        body=f"csrfmiddlewaretoken={csrf}",
                        headers={
                            "Cookie": f"sessionid={session}; csrftoken={csrf}",
                            "Content-Type": "application/x-www-form-urlencoded",
                        },
                    )
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                with lock:
                    latencies.append(time.perf_counter() - start)
                    statuses.append((path, status))
            connection.close()

        def burst(buyers):
            queue[:] = [job for job in buyers for _ in range(2)]  # every buyer double-clicks
            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        # A server at the deadline has been serving for a while: its workers have imported,
        # compiled and cached what a submit needs. Their first requests are not the burst's.
        burst(warmup)
        latencies.clear()
        warmed = [path for path, status in statuses if status == 302]
        statuses.clear()
        began = time.perf_counter()
        burst(jobs)
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=10)

    ok_paths = {path for path, status in statuses if status == 302}
    errors = sum(1 for _path, status in statuses if status not in (302,))
    check = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from applications.models import Application, StatusChange;"
            "from klushuis.outbox.models import OutboxMessage;"
            "print(Application.objects.filter(status='submitted').count(),"
            " StatusChange.objects.filter(to_status='submitted').count(),"
            " OutboxMessage.objects.filter(task__endswith='send_status_email').count())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    stored, history, recorded = (int(x) for x in check.stdout.split())
    # The warm-up's buyers are in the database too: the figures below are the burst's.
    stored, history, recorded = (n - len(set(warmed)) for n in (stored, history, recorded))
    relay_began = time.perf_counter()
    subprocess.run([python, "manage.py", "outbox_relay", "--once"], cwd=ROOT, env=env, check=True)
    relay_seconds = time.perf_counter() - relay_began
    ordered = sorted(latencies)
    print(f"warm-up             {len(set(warmed))} of {len(warmup)} buyers submitted, untimed")
    print(f"requests            {len(statuses)} ({len(jobs)} buyers, each clicking twice)")
    print(f"clients / workers   {args.clients} / {args.workers}")
    print(f"redis               {'configured and DOWN' if args.redis_down else 'none (eager)'}")
    print(f"throughput          {len(statuses) / elapsed:.1f} req/s over {elapsed:.1f} s")
    print(
        f"latency p50 / p95   {statistics.median(ordered) * 1000:.0f} / "
        f"{ordered[int(len(ordered) * 0.95)] * 1000:.0f} ms"
    )
    print(f"non-302 responses   {errors}")
    print(f"buyers submitted    {len(ok_paths)} (by a 302 response)")
    print(f"stored submitted    {stored}; 'submitted' history rows {history}")
    print(
        f"mails recorded      {recorded} (outbox); relayed and sent after in {relay_seconds:.1f} s"
    )
    consistent = (
        len(set(warmed)) == len(warmup)
        and stored == len(ok_paths) == history == len(jobs) == recorded
    )
    print("consistent          " + ("yes" if consistent else "NO"))
    sys.exit(0 if consistent else 1)


if __name__ == "__main__":
    main()
