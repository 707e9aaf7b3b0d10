"""The servers a load test drives: one `streamlit run app.py`, or several replicas behind nginx
configured by the repository's own deploy/playground.conf (its ports rewritten to free ones).

    with serve(replicas=2) as servers:
        servers.url            # what the clients connect to (nginx when replicas > 1)
        servers.cpu_seconds()  # CPU the app's processes have used so far (Linux /proc)
        servers.rss_mib()      # their resident memory, summed

nginx is Debian's (`apt-get install nginx`, /usr/sbin/nginx); NGINX names another binary.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.conftest import start_streamlit, stop, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
NGINX_SITE = ROOT / "deploy" / "playground.conf"
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[int]:
    """/proc/<pid>/stat's numeric fields after the command name (which may hold spaces and
    parentheses), as integers from the 4th field on (`ppid`); utime is [11], stime [12],
    cutime [13], cstime [14]."""
    rest = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return [0, *map(int, rest[1:])]  # the state letter at [0] is not a number


def _children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if _stat_fields(int(entry.name))[1] == pid:
                    found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def nginx_binary() -> str | None:
    """The nginx to use, or None where it is not installed."""
    named = os.environ.get("NGINX")
    if named:
        return named if Path(named).exists() else None
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def free_port(near: int | None = None) -> int:
    """A port nobody listens on: `near` or the next free one after it, else any."""
    for port in range(near, near + 20) if near else ():
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What `streamlit run` serves, as deploy/playground.conf says to start each replica.
DEPLOYED = "serve.py"


@dataclass
class Servers:
    url: str
    script: str = DEPLOYED
    pids: list[int] = field(default_factory=list)  # the app's processes (not nginx)
    log_paths: list[str] = field(default_factory=list)

    def cpu_seconds(self) -> float:
        """User + system CPU of the app's processes so far."""
        return sum(self.cpu_by_process())

    def cpu_by_process(self) -> list[float]:
        """Each app server's own CPU (the process that renders pages), without its workers."""
        return [sum(_stat_fields(pid)[11:13]) / _TICKS for pid in self.pids]

    def worker_cpu_seconds(self) -> float:
        """CPU of the worker processes that run learner code: the live children of every app
        server, plus the children it has already stopped and reaped (cutime + cstime)."""
        total = 0
        for pid in self.pids:
            total += sum(_stat_fields(pid)[13:15])  # reaped children
            for child in _children(pid):
                with contextlib.suppress(OSError, IndexError):  # it may end while we look
                    total += sum(_stat_fields(child)[11:13])
        return total / _TICKS

    def worker_pids(self) -> list[int]:
        """The app servers' children that run learner code (`sandbox.worker_main`)."""
        found = []
        for pid in self.pids:
            for child in _children(pid):
                with contextlib.suppress(OSError):  # it may end while we look
                    if b"worker_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                        found.append(child)
        return found

    def wait_for_workers(self, timeout: float = 120.0) -> list[int]:
        """The worker processes, once every server has one (or [] after `timeout`): a server
        readiness wait, like waiting for /_stcore/health."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.worker_pids()
            if {_stat_fields(w)[1] for w in found if _alive(w)} >= set(self.pids):
                return found
            time.sleep(0.2)
        return []

    def rss_mib(self) -> float:
        total = 0.0
        for pid in self.pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        return total

    def logs(self) -> str:
        return "\n".join(Path(p).read_text(errors="replace") for p in self.log_paths)


@contextmanager
def serve(replicas: int = 1, port: int | None = None, script: str = DEPLOYED) -> Iterator[Servers]:
    """Start the app (`replicas` copies, behind nginx when more than one) and stop it after.
    `script`: serve.py (as deployed: warm before the first visitor) or app.py."""
    with ExitStack() as stack:
        apps = []
        for k in range(replicas):
            process, url = start_streamlit(
                port=free_port(port + 1 + k) if port else None, script=ROOT / script
            )
            stack.callback(stop, process)
            apps.append((process, url))
        servers = Servers(
            url=apps[0][1],
            script=script,
            pids=[p.pid for p, _ in apps],
            log_paths=[p.log_path for p, _ in apps],
        )
        if replicas > 1:
            servers.url = stack.enter_context(
                nginx_in_front([u for _, u in apps], free_port(port) if port else None)
            )
        yield servers


def nginx_site(upstreams: list[str], listen: int) -> str:
    """deploy/playground.conf with its `server` lines and `listen` port replaced."""
    site = NGINX_SITE.read_text()
    servers = "".join(f"    server {u.removeprefix('http://')};\n" for u in upstreams)
    site, n = re.subn(r"(    server 127\.0\.0\.1:\d+;\n)+", servers, site)
    site, m = re.subn(r"listen 80;", f"listen 127.0.0.1:{listen};", site)
    if n != 1 or m != 1:
        raise ValueError(f"{NGINX_SITE} no longer has one upstream block and one `listen 80;`")
    return site


@contextmanager
def nginx_in_front(upstreams: list[str], port: int | None = None) -> Iterator[str]:
    """Run nginx (in the foreground, as a child of ours) with the repository's site config in
    front of `upstreams`; yields its URL."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx)")
    port = port or free_port()
    work = nginx_workdir(upstreams, port)
    process = subprocess.Popen(
        [binary, "-p", str(work), "-c", str(work / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=open(work / "stderr.log", "w"),  # noqa: SIM115 - closed when nginx exits
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(url, process, timeout=20, what="nginx")
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {(work / 'stderr.log').read_text()}") from None
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGQUIT)  # graceful: finish open connections
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def nginx_workdir(upstreams: list[str], port: int) -> Path:
    """A fresh directory holding an nginx.conf (no root needed: every path is inside it) that
    includes the repository's site, rewritten to listen on `port` in front of `upstreams`."""
    work = Path(tempfile.mkdtemp(prefix="playground-nginx-"))
    (work / "site.conf").write_text(nginx_site(upstreams, port))
    (work / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""
    )
    return work
