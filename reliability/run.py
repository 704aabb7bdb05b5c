"""`make reliability`: load and faults on loopback, then a consistency check. See README: Reliability.

A throwaway PostgreSQL (fsync on: a crash must not lose commits) on a loopback TCP port, gunicorn
with DEBUG off, demo data; locust drives the forum mix (reliability/locustfile.py) for
RELIABILITY_SECONDS while PostgreSQL is killed (`pg_ctl -m immediate stop`) and restarted three
times. Then every acknowledged write is looked up by its marker, `manage.py check_threads` runs, and
one table is printed and written to reliability/results/latest.json.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from reliability.pg import Cluster

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "reliability" / "results"
BIN = Path(sys.executable).parent

SECONDS = int(os.environ.get("RELIABILITY_SECONDS", "300"))
USERS = int(os.environ.get("RELIABILITY_USERS", "30"))
WORKERS = int(os.environ.get("RELIABILITY_WORKERS", "4"))
OUTAGE_SECONDS = float(os.environ.get("RELIABILITY_OUTAGE_SECONDS", "5"))
KILLS_AT = (0.2, 0.45, 0.7)  # fractions of the run at which PostgreSQL is killed
RECOVERY_TARGET = 10.0

# Where each kind of write keeps its marker.
MARKER_COLUMNS = {
    "comment": ("comments_comment", "body"),
    "question": ("posts_question", "body"),
    "flag": ("moderation_flag", "note"),
    "moderation": ("moderation_auditentry", "reason"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz(base: str, timeout: float = 3.0) -> int:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)


class Chaos(threading.Thread):
    """Kill PostgreSQL at the planned moments, start it again, time the first 200 on /healthz."""

    def __init__(self, cluster: Cluster, base: str, started: float):
        super().__init__(daemon=True)
        self.cluster, self.base, self.started = cluster, base, started
        self.restarts: list[dict] = []

    def run(self):
        for fraction in KILLS_AT:
            time.sleep(max(0.0, self.started + fraction * SECONDS - time.monotonic()))
            killed, killed_wall = time.monotonic(), time.time()
            self.cluster.kill()
            time.sleep(OUTAGE_SECONDS)
            restart = time.monotonic()
            self.cluster.start()
            accepting = time.monotonic()
            while healthz(self.base) != 200 and time.monotonic() - restart < 120:
                time.sleep(0.1)
            recovered = time.monotonic()
            self.restarts.append(
                {
                    "killed_at_second": round(killed - self.started, 1),
                    "down_seconds": round(restart - killed, 1),
                    "postgres_start_seconds": round(accepting - restart, 2),
                    # From the start command to the first 200 on /healthz, PostgreSQL's own start included.
                    "recovery_seconds": round(recovered - restart, 2),
                    # From PostgreSQL accepting connections to the first 200: the app's own part.
                    "app_recovery_seconds": round(recovered - accepting, 2),
                    "window": [killed_wall, killed_wall + (recovered - killed)],
                }
            )


def missing_writes(database_url: str, acks: list[dict]) -> dict[str, dict]:
    found = {kind: {"acknowledged": 0, "missing": 0, "examples": []} for kind in MARKER_COLUMNS}
    with psycopg.connect(database_url) as conn:
        for ack in acks:
            table, column = MARKER_COLUMNS[ack["kind"]]
            row = conn.execute(
                f"SELECT 1 FROM {table} WHERE {column} LIKE %s LIMIT 1", [f"%{ack['marker']}%"]
            )
            entry = found[ack["kind"]]
            entry["acknowledged"] += 1
            if row.fetchone() is None:
                entry["missing"] += 1
                entry["examples"] = [*entry["examples"], ack["marker"]][:5]
    return found


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(os.environ.get("RELIABILITY_WORK", "/tmp")) / f"forum-reliability-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    app_port = free_port()
    base = f"http://127.0.0.1:{app_port}"
    cluster = Cluster(port=free_port(), durable=True)
    gunicorn = None
    try:
        cluster.init()
        cluster.start()
        cluster.createdb("forum")
        database_url = cluster.url()
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG", "REDIS_URL"}},
            "DJANGO_SETTINGS_MODULE": "forum.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback, like `make serve`: no HTTPS redirect, cookies over HTTP.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        print(f"reliability: PostgreSQL on 127.0.0.1:{cluster.port}, seeding ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        seeded = subprocess.run(
            [sys.executable, "-m", "reliability.seed", str(max(1, USERS // 3))],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding failed:\n{seeded.stderr}")
        fixture = work / "fixture.json"
        fixture.write_text(seeded.stdout.strip().splitlines()[-1])

        server_log = work / "gunicorn.log"
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"), "forum.wsgi", "--bind", f"127.0.0.1:{app_port}",
                "--workers", str(WORKERS), "--timeout", "30", "--error-logfile", str(server_log),
            ],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while healthz(base) != 200:
            if time.monotonic() > deadline or gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn did not answer /healthz:\n{server_log.read_text()[-3000:]}")
            time.sleep(0.2)

        acks_file, client_report = work / "acks.jsonl", work / "client.json"
        load_env = {
            **env,
            "RELIABILITY_FIXTURE": str(fixture),
            "RELIABILITY_ACKS": str(acks_file),
            "RELIABILITY_CLIENT_REPORT": str(client_report),
            "RELIABILITY_RUN": f"rlt{os.getpid()}",
        }
        print(f"reliability: {USERS} users for {SECONDS}s against {base}, {WORKERS} workers", flush=True)
        started = time.monotonic()
        locust = subprocess.Popen(
            [
                str(BIN / "locust"), "-f", str(ROOT / "reliability" / "locustfile.py"), "--headless",
                "--users", str(USERS), "--spawn-rate", "10", "--run-time", f"{SECONDS}s", "--host", base,
                "--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING",
            ],
            cwd=ROOT, env=load_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        chaos = Chaos(cluster, base, started)
        chaos.start()
        locust_output, _ = locust.communicate(timeout=SECONDS + 180)
        chaos.join(timeout=180)

        # Make sure the server is up for the checks, whatever happened.
        if not cluster.is_running():
            cluster.start()
        acks = [json.loads(line) for line in acks_file.read_text().splitlines()] if acks_file.exists() else []
        writes = missing_writes(database_url, acks)
        check = manage(env, "check_threads", check=False)
        client = json.loads(client_report.read_text()) if client_report.exists() else {}
        report = build_report(chaos.restarts, writes, check, client, locust_output, server_log)
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        cluster.destroy()

    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    print_table(report)
    return 0 if report["all_targets_met"] else 1


def build_report(restarts, writes, check, client, locust_output, server_log) -> dict:
    outcomes = client.get("outcomes", {})
    samples = client.get("latencies", {})
    # Steady state: requests that overlap no outage window (kill to first 200, plus 2 s).
    windows = [(start, end + 2) for start, end in (restart["window"] for restart in restarts)]

    def steady(values):
        return [ms for at, ms in values if not any(at <= b and at + ms / 1000 >= a for a, b in windows)]

    latencies = {
        name: {
            "p95_ms": p95([ms for _, ms in values]),
            "p95_ms_steady": p95(steady(values)),
            "count": len(values),
        }
        for name, values in sorted(samples.items())
    }
    everything = [sample for values in samples.values() for sample in values]
    # A 503 with Retry-After counts as an outage answer only while the database is really down.
    stray_503s = [
        f"503 {name} at {at:.3f} outside every outage window"
        for name, at, ms in client.get("outage_503s", [])
        if not any(at <= b and at + ms / 1000 >= a for a, b in windows)
    ]
    if stray_503s:
        outcomes = {
            **outcomes,
            "outage_503": outcomes.get("outage_503", 0) - len(stray_503s),
            "bad_5xx": outcomes.get("bad_5xx", 0) + len(stray_503s),
        }
    missing = sum(entry["missing"] for entry in writes.values())
    log = server_log.read_text(errors="replace") if server_log.exists() else ""
    report = {
        "seconds": SECONDS,
        "users": USERS,
        "workers": WORKERS,
        "outage_seconds": OUTAGE_SECONDS,
        "requests": outcomes,
        "bad_5xx_samples": client.get("bad_samples", []) + stray_503s[:20],
        "writes": writes,
        "acknowledged_writes": sum(entry["acknowledged"] for entry in writes.values()),
        "missing_writes": missing,
        "restarts": restarts,
        "refusals": client.get("refusals", {}),
        "latency": latencies,
        "p95_ms_all": p95([ms for _, ms in everything]),
        "p95_ms_all_steady": p95(steady(everything)),
        "worker_timeouts": log.count("WORKER TIMEOUT"),
        "check_threads": {
            "exit_code": check.returncode,
            "output": (check.stdout + check.stderr).strip()[-2000:],
        },
        "locust_summary": locust_output[-4000:],
    }
    report["targets"] = {
        "5xx other than outage 503s = 0": outcomes.get("bad_5xx", 1) == 0,
        "acknowledged writes missing = 0": missing == 0 and report["acknowledged_writes"] > 0,
        f"recovery after each restart <= {RECOVERY_TARGET:g}s": len(restarts) == len(KILLS_AT)
        and all(r["recovery_seconds"] <= RECOVERY_TARGET for r in restarts),
        "check_threads finds nothing": check.returncode == 0,
    }
    report["all_targets_met"] = all(report["targets"].values())
    return report


def print_table(report: dict) -> None:
    requests = report["requests"]
    rows = [
        ("run", f"{report['seconds']}s, {report['users']} users, {report['workers']} gunicorn workers"),
        ("requests", f"{requests.get('requests', 0)} ({requests.get('ok', 0)} 2xx/3xx)"),
        ("5xx other than outage 503s (target 0)", str(requests.get("bad_5xx", "?"))),
        ("outage 503s (with Retry-After)", str(requests.get("outage_503", "?"))),
        ("connection errors", str(requests.get("connection_errors", "?"))),
        ("4xx (limits, refusals, closed posts)", str(requests.get("other_4xx", "?"))),
        ("4xx by request", ", ".join(f"{k}: {v}" for k, v in sorted(report["refusals"].items())) or "none"),
        ("gunicorn worker timeouts", str(report["worker_timeouts"])),
    ]
    for kind, entry in report["writes"].items():
        rows.append(
            (f"acknowledged {kind} writes / missing", f"{entry['acknowledged']} / {entry['missing']}")
        )
    rows.append(("acknowledged writes missing (target 0)", str(report["missing_writes"])))
    for number, restart in enumerate(report["restarts"], 1):
        rows.append(
            (
                f"restart {number}: recovery (target <= {RECOVERY_TARGET:g}s)",
                f"{restart['recovery_seconds']}s (killed at {restart['killed_at_second']}s, down "
                f"{restart['down_seconds']}s; PostgreSQL start {restart['postgres_start_seconds']}s, "
                f"then app {restart['app_recovery_seconds']}s)",
            )
        )
    rows.append(
        (
            "p95 served requests: steady / whole run",
            f"{report['p95_ms_all_steady']} / {report['p95_ms_all']} ms",
        )
    )
    for name, value in report["latency"].items():
        rows.append((f"p95 {name} ({value['count']})", f"{value['p95_ms_steady']} / {value['p95_ms']} ms"))
    first_line = report["check_threads"]["output"].splitlines()[-1:] or [""]
    rows.append(("check_threads", f"exit {report['check_threads']['exit_code']}: {first_line[0]}"))
    for target, met in report["targets"].items():
        rows.append((f"target: {target}", "met" if met else "MISSED"))
    width = max(len(name) for name, _ in rows)
    print()
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    print(f"\nwritten to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    sys.exit(main())
