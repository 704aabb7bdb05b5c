"""Timing, load and process helpers for the benchmark runner: interleaved rounds, gunicorn, wrk."""

import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO_PATH = "/bench/hello/"
# Every load asks as a browser does (Django compresses nothing itself; a proxy would).
ACCEPT_ENCODING = "gzip, deflate"


@dataclass
class Result:
    """One row of the table, with every figure behind it for the JSON file."""

    key: str
    measure: str
    target: str
    value: str = ""
    status: str = "not built"  # met | missed | not built | error
    figures: dict = field(default_factory=dict)

    def judge(self, met: bool) -> "Result":
        self.status = "met" if met else "missed"
        return self


def median(values: list[float]) -> float:
    return statistics.median(values)


def interleaved(variants: dict[str, Callable[[], float]], *, rounds: int, warmup: int = 1) -> dict:
    """Run every variant once per round, in the same order each round (A B A B ...).

    Each variant returns its own measurement (so it can keep set-up such as clearing a cache out of
    the timing). Warm-up rounds run first and are dropped. Returns {name: [one value per round]}.
    """
    for _ in range(warmup):
        for run in variants.values():
            run()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            samples[name].append(run())
    return samples


def percentile(values: list[float], percent: float) -> float:
    """The nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of per-round ratios: noise that hits both variants of a round cancels out."""
    return median([n / d for n, d in zip(numerators, denominators, strict=True)])


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def cpu_plan() -> tuple[list[str], list[str], str]:
    """taskset prefixes for the server and the load generator, and a note on how they are pinned."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2 or not shutil.which("taskset"):
        return (
            [],
            [],
            f"not pinned ({len(cpus)} CPU(s) available, taskset {shutil.which('taskset') or 'missing'})",
        )
    server, load = cpus[0], cpus[1]
    return (
        ["taskset", "-c", str(server)],
        ["taskset", "-c", str(load)],
        f"gunicorn on CPU {server}, wrk on CPU {load}",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident set size of a process, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


class Server:
    """gunicorn with two sync workers on loopback, optionally pinned to one CPU; use as a context manager."""

    def __init__(self, *, env: dict[str, str], pin: list[str], workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env}
        self.command = [
            *pin, str(ROOT / ".venv" / "bin" / "gunicorn"), "forum.wsgi",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--log-level", "warning", "--timeout", "120",
        ]  # fmt: skip
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        # Same process group as the runner, so stopping `make bench` stops the server too.
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url(HELLO_PATH), timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) >= 1:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, *, cookie: str = "") -> bytes:
        request = urllib.request.Request(self.url(path), headers=request_headers(cookie))
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            return response.read()

    def status(self, path: str, *, headers: dict[str, str] | None = None) -> int:
        """The status a GET answers, 304 included (urllib raises HTTPError for it)."""
        request = urllib.request.Request(self.url(path), headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []


@dataclass
class Load:
    requests: int
    seconds: float
    rps: float
    latency_ms: dict[str, float]


LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> Load:
    """Read requests, duration, requests/s and the latency percentiles from wrk --latency output."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not done or not rps:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise RuntimeError(f"{bad.group(1)} responses were errors or redirects:\n{output}")
    errors = re.search(r"Socket errors: (.*)", output)
    if errors and re.search(r"(read|write|timeout) [1-9]", errors.group(1)):
        raise RuntimeError(f"wrk saw socket errors ({errors.group(1)})")
    seconds = float(done.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    latency = {f"p{p}": float(v) * UNITS[unit] for p, v, unit in LATENCY.findall(output)}
    return Load(requests=int(done.group(1)), seconds=seconds, rps=float(rps.group(1)), latency_ms=latency)


def request_headers(cookie: str = "") -> dict[str, str]:
    """What every bench request sends: a browser's Accept-Encoding, and a reader's cookie if signed in."""
    return {"Accept-Encoding": ACCEPT_ENCODING} | ({"Cookie": cookie} if cookie else {})


def _lua_string(text: str) -> str:
    if not text.isascii() or any(ch in text for ch in '"\\\n\r'):
        raise ValueError(f"not a plain request value: {text!r}")
    return f'"{text}"'


def wrk_script(plan: list[tuple[str, str]] | None, limit: int | None) -> str:
    """A wrk Lua script that sends the (path, cookie) requests of `plan` in turn, and with `limit` exits
    once that many responses have come back (wrk's own thread:stop() would still wait out the duration,
    so the script ends the process itself). Any answer but 200 ends the run."""
    lines = []
    if plan:
        entries = []
        for path, cookie in plan:
            pairs = request_headers(cookie).items()
            headers = ", ".join(f"[{_lua_string(name)}] = {_lua_string(value)}" for name, value in pairs)
            entries.append(f"  {{{_lua_string(path)}, {{{headers}}}}},")
        lines += [
            "local plan = {", *entries, "}",
            "local requests, turn = {}, 0",
            "init = function(args)",
            "  for i, entry in ipairs(plan) do requests[i] = wrk.format(\"GET\", entry[1], entry[2]) end",
            "end",
            "request = function()",
            "  turn = turn % #requests + 1",
            "  return requests[turn]",
            "end",
        ]  # fmt: skip
    if limit is not None:
        lines += [
            f"local limit, seen = {int(limit)}, 0",
            "response = function(status, headers, body)",
            '  if status ~= 200 then io.stderr:write("status " .. status .. "\\n"); os.exit(3) end',
            "  seen = seen + 1",
            "  if seen >= limit then",
            '    io.stdout:write("stopped after " .. seen .. " responses\\n"); os.exit(0)',
            "  end",
            "end",
        ]  # fmt: skip
    return "\n".join(lines) + "\n"


def wrk(
    url: str,
    *,
    pin: list[str],
    seconds: float = 3,
    connections: int = 4,
    limit: int | None = None,
    cookie: str = "",
    headers: dict[str, str] | None = None,
    plan: list[tuple[str, str]] | None = None,
) -> Load:
    """Load `url` from loopback with a single wrk thread for `seconds`, as a reader with `cookie`.

    With `plan`, a list of (path, cookie), send those requests in turn instead (`url` gives the host).
    With `limit`, stop as soon as that many responses are in (then only `requests` is meaningful), or
    at `seconds` if that comes first.
    """
    command = [*pin, "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in (request_headers(cookie) | (headers or {})).items():
        command += ["-H", f"{name}: {value}"]
    script = None
    if plan or limit is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
            file.write(wrk_script(plan, limit))
        script = file.name
        command += ["-s", script]
    try:
        finished = subprocess.run(
            [*command, "--timeout", "30s", url], capture_output=True, text=True, timeout=seconds + 60
        )
    finally:
        if script:
            os.unlink(script)
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip()}")
    stopped = re.search(r"stopped after (\d+) responses", finished.stdout)
    if stopped:
        return Load(requests=int(stopped.group(1)), seconds=0.0, rps=0.0, latency_ms={})
    return parse_wrk(finished.stdout)
