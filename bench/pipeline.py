"""The whole pipeline on a made-up EN/FR news site served over loopback: time, memory and cores, side by side.

    python bench/pipeline.py [--before DIR] [--rounds 3] [--sizes 600,3000,10000] [--skip dask,load,flow]

Every run is a child process (the site is served by this one), measured from outside: wall time, CPU time of
the whole tree (cores used = CPU seconds / wall seconds), and the peak of the summed resident memory of the
process and all its descendants, sampled every 50 ms. `--before DIR` measures another checkout of the code
(e.g. `git worktree add --detach /tmp/before main`) in the same minutes, so each figure comes with its ratio.
Medians of `--rounds`; the load average before and after says how busy the shared machine was.
`--skip flow,runs,flows,dask` measures only the load + diff + commit of 100,000 facts (wall and CPU seconds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from news_site import RunningSite, news_site  # noqa: E402

SAMPLE_SECONDS = 0.05
PLAIN_RUN = (
    "import sys; from pathlib import Path; from flows.config import load_config; from flows.monitor import "
    "run_pipeline; s = run_pipeline(load_config(Path(sys.argv[1])), Path(sys.argv[2])); "
    "print(s.articles_new, s.facts_new, s.alerts_new)"
)
CLI_RUN = "import sys; from flows.cli import main; sys.argv[0] = 'dealwatch'; main()"
# The flow's local CPU runner, chosen by this bench (flows/pipeline/tasks.py: LOCAL_CPU_RUNNER).
WITH_RUNNER = "import flows.pipeline.tasks as tasks; tasks.LOCAL_CPU_RUNNER = {runner!r}; "


@dataclass(frozen=True)
class Measured:
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    output: str
    cpu_by_role: tuple[tuple[str, float], ...] = ()

    @property
    def cores(self) -> float:
        return self.cpu_seconds / self.wall_seconds


class TreeSampler:
    """Resident memory (summed) and CPU time of a process and all its descendants, sampled; plus the CPU of
    other processes that work for it (a Dask cluster's workers). Worker processes of a pool are not always
    waited for by the run (a fork server's children), so their CPU is read while they live, per process."""

    def __init__(self, root: psutil.Process, helpers: Sequence[psutil.Process] = ()) -> None:
        self.root = root
        self.helpers = list(helpers)
        self.cpu_by_pid: dict[int, float] = {}
        self.helper_start = self.helper_cpu()
        self.peak_rss = 0

    def sample(self) -> None:
        rss = 0
        for member in [self.root, *self.root.children(recursive=True)]:
            try:
                times = member.cpu_times()
                rss += member.memory_info().rss
            except psutil.Error:
                continue  # it exited between the listing and the reading
            self.cpu_by_pid[member.pid] = times.user + times.system
        self.peak_rss = max(self.peak_rss, rss)

    def helper_cpu(self) -> float:
        return sum(tree_cpu(helper) for helper in self.helpers)

    def cpu_seconds(self) -> float:
        return sum(self.cpu_by_pid.values()) + self.helper_cpu() - self.helper_start


Roles = Callable[[], dict[str, list["psutil.Process | Alone"]]]


def measure(command: Sequence[str], env: dict[str, str], cwd: Path, helpers: Sequence[int] = (),
            roles: Roles | None = None, profile: Path | None = None) -> Measured:
    """Run `command`, sampling its whole process tree (and the CPU of `helpers`) every SAMPLE_SECONDS.

    `roles` names processes outside the run (a cluster's scheduler and workers, the Prefect server): the CPU
    seconds each spent during the run are reported apart, with the run's own process, its children, and this
    process's threads other than the sampling one (the news site's server). `profile`: py-spy records the
    run's own process into that file (speedscope JSON).
    """
    own = psutil.Process()
    before = role_cpu(roles, own) if roles else {}
    started = time.perf_counter()
    child = psutil.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    spy = py_spy(child.pid, profile) if profile else None
    sampler = TreeSampler(child, [psutil.Process(pid) for pid in helpers])
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(child.stdout.read()), daemon=True)
    reader.start()
    while child.poll() is None:
        sampler.sample()
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - started
    by_role: tuple[tuple[str, float], ...] = ()
    if roles:
        after = role_cpu(roles, own)
        run_cpu = sampler.cpu_by_pid.get(child.pid, 0.0)
        children = sum(sampler.cpu_by_pid.values()) - run_cpu
        by_role = (("run's process", run_cpu), ("run's children", children),
                   *((name, after[name] - before.get(name, 0.0)) for name in after))
    if spy is not None:
        spy.wait(timeout=60)
    reader.join()
    if child.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command[:4])} exited {child.returncode}:\n{''.join(output)[-3000:]}")
    return Measured(wall, sampler.cpu_seconds(), sampler.peak_rss / 2**20, "".join(output), by_role)


class Alone:
    """A process whose own CPU counts, not its children's (the `dask worker` command: its nannies)."""

    def __init__(self, process: psutil.Process) -> None:
        self.process = process


def tree_cpu(process: psutil.Process | Alone) -> float:
    """CPU seconds (user + system) of a process and its living descendants."""
    total = 0.0
    try:
        members = [process.process] if isinstance(process, Alone) else [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for member in members:
        try:
            times = member.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def role_cpu(roles: Roles, own: psutil.Process) -> dict[str, float]:
    """CPU seconds so far of each role's processes, and of this process's threads but the main one (the news
    site's server threads; the main thread samples)."""
    main = threading.main_thread().native_id
    cpu = {name: sum(tree_cpu(process) for process in processes) for name, processes in roles().items()}
    # The process's times include threads that have ended (the server's, one per connection).
    whole = own.cpu_times()
    sampling = sum(t.user_time + t.system_time for t in own.threads() if t.id == main)
    cpu["web server (bench threads)"] = whole.user + whole.system - sampling
    return cpu


def py_spy(pid: int, profile: Path) -> subprocess.Popen[bytes] | None:
    """py-spy recording `pid` until it exits (None when py-spy is not installed)."""
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.is_file():
        print(f"  (no {spy}: pip install py-spy to profile)")
        return None
    # --gil: the thread holding the GIL, i.e. Python at work (without it, threads blocked in a lock's wait or a
    # socket read count as busy).
    return subprocess.Popen([str(spy), "record", "--pid", str(pid), "--rate", "200", "--format", "speedscope",
                             "--output", str(profile), "--nonblocking", "--gil"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass(frozen=True)
class Code:
    """A checkout of dealwatch to measure, run with this Python and that directory first on its path."""

    label: str
    directory: Path

    def env(self, prefect_home: Path, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
        env |= {"PYTHONPATH": str(self.directory), "PREFECT_HOME": str(prefect_home), "DO_NOT_TRACK": "1",
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        return env | extra

    def cli(self, *args: str, runner: str | None = None) -> list[str]:
        prelude = WITH_RUNNER.format(runner=runner) if runner else ""
        return [sys.executable, "-c", prelude + CLI_RUN, *args]

    def plain(self, config: Path, db: Path) -> list[str]:
        return [sys.executable, "-c", PLAIN_RUN, str(config), str(db)]


class Bench:
    def __init__(self, codes: list[Code], rounds: int, workdir: Path, big_rounds: int) -> None:
        self.codes = codes
        self.rounds = rounds
        self.big_rounds = big_rounds
        self.workdir = workdir
        self.runs = 0

    def fresh_db(self) -> Path:
        self.runs += 1
        return self.workdir / f"run{self.runs}.duckdb"

    def home(self, code: Code) -> Path:
        home = self.workdir / f"prefect-home-{code.label}"
        home.mkdir(exist_ok=True)
        return home

    def run_cli(self, code: Code, config: Path, *args: str, runner: str | None = None,
                helpers: Sequence[int] = (), roles: Roles | None = None, profile: Path | None = None,
                **env: str) -> Measured:
        command = code.cli("run", "--config", str(config), "--db", str(self.fresh_db()), "--quiet", *args,
                           runner=runner)
        return measure(command, code.env(self.home(code), **env), self.workdir, helpers, roles, profile)

    def run_plain(self, code: Code, config: Path) -> Measured:
        return measure(code.plain(config, self.fresh_db()), code.env(self.home(code)), self.workdir)

    def medians(self, runs: Callable[[], Measured], rounds: int | None = None) -> Measured:
        return median_of([runs() for _ in range(rounds or self.rounds)])


def line(label: str, measured: Measured, pages: int) -> str:
    return (f"  {label:<34} {measured.wall_seconds:7.2f} s  {pages / measured.wall_seconds:6.0f} pages/s  "
            f"{measured.cores:4.2f} cores  peak tree RSS {measured.peak_rss_mib:6.0f} MiB")


def site_config(site: RunningSite, workdir: Path, pages: int, extra: str = "") -> Path:
    folder = workdir / f"site{pages}-{abs(hash(extra))}"
    folder.mkdir(exist_ok=True)
    return site.write_config(folder, extra=extra)


def flow_against_plain(bench: Bench, pages: int) -> None:
    print(f"\n`dealwatch run` against run_pipeline, {pages} pages (medians of {bench.rounds}, taken in turns)")
    with news_site(pages) as site:
        config = site_config(site, bench.workdir, pages)
        for code in bench.codes:
            bench.run_cli(code, config)  # warm-up: Prefect's home, the OS file cache
            rounds = [(bench.run_cli(code, config), bench.run_plain(code, config)) for _ in range(bench.rounds)]
            cli, plain = median_of([r[0] for r in rounds]), median_of([r[1] for r in rounds])
            ratios_each = ", ".join(f"{c.wall_seconds / p.wall_seconds:.2f}" for c, p in rounds)
            print(line(f"{code.label}: dealwatch run", cli, pages))
            print(line(f"{code.label}: run_pipeline", plain, pages))
            print(f"  {code.label}: dealwatch run / run_pipeline = {cli.wall_seconds / plain.wall_seconds:.2f} "
                  f"(each round: {ratios_each}; articles, facts, alerts: {plain.output.strip()})")


def median_of(results: list[Measured]) -> Measured:
    roles = [name for name, _ in results[-1].cpu_by_role]
    by_role = tuple((name, statistics.median(dict(r.cpu_by_role).get(name, 0.0) for r in results)) for name in roles)
    return Measured(statistics.median(r.wall_seconds for r in results),
                    statistics.median(r.cpu_seconds for r in results),
                    statistics.median(r.peak_rss_mib for r in results), results[-1].output, by_role)


def whole_runs(bench: Bench, sizes: list[int], big_rounds: int, before_sizes: set[int]) -> None:
    """Whole runs of each checkout, in turns (before, after, before, after...)."""
    for pages in sizes:
        rounds = big_rounds if pages >= 10_000 else bench.rounds
        codes = [code for code in bench.codes if code.label != "before" or pages in before_sizes]
        print(f"\n`dealwatch run`, {pages} pages (medians of {rounds}, taken in turns)")
        with news_site(pages) as site:
            config = site_config(site, bench.workdir, pages)
            taken = [[bench.run_cli(code, config) for code in codes] for _ in range(rounds)]
        results = {code.label: median_of([each[index] for each in taken]) for index, code in enumerate(codes)}
        for label, measured in results.items():
            print(line(label, measured, pages))
        ratios(results)


def ratios(results: dict[str, Measured]) -> None:
    if len(results) != 2:
        return
    (before_label, before), (after_label, after) = results.items()
    print(f"  {after_label}/{before_label}: wall {after.wall_seconds / before.wall_seconds:.2f}, "
          f"peak RSS {after.peak_rss_mib / before.peak_rss_mib:.2f}, cores {after.cores / before.cores:.2f}")


def flow_runners(bench: Bench, pages: int, api_url: str) -> None:
    """The flow (a Prefect server running beside it) with Prefect's process pool against a local Dask cluster."""
    code = bench.codes[-1]
    print(f"\n`dealwatch run` as the Prefect flow (PREFECT_API_URL set), {pages} pages, each local CPU runner "
          f"(medians of {bench.rounds})")
    with news_site(pages) as site:
        config = site_config(site, bench.workdir, pages)
        bench.run_cli(code, config, PREFECT_API_URL=api_url)  # warm-up
        results = {runner: bench.medians(lambda runner=runner: bench.run_cli(code, config, runner=runner,
                                                                                PREFECT_API_URL=api_url))
                   for runner in ("processes", "dask")}
        plain = bench.medians(lambda: bench.run_cli(code, config))
    for runner, measured in results.items():
        print(line(f"flow, {runner}", measured, pages))
    print(line("in process (no API)", plain, pages))
    dask, pool = results["dask"].wall_seconds, results["processes"].wall_seconds
    print(f"  flow with Dask / flow with the process pool: {dask / pool:.2f}; "
          f"flow with the process pool / in process: {pool / plain.wall_seconds:.2f}")


def dask_workers(bench: Bench, pages: int, server: prefect_server, profile: Path | None = None,
                 counts: Sequence[int] = (1, 2)) -> None:
    """1 against 2 local Dask worker processes (one thread each), started as a user would, on the CLI; the CPU
    seconds of each process's role during the run."""
    code = bench.codes[-1]
    print(f"\n`dealwatch run --dask`, {pages} pages, local `dask scheduler` + `dask worker`, a Prefect server "
          f"running (medians of {bench.big_rounds})")
    with news_site(pages) as site:
        config = site_config(site, bench.workdir, pages)
        results = {}
        for workers in counts:
            with dask_cluster(code, bench, workers) as cluster:
                def roles(cluster: dask_cluster = cluster) -> dict[str, list[psutil.Process | Alone]]:
                    return cluster.roles() | {"Prefect server": [server.root()]}

                def run(cluster: dask_cluster = cluster, workers: int = workers) -> Measured:
                    where = profile / f"run-{workers}-workers-{bench.runs + 1}.speedscope.json" if profile else None
                    return bench.run_cli(code, config, "--dask", cluster.address, helpers=cluster.pids,
                                         roles=roles, profile=where, PREFECT_API_URL=server.api_url)

                results[workers] = bench.medians(run, bench.big_rounds)
            measured = results[workers]
            print(line(f"{workers} worker(s)", measured, pages) + " (cores: run + cluster)")
            print("    CPU seconds by role: " + ", ".join(f"{name} {cpu:.1f}" for name, cpu in measured.cpu_by_role)
                  + f"; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            print(f"    output: {' | '.join(measured.output.strip().splitlines()[-3:])}")
    if {1, 2} <= results.keys():
        print(f"  throughput 2 workers / 1 worker: {results[1].wall_seconds / results[2].wall_seconds:.2f}")


class prefect_server:  # noqa: N801 (used as a context manager)
    """`prefect server start` on a free port, outside the measured process trees."""

    def __init__(self, bench: Bench) -> None:
        self.env = bench.codes[-1].env(bench.home(bench.codes[-1]))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.api_url = f"http://127.0.0.1:{self.port}/api"

    def root(self) -> psutil.Process:
        assert self.process is not None
        return psutil.Process(self.process.pid)

    def __enter__(self) -> prefect_server:
        prefect = str(Path(sys.executable).parent / "prefect")
        self.process = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        api_url = f"http://127.0.0.1:{self.port}/api"
        probe = (f"import httpx, time\nfor _ in range(240):\n    try:\n        httpx.get('{api_url}/health')"
                 ".raise_for_status(); break\n    except Exception: time.sleep(0.5)")
        subprocess.run([sys.executable, "-c", probe], check=True, timeout=150)
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self.process is not None
        self.process.send_signal(2)  # SIGINT: the server stops cleanly
        self.process.wait(timeout=60)


class dask_cluster:  # noqa: N801 (used as a context manager)
    def __init__(self, code: Code, bench: Bench, workers: int) -> None:
        self.env = code.env(bench.home(code))
        self.workers = workers
        self.port = free_port()
        self.processes: list[subprocess.Popen[bytes]] = []

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        """The scheduler and the worker command (its worker processes are its children)."""
        return [process.pid for process in self.processes]

    def roles(self) -> dict[str, list[psutil.Process | Alone]]:
        """The scheduler; the `dask worker` command (its nannies); each worker process, one of its children."""
        scheduler, command = (psutil.Process(process.pid) for process in self.processes)
        workers = sorted(command.children(), key=lambda process: process.pid)
        return ({"scheduler": [scheduler], "nannies": [Alone(command)]}
                | {f"worker {index}": [worker] for index, worker in enumerate(workers, start=1)})

    def __enter__(self) -> dask_cluster:
        address = self.address
        dask = str(Path(sys.executable).parent / "dask")
        self.start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"])
        self.start([dask, "worker", address, "--nworkers", str(self.workers), "--nthreads", "1",
                    "--no-dashboard", "--memory-limit", "0"])
        wait_for_workers(address, self.workers, self.env)
        return self

    def start(self, command: list[str]) -> None:
        self.processes.append(subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))

    def __exit__(self, *exc_info: object) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=30)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_workers(address: str, workers: int, env: dict[str, str]) -> None:
    probe = f"from distributed import Client; c = Client('{address}', timeout=60); c.wait_for_workers({workers})"
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=120)


LOAD_SCRIPT = """
import datetime as dt, random, sys, time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from extractors.facts import Fact, Kind, Qualifier
from warehouse.database import connect, transaction
from warehouse.diff import raise_alerts
from warehouse.load import load_batch, record_run
from warehouse.page_failures import load_page_failures
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome
# A run's workers sign each relevant text before the load (code from before that signs at the load), and key the
# facts (code from before that keys them at the load).
if "signature" in ArticleRecord.__dataclass_fields__:
    from warehouse.signatures import signature_of
else:
    signature_of = None
if "fact_ids" in ArticleRecord.__dataclass_fields__:
    from warehouse.records import fact_id_of
    def keyed(record):
        return replace(record, fact_ids=tuple(fact_id_of(record.article_id, fact) for fact in record.facts))
else:
    def keyed(record):
        return record
AT = dt.datetime(2026, 3, 2, 8, 0)
LABS = 6000
WORDS = [f"w{i}" for i in range(5000)]
# Each article its own words (a news page has 300-1,000), and one in ten a reprint of the one before it: the same
# filler in every article made each a near copy of all the others (Jaccard 0.45, just under the copy threshold),
# 79 million candidate pairs for copy detection that no real news has.
def text_of(n):
    rng = random.Random(n - (n % 10 == 9))
    return " ".join(rng.choice(WORDS) for _ in range(300))
# Each (lab, investor) key is reported by ~3 articles from different outlets with the same figure, except
# one article in seven that says one billion more: those raise conflicts.
def article(n):
    facts = tuple(Fact(Kind.INVESTMENT, f"Lab {n % LABS}", f"Investor {(n + k) % 40}",
                       Decimal((1 + k + (n % 7 == 0)) * 10**9), "USD", Qualifier.EXACT, f"Sentence {n} {k}.")
                  for k in range(5))
    record = ArticleRecord(f"https://news{n % 47}.example/{n}", "wire", f"Outlet {n % 47}", f"Title {n}",
                           f"Report {n}. " + text_of(n), dt.date(2026, 1, 1) + dt.timedelta(days=n % 60), AT, True,
                           facts=facts)
    return keyed(replace(record, signature=signature_of(record.text)) if signature_of else record)
articles = tuple(article(n) for n in range(20_000))
batch = Batch(RunRecord("bench", AT, AT), (SourceOutcome("wire", "rss", "https://x.example/f", "ok", AT),), articles)
signed = {"signatures": batch.signatures} if signature_of else {}
with connect(Path(sys.argv[1])) as con:
    # store_batch's steps (flows/pipeline/storing.py), timed one by one: wall seconds, and the CPU seconds of the
    # process (DuckDB's threads included), which the neighbours on a shared machine disturb less.
    started, started_cpu = time.perf_counter(), time.process_time()
    with transaction(con):
        loaded = load_batch(con, batch)
        load_page_failures(con, batch.page_failures, [article.canonical_url for article in batch.articles])
        load_done, load_cpu = time.perf_counter(), time.process_time()
        stored = replace(loaded, alerts_new=raise_alerts(con, loaded.new_article_ids, batch.alerts, **signed))
        diff_done, diff_cpu = time.perf_counter(), time.process_time()
        record_run(con, batch, stored)
    ended, ended_cpu = time.perf_counter(), time.process_time()
    print(f"{ended - started:.3f} {load_done - started:.3f} {diff_done - load_done:.3f} {ended - diff_done:.3f} "
          f"{ended_cpu - started_cpu:.3f} {load_cpu - started_cpu:.3f} {diff_cpu - load_cpu:.3f} "
          f"{ended_cpu - diff_cpu:.3f} {stored.facts_new} {stored.alerts_new}")
"""


def load_and_diff(bench: Bench) -> None:
    print(f"\nload + diff + run record of 100,000 facts (20,000 articles) into a new file, one transaction "
          f"(medians of {bench.rounds})")
    results = {}
    # In turns (before, after, before, ...): on a shared machine the neighbours' load changes from minute to minute.
    runs_by_code: dict[str, list] = {code.label: [] for code in bench.codes}
    for _ in range(bench.rounds):
        for code in bench.codes:
            runs_by_code[code.label].append(measure([sys.executable, "-c", LOAD_SCRIPT, str(bench.fresh_db())],
                                                    code.env(bench.home(code)), bench.workdir))
    for code in bench.codes:
        runs = runs_by_code[code.label]
        figures = [[float(x) for x in run.output.split()[-10:-2]] for run in runs]
        medians = [statistics.median(f[i] for f in figures) for i in range(8)]
        results[code.label] = medians
        peak = statistics.median(run.peak_rss_mib for run in runs)
        total, load, diff, commit, cpu_total, cpu_load, cpu_diff, cpu_commit = medians
        print(f"  {code.label:<7} {total:.2f} s: load {load:.2f} s, diff {diff:.2f} s, run record + commit "
              f"{commit:.2f} s (totals: {', '.join(f'{f[0]:.2f}' for f in figures)}); CPU {cpu_total:.2f} s: load "
              f"{cpu_load:.2f}, diff {cpu_diff:.2f}, commit {cpu_commit:.2f}; facts, alerts: "
              f"{' '.join(runs[-1].output.split()[-2:])}; peak RSS {peak:.0f} MiB")
    if len(results) == 2:
        (before, b), (after, a) = results.items()
        stages = ("total", "load", "diff", "commit")
        wall = ", ".join(f"{stage} {x / y:.2f}" for stage, x, y in zip(stages, a[:4], b[:4], strict=True))
        cpu = ", ".join(f"{stage} {x / y:.2f}" for stage, x, y in zip(stages, a[4:], b[4:], strict=True))
        print(f"  {after}/{before}: wall {wall}; CPU {cpu}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, help="another checkout to measure beside this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big-rounds", type=int, default=2, help="rounds of the 10,000-page runs")
    parser.add_argument("--before-sizes", default="3000,10000", help="sizes at which --before is measured too")
    parser.add_argument("--sizes", default="3000,10000")
    parser.add_argument("--dask-pages", type=int, default=10_000)
    parser.add_argument("--flow-pages", type=int, default=3_000)
    parser.add_argument("--dask-workers", default="1,2", help="the local Dask clusters' worker counts, in turn")
    parser.add_argument("--profile", type=Path, help="py-spy records each Dask run's own process into this folder")
    parser.add_argument("--skip", default="", help="comma-separated: flow, runs, flows, dask, load")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    codes = ([Code("before", args.before.resolve())] if args.before else []) + [Code("after", ROOT)]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="dealwatch-bench-") as folder:
        bench = Bench(codes, args.rounds, Path(folder), args.big_rounds)
        if "load" not in skip:
            load_and_diff(bench)
        if "flow" not in skip:
            flow_against_plain(bench, 600)
        if "runs" not in skip:
            whole_runs(bench, [int(size) for size in args.sizes.split(",")], args.big_rounds,
                       {int(size) for size in args.before_sizes.split(",")})
        if not {"flows", "dask"} <= skip:
            with prefect_server(bench) as server:
                if "flows" not in skip:
                    flow_runners(bench, args.flow_pages, server.api_url)
                if "dask" not in skip:
                    dask_workers(bench, args.dask_pages, server, args.profile,
                                 [int(count) for count in args.dask_workers.split(",")])
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
