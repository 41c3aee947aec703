"""Catalogue throughput against a bare Django view, on gunicorn and PostgreSQL.

    .venv/bin/python bench/catalogue.py [--properties 1000] [--seconds 15] [--clients 8]

Creates (or reuses) the database `klushuis_bench` on PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/klushuis_bench), fills it with N published properties with
figures, photos and a round, starts gunicorn on 127.0.0.1:8765 with DEBUG off, and measures
/bench/bare/ (no database, no template), /aanbod/ (12 per page), /aanbod/?per_page=48 with a
filter, a property page and the round page (200 homes). BENCH_PORT overrides the port.
Prints a table and writes bench/results/catalogue.json.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import database, environment, wait_for  # noqa: E402
from bench.load import run  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--properties", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    database(database_url, fresh=False)
    env = environment(database_url)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            f"from bench.seed import seed; print(seed({args.properties}), 'published')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
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
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        wait_for(base + "/bench/bare/")
        urls = [
            base + "/bench/bare/",
            base + "/aanbod/",
            base + "/aanbod/?per_page=48&order=-current_figures__purchase_price&area_min=60",
            base + "/aanbod/B-00001/",
            base + "/verkooprondes/bench-0/",
        ]
        for url in urls:  # warm up
            run(url, clients=2, seconds=1)
        results = [run(url, clients=args.clients, seconds=args.seconds).row() for url in urls]
    finally:
        server.terminate()
        server.wait(timeout=10)

    bare = results[0]["req_per_s"] or 1
    for row in results:
        row["ratio_to_bare"] = round(row["req_per_s"] / bare, 3)
    print(f"{'url':<80} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'ratio':>6}")
    for row in results:
        print(
            f"{row['url']:<80} {row['req_per_s']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['errors']:>7} {row['ratio_to_bare']:>6}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "catalogue.json").write_text(
        json.dumps(
            {
                "properties": args.properties,
                "clients": args.clients,
                "workers": args.workers,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
