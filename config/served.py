"""A real installation on this machine, served as in production: gunicorn app servers and background workers.

Operations tooling, beside the gunicorn and supervisord configurations; the product never imports it. Used by the
load tests (bench/load_office.py, bench/bench_checkin.py) and by the tests that kill a worker or run two app servers.
Everything listens on 127.0.0.1 only and every process started here is stopped by its own id.

    site = Installation(tmp_dir)                # a SQLite file in tmp_dir, or database_url=postgres://...
    site.prepare(demo=True)                     # migrate, load the demo ward, collectstatic
    web = site.start_web(port)                  # gunicorn config.wsgi -c config/gunicorn.conf.py
    worker = site.start_worker()                # manage.py worker
    ...
    site.stop_all()
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Installation:
    def __init__(self, directory: Path, *, database_url: str | None = None, **settings: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url or f"sqlite:///{self.directory / 'db.sqlite3'}"
        self.processes: list[subprocess.Popen] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))} | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
            "DJANGO_MEDIA_ROOT": str(self.directory / "media"),
            "DJANGO_STATIC_ROOT": str(self.directory / "static"),
            # Plain HTTP on 127.0.0.1, as `make run` serves.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_HSTS_SECONDS": "0",
            # The workers run what the test or the load sends, not the demo's long papers laid out in advance.
            "PAPERS_LAY_OUT_IN_ADVANCE": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.env |= {key: str(value) for key, value in settings.items()}

    # ------------------------------------------------------------------ setup

    def manage(self, *args: str, timeout: int = 600) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self, *, demo: bool = True, static: bool = True) -> None:
        self.manage("migrate", "--noinput", "-v0")
        if demo:
            self.manage("load_demo")
        if static:
            self.manage("collectstatic", "--noinput", "-v0")

    def shell(self, code: str, timeout: int = 300) -> str:
        """Run Python with Django set up against this installation; returns what it prints."""
        return self.manage("shell", "-c", code, timeout=timeout)

    # -------------------------------------------------------------- processes

    def _start(self, args: list[str], log_name: str) -> subprocess.Popen:
        log = open(self.directory / log_name, "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = log  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def start_web(self, port: int, *, workers: int = 3, threads: int = 4) -> subprocess.Popen:
        options = [f"--bind=127.0.0.1:{port}", f"--workers={workers}", f"--threads={threads}"]
        process = self._start(
            [str(VENV_BIN / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py", *options], f"web-{port}.log"
        )
        wait_for_http(f"http://127.0.0.1:{port}/accounts/login/", timeout=60)
        return process

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        return self._start(
            [sys.executable, "manage.py", "worker", "--queue-name", "default", "--no-reload", "--interval", "0.5"],
            f"{name}.log",
        )

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        """Stop one process started here (and its children: gunicorn's workers) by its id."""
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        process.log.close()  # type: ignore[attr-defined]

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)
        self.processes.clear()

    def log(self, name: str) -> str:
        path = self.directory / name
        return path.read_text(errors="replace") if path.exists() else ""


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (127.0.0.1 only)
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
            raise RuntimeError(f"{url} answered {error.code}: see the server's log") from error
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)
