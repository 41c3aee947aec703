"""A small closed-loop HTTP load generator (threads with keep-alive connections).

Bounded in requests and time, and only ever aimed at a server on this machine's loopback.
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Result:
    url: str
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p):
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    def row(self):
        return {
            "url": self.url,
            "requests": self.requests,
            "errors": self.errors,
            "req_per_s": round(self.throughput, 1),
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1) if self.latencies else 0,
        }


def run(
    url, *, clients=8, seconds=10.0, max_requests=100_000, method="GET", body=None, headers=None
):
    parts = urlsplit(url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("benchmarks only target this machine's loopback")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    result = Result(url)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                if result.requests + result.errors >= max_requests:
                    return
            start = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers or {})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    result.requests += 1
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result
