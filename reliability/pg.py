"""A throwaway PostgreSQL cluster that a test or the load run can stop and start at will.

Like scripts/with-postgres.sh, but kept as an object so the caller can kill the server
(`pg_ctl -m immediate stop`, the same as a crash) and bring it back on the same data directory.
As root the server runs as the `postgres` user, because PostgreSQL refuses to run as root.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def server_bindir() -> Path | None:
    def version(bindir: str) -> int:
        name = Path(bindir).parent.name
        return int(name) if name.isdigit() else 0

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)
    if candidates:
        return Path(candidates[-1])
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    return None


class Cluster:
    """initdb, start, stop and restart a PostgreSQL cluster on a Unix socket (and loopback TCP if asked)."""

    def __init__(self, *, port: int | None = None, durable: bool = True, directory: Path | None = None):
        bindir = server_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (install postgresql-15)")
        self.bindir = bindir
        self.port = port
        # fsync stays on unless asked: a crash test on a cluster that may lose commits would prove nothing.
        self.durable = durable
        # Another process may drive a cluster it did not create by naming its directory.
        self.dir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="forum-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.as_pg: list[str] = []
        if os.getuid() == 0:
            if directory is None:
                shutil.chown(self.dir, "postgres", "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_pg, *args], capture_output=True, text=True, check=check, timeout=120)

    def url(self, name: str = "forum") -> str:
        if self.port:
            return f"postgres://forum@127.0.0.1:{self.port}/{name}"
        return f"postgres://forum@/{name}?host={self.dir}"

    def init(self) -> "Cluster":
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "forum", "--no-sync"
        )
        return self

    def start(self) -> None:
        listen = "127.0.0.1" if self.port else ""
        options = f"-k {self.dir} -c listen_addresses='{listen}' -c max_connections=200"
        if self.port:
            options += f" -p {self.port}"
        if self.durable:
            # Crash recovery starts by syncing the data directory; one syncfs() instead of an fsync per
            # file takes seconds off every restart after a kill (PostgreSQL 14+).
            options += " -c recovery_init_sync_method=syncfs"
        else:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        result = self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-o",
            options,
            "start",
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n{self.log_tail()}"
            )

    def kill(self) -> None:
        """Stop the server the hard way: no checkpoint, clients cut off, crash recovery on the next start."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False)

    def createdb(self, name: str) -> None:
        self._run(str(self.bindir / "createdb"), "-h", str(self.dir), *self._port_args(), "-U", "forum", name)

    def _port_args(self) -> list[str]:
        return ["-p", str(self.port)] if self.port else []

    def is_running(self) -> bool:
        result = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "status", check=False)
        return result.returncode == 0

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def destroy(self) -> None:
        self.kill()
        for _ in range(50):
            if not self.is_running():
                break
            time.sleep(0.1)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        self.init()
        self.start()
        self.createdb("forum")
        return self

    def __exit__(self, *exc) -> None:
        self.destroy()
