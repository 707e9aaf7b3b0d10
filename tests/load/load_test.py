"""Many people at once: concurrent sessions against a real `streamlit run app.py` server.

    python -m tests.load.load_test --sessions 20 --seconds 60

Half the sessions use the Graph Explorer, half the Gradient Descent page. Each session keeps
typing its *own* code, different from every other session's, and checks after every run that the
page shows its own values and gradients and nothing of anyone else's: a global grad-mode flag, a
shared cache or any other state leaking between sessions would show up here. The clients speak
Streamlit's own websocket protocol (tests/load/streamlit_client.py), so the measurements are of
the server, not of twenty browsers competing with it for the same two cores.

Reports p50/p95 time from input to finished rerun, errors (must be 0), cross-session leaks
(must be 0) and the server's memory per added session.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.load.servers import DEPLOYED, Servers, nginx_binary, serve  # noqa: E402
from tests.load.streamlit_client import Run, StreamlitSession  # noqa: E402

EXPLORER_PAGE, DESCENT_PAGE = "graph_explorer", "gradient_descent"


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    runs: int = 0
    visits: int = 0  # page loads and set-up reruns, before the measured actions
    began: float = field(default_factory=time.monotonic)
    started_at: list[float] = field(default_factory=list)  # each action's start, from `began`

    def ran(self, latency: float) -> None:
        self.runs += 1
        self.latencies.append(latency)
        self.started_at.append(time.monotonic() - latency - self.began)

    def report(self, opening: float = 20.0) -> dict:
        lat = sorted(self.latencies)
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")  # noqa: E731
        # The opening (every learner loading the page, then acting for the first time) and
        # the rest of the lesson, apart: a p95 over both hides which one is slow.
        early = sorted(x for x, t in zip(self.latencies, self.started_at) if t < opening)
        late = sorted(x for x, t in zip(self.latencies, self.started_at) if t >= opening)
        q95 = lambda xs: round(xs[min(len(xs) - 1, int(0.95 * len(xs)))], 3) if xs else None  # noqa: E731
        return {
            "runs": self.runs,
            "p50_s": round(p(0.50), 3),
            "p95_s": round(p(0.95), 3),
            f"p95_first_{opening:g}s": q95(early),
            f"p95_after_{opening:g}s": q95(late),
            "max_s": round(lat[-1], 3) if lat else None,
            "mean_s": round(statistics.fmean(lat), 3) if lat else None,
            "errors": len(self.errors),
            "leaks": len(self.leaks),
        }


# --- Graph Explorer: code whose gradient only this session can know -------------------------


def explorer_code(session: int, turn: int) -> tuple[str, str]:
    a, b = 1 + session, 2 + turn % 7
    code = (
        "import torch\n"
        f"x = torch.tensor({a}.0, requires_grad=True)\n"
        f"y = x * {b}.0 + x ** 2\n"
        "y.backward()\n"
        f"print('session {session} turn {turn}:', x.grad)\n"
    )
    return code, f"session {session} turn {turn}: tensor({b + 2 * a}.)"


def check_explorer(run: Run, session: int, expected: str, stats: Stats) -> None:
    text = run.text()
    if expected not in text:
        stats.errors.append(f"explorer session {session}: expected {expected!r}")
    for other in re.findall(r"session (\d+) turn", text):
        if int(other) != session:
            stats.leaks.append(f"explorer session {session} saw session {other}'s output")


# --- Gradient Descent: an expression whose minimum only this session knows -------------------


def descent_expression(session: int, turn: int) -> tuple[str, float]:
    c = round(0.5 + 0.25 * session + 0.01 * (turn % 9), 2)
    return f"(x - {c})**2 + 0.5*(y + 1)**2", c


def sgd_path_end(run: Run) -> float | None:
    """The last x of the SGD path in the page's plotly figure (the animated race)."""
    for element in run.elements:
        chart = element.get("plotlyChart")
        if not chart or "spec" not in chart:
            continue
        spec = json.loads(chart["spec"])
        for trace in spec.get("data", []):
            name = str(trace.get("name", ""))
            xs = _values(trace.get("x"))
            if name.startswith("SGD") and len(xs) > 1:
                return float(xs[-1])
    return None


def _values(data: object) -> list:
    """Plotly writes arrays either as lists or as typed base64 blocks ({dtype, bdata})."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "bdata" in data:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return []


def check_descent(
    run: Run,
    session: int,
    expression: str,
    c: float,
    start: float,
    steps: int,
    lr: float,
    stats: Stats,
) -> None:
    text = run.text()
    if expression not in text:
        stats.errors.append(f"descent session {session}: own expression {expression!r} missing")
    for other in re.findall(r"\(x - ([0-9.]+)\)\*\*2 \+ 0\.5", text):
        if float(other) != c:
            stats.leaks.append(f"descent session {session} saw expression with c={other}")
    end = sgd_path_end(run)
    # SGD on (x - c)^2 from x0: x_n = c + (x0 - c)(1 - 2 lr)^n, the seeds' loop in closed form.
    expected = c + (start - c) * (1 - 2 * lr) ** steps
    if end is None or not math.isclose(end, expected, rel_tol=1e-3, abs_tol=1e-3):
        stats.errors.append(
            f"descent session {session}: SGD ended at {end}, expected {expected:.4f}"
        )


class Pauses:
    """A learner's pauses between actions: `think` seconds on average, each drawn between half
    and one and a half of it, and a first action at a random moment of the first `think`
    seconds (seeded by the session: a run is repeatable). With `lockstep`, every pause is
    exactly `think` and every session starts at once: twenty learners pressing Run at the very
    same moment every 10.0 s, a burst no class makes (this driver's only mode before). With
    `arrive_over`, each learner opens the page at a random moment of that many seconds instead
    of all in the same second."""

    def __init__(
        self, session: int, think: float, lockstep: bool = False, arrive_over: float = 0.0
    ) -> None:
        self.rng = random.Random(session)
        self.think = think
        self.lockstep = lockstep
        self.arrive_over = arrive_over
        # When the learner opens the page: all at once (0), as this driver always did, or at a
        # random moment of the first `arrive_over` seconds, as a class trickles in.
        self.arrival = self.rng.uniform(0.0, arrive_over) if arrive_over > 0 else 0.0

    def first(self) -> float:
        return 0.0 if self.lockstep else self.rng.uniform(0.0, self.think)

    def next(self) -> float:
        return self.think if self.lockstep else self.rng.uniform(0.5, 1.5) * self.think


def source_address(session: int) -> str:
    """A loopback address of its own per session. nginx's ip_hash keys on an address's first
    three bytes, so sessions differ in the third: to nginx they are different computers."""
    return f"127.0.{1 + session % 250}.1"


# --- one session ------------------------------------------------------------------------------


async def explorer_session(
    url: str, session: int, deadline: float, stats: Stats, pauses: Pauses | None = None
) -> None:
    pauses = pauses or Pauses(session, think=0.0)  # none: as fast as the server answers
    await asyncio.sleep(pauses.arrival)
    async with StreamlitSession(url, source=source_address(session)) as s:
        first = await s.rerun(page_name=EXPLORER_PAGE)
        stats.visits += 1
        code_id, run_id = first.widget_id("ge_code"), first.widget_id("ge_run")
        if not code_id or not run_id:
            stats.errors.append(f"explorer session {session}: code box not found")
            return
        turn = 0
        await asyncio.sleep(pauses.first())
        while time.monotonic() < deadline:
            code, expected = explorer_code(session, turn)
            s.set_string(code_id, code)
            s.set_trigger(run_id)
            run = await s.rerun()
            stats.ran(run.elapsed)
            if run.exceptions():
                stats.errors.append(f"explorer session {session}: {run.exceptions()[0]}")
            check_explorer(run, session, expected, stats)
            turn += 1
            await asyncio.sleep(pauses.next())


async def descent_session(
    url: str, session: int, deadline: float, stats: Stats, pauses: Pauses | None = None
) -> None:
    pauses = pauses or Pauses(session, think=0.0)  # none: as fast as the server answers
    await asyncio.sleep(pauses.arrival)
    async with StreamlitSession(url, source=source_address(session)) as s:
        first = await s.rerun(page_name=DESCENT_PAGE)
        picker = first.widget_id("gd_function")
        options = next(
            (
                e["selectbox"]["options"]
                for e in first.elements
                if "selectbox" in e and e["selectbox"].get("id") == picker
            ),
            None,
        )
        if not picker or not options:
            stats.errors.append(f"descent session {session}: function picker not found")
            return
        s.set_string(picker, options[-1])  # the learner's own expression
        custom = await s.rerun()
        stats.visits += 2
        expr_id, start_id = custom.widget_id("gd_expression"), custom.widget_id("gd_start_x")
        steps_id, lr_id = custom.widget_id("gd_steps"), custom.widget_id("gd_SGD_lr")
        if not (expr_id and start_id and steps_id and lr_id):
            stats.errors.append(f"descent session {session}: custom expression box not found")
            return
        turn = 0
        await asyncio.sleep(pauses.first())
        while time.monotonic() < deadline:
            expression, c = descent_expression(session, turn)
            start, steps, lr = -1.5 + 0.1 * (session % 5), 20 + turn % 5, 0.1
            s.set_string(expr_id, expression)
            s.set_double(start_id, start)
            s.set_slider(steps_id, steps)
            s.set_double(lr_id, lr)
            run = await s.rerun()
            stats.ran(run.elapsed)
            if run.exceptions():
                stats.errors.append(f"descent session {session}: {run.exceptions()[0]}")
            check_descent(run, session, expression, c, start, steps, lr, stats)
            turn += 1
            await asyncio.sleep(pauses.next())


async def drive(
    servers: Servers,
    sessions: int,
    seconds: float,
    think: float,
    lockstep: bool = False,
    arrive_over: float = 0.0,
) -> dict:
    stats = Stats()
    # Memory: one warm session first, then all of them at once.
    deadline = time.monotonic() + 3
    await explorer_session(servers.url, 999, deadline, Stats())
    base = servers.rss_mib()
    cpu_before, clock_before = servers.cpu_by_process(), time.monotonic()
    workers_before = servers.worker_cpu_seconds()
    driver_before = time.process_time()
    stats.began = clock_before
    deadline = clock_before + seconds
    tasks = [
        (explorer_session if k % 2 == 0 else descent_session)(
            servers.url, k, deadline, stats, Pauses(k, think, lockstep, arrive_over)
        )
        for k in range(sessions)
    ]
    peak = base
    done = asyncio.gather(*tasks, return_exceptions=True)
    while not done.done():
        await asyncio.sleep(1.0)
        peak = max(peak, servers.rss_mib())
    outcomes = await done
    # The first visits (page loads, picking the function) are reruns the server did too.
    elapsed = time.monotonic() - clock_before
    by_replica = [after - before for after, before in zip(servers.cpu_by_process(), cpu_before)]
    cpu = sum(by_replica)
    worker_cpu = servers.worker_cpu_seconds() - workers_before
    driver_cpu = time.process_time() - driver_before
    for k, outcome in enumerate(outcomes):
        if isinstance(outcome, BaseException):
            stats.errors.append(f"session {k} crashed: {type(outcome).__name__}: {outcome}")
    report = stats.report()
    reruns = stats.runs + stats.visits
    report.update(
        sessions=sessions,
        seconds=seconds,
        think_s=think,
        lockstep=lockstep,
        arrive_over_s=arrive_over,
        script=servers.script,
        replicas=len(servers.pids),
        reruns_per_s=round(reruns / elapsed, 2),
        cpu_ms_per_rerun=round(1000 * cpu / max(1, reruns), 1),
        server_cpu_busy=round(cpu / elapsed, 2),  # cores kept busy on average
        # Learner code runs in worker processes: their CPU is the other half of a rerun's cost.
        worker_cpu_ms_per_rerun=round(1000 * worker_cpu / max(1, reruns), 1),
        worker_cpu_busy=round(worker_cpu / elapsed, 2),
        # This driver shares the machine: what it takes (decoding every page to check it) is
        # CPU the servers could not have.
        driver_cpu_busy=round(driver_cpu / elapsed, 2),
        load_average=round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        cpu_share_per_replica=[round(c / max(cpu, 1e-9), 2) for c in by_replica],
        server_rss_base_mib=round(base, 1),
        server_rss_peak_mib=round(peak, 1),
        mib_per_added_session=round((peak - base) / max(1, sessions - 1), 2),
        first_errors=stats.errors[:5],
        first_leaks=stats.leaks[:5],
    )
    return report


def run_load_test(
    sessions: int = 20,
    seconds: float = 60.0,
    think: float = 3.0,
    replicas: int = 1,
    port: int | None = None,
    lockstep: bool = False,
    arrive_over: float = 0.0,
    script: str = DEPLOYED,
) -> dict:
    """`think`: seconds each simulated learner waits between actions on average (0 = as fast
    as possible, the worst case: every session always has a rerun queued); see Pauses for
    `lockstep` and `arrive_over`. `replicas` > 1 runs that many servers behind nginx with
    deploy/playground.conf and drives them through it. `script`: what `streamlit run` serves,
    serve.py as deployed (warm before the first visitor) or app.py (warmed by it)."""
    with serve(replicas, port, script=script) as servers:
        report = _run_in_own_thread(drive(servers, sessions, seconds, think, lockstep, arrive_over))
        log = servers.logs()
    report["server_errors"] = log.count("Uncaught app execution")
    report["server_log_excerpt"] = _first_traceback(log)
    return report


def _run_in_own_thread(coroutine):
    """asyncio.run in a thread of its own: the caller's thread may already have an event loop
    running (pytest runs this after Playwright's sync API has started one), and asyncio.run
    refuses to nest."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the caller below
            outcome["error"] = error

    thread = threading.Thread(target=target, name="load-test")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _first_traceback(log: str) -> str:
    """The first traceback in the server log, trimmed to its top and its final error line."""
    start = log.find("Traceback")
    if start < 0:
        return ""
    lines = log[start:].splitlines()
    end = next((i for i, line in enumerate(lines[1:], 1) if line and not line[0].isspace()), 1)
    block = lines[: end + 1]
    return "\n".join([*block[:12], "    ...", *block[-6:]]) if len(block) > 20 else "\n".join(block)


# The configurations the README's sizing section quotes: (sessions, pause between actions,
# replicas). Ten sessions that never pause keep a rerun queued at all times: the server's
# throughput. The others are a class: each learner acts, reads the result, acts again.
MATRIX = [(10, 0.0, 1), (20, 10.0, 1), (60, 10.0, 1), (60, 10.0, 2)]
COLUMNS = [
    "sessions",
    "think_s",
    "replicas",
    "runs",
    "reruns_per_s",
    "cpu_ms_per_rerun",
    "server_cpu_busy",
    "worker_cpu_ms_per_rerun",
    "p50_s",
    "p95_s",
    "errors",
    "leaks",
    "mib_per_added_session",
]


def table(reports: list[dict]) -> str:
    """The reports as the README's markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in COLUMNS) + " |" for r in reports]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=3.0, help="pause between actions (s)")
    parser.add_argument("--replicas", type=int, default=1, help="servers behind nginx (>1)")
    parser.add_argument("--port", type=int, default=None, help="first port to use")
    parser.add_argument(
        "--lockstep", action="store_true", help="every session acts at the same moment"
    )
    parser.add_argument(
        "--arrive-over",
        type=float,
        default=0.0,
        help="learners open the page over this many seconds (default: all at once)",
    )
    parser.add_argument(
        "--script",
        default=DEPLOYED,
        choices=["serve.py", "app.py"],
        help="what `streamlit run` serves (serve.py: warm before the first visitor)",
    )
    parser.add_argument(
        "--matrix", action="store_true", help="run every configuration the README quotes"
    )
    args = parser.parse_args()
    if args.matrix:
        configs = [c for c in MATRIX if c[2] == 1 or nginx_binary()]
        reports = []
        for sessions, think, replicas in configs:
            report = run_load_test(
                sessions,
                args.seconds,
                think,
                replicas,
                args.port,
                args.lockstep,
                args.arrive_over,
                args.script,
            )
            print(json.dumps(report), flush=True)
            reports.append(report)
        print(table(reports))
    else:
        reports = [
            run_load_test(
                args.sessions,
                args.seconds,
                args.think,
                args.replicas,
                args.port,
                args.lockstep,
                args.arrive_over,
                args.script,
            )
        ]
        print(json.dumps(reports[0], indent=2))
    return 0 if all(r["errors"] == 0 and r["leaks"] == 0 for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
