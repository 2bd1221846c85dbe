"""How fast the checker reads a large real Python tree, next to pyupgrade and django-upgrade.

The tree is this environment's site-packages: its `.py` files are sorted by path and a fixed
number of them (3000 by default), evenly spaced through the list so every package is
represented, is copied to a temporary folder. Each tool then gets the same file list, as a
separate process (interpreter start-up included, as a user or pre-commit would run it):

- `python -m cookbook lint FILES` (reports, writes nothing);
- `python -m pyupgrade --py311-plus --exit-zero-even-if-changed FILES` on its own fresh copy,
  since pyupgrade has no check-only mode and rewrites files;
- `python -m django_upgrade --target-version 5.0 --check FILES` (check-only).

Each tool runs `--repeat` times, in alternating order so machine noise hits all of them; the
best time counts. The benchmark prints lines per second for each and the checker's ratio to
each tool (above 1 means faster). As a reference it also times `ast.parse` of every file
in-process: the checker is faster than that because a file without any of its rules' trigger
words is never parsed.

In-process, on the same files in the same run, it also times the checker's engine with the
prefilter off (every file parsed and walked by every rule), in one process (like for like with
django-upgrade, which has no other way) and in one process per CPU (as `cookbook lint` runs a
large tree), and django-upgrade's per-file function `fix_file` (check-only, no interpreter
start-up). It prints the engine's ratios to django-upgrade in-process and as a subprocess.
Above 1 means the engine is faster. It prints figures only; nothing is asserted.

pyupgrade and django-upgrade are not project dependencies; install them for the benchmark:

    pip install pyupgrade==3.22.0 django-upgrade==1.33.0

A tool that is not installed is skipped. Run from the project root:

    python bench/lint_speed.py
    python bench/lint_speed.py --files 1000 --repeat 1
    python bench/lint_speed.py --profile     # where the checker spends its time
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import cProfile
import importlib.util
import io
import os
import pstats
import shutil
import site
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = "cookbook lint engine, no prefilter, 1 process"
ENGINE_ALL = f"cookbook lint engine, no prefilter, {os.cpu_count()} processes"
DJANGO_IN_PROCESS = "django-upgrade fix_file"


@dataclass(frozen=True)
class Tool:
    """A command run over the file list; `fresh_copy` when it rewrites files."""

    name: str
    module: str
    args: tuple[str, ...]
    fresh_copy: bool = False

    @property
    def installed(self) -> bool:
        """Whether `python -m <module>` can run here."""
        return importlib.util.find_spec(self.module) is not None

    def command(self, files: list[str]) -> list[str]:
        """The full command line."""
        return [sys.executable, "-m", self.module, *self.args, *files]


TOOLS = (
    Tool("cookbook lint", "cookbook", ("lint",)),
    Tool("pyupgrade", "pyupgrade", ("--py311-plus", "--exit-zero-even-if-changed"), fresh_copy=True),
    Tool("django-upgrade", "django_upgrade", ("--target-version", "5.0", "--check")),
)


def sample(count: int) -> tuple[Path, list[Path]]:
    """`count` .py files of site-packages, evenly spaced through the sorted list."""
    base = Path(site.getsitepackages()[0])
    everything = sorted(
        Path(folder, name).relative_to(base)
        for folder, _dirs, names in os.walk(base)
        for name in names
        if name.endswith(".py")
    )
    step = max(len(everything) / count, 1)
    chosen = [everything[int(index * step)] for index in range(min(count, len(everything)))]
    return base, chosen


def copy_tree(base: Path, files: list[Path], target: Path) -> list[str]:
    """Copy the files under `target`, keeping their relative paths; return the copies' paths."""
    copies = []
    for relative in files:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base / relative, destination)
        copies.append(str(destination))
    return copies


def count_lines(paths: list[str]) -> int:
    """Lines in the files (newlines, whatever the encoding)."""
    return sum(Path(path).read_bytes().count(b"\n") for path in paths)


def run_once(tool: Tool, base: Path, files: list[Path], shared: list[str], scratch: Path) -> float:
    """Seconds for one run of `tool` over the sample (on a fresh copy when it rewrites files)."""
    paths = shared
    if tool.fresh_copy:
        fresh = Path(tempfile.mkdtemp(dir=scratch))
        paths = copy_tree(base, files, fresh)
    start = time.perf_counter()
    done = subprocess.run(tool.command(paths), cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1, 2):
        raise SystemExit(f"{tool.name} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return seconds


def parse_everything(paths: list[str]) -> float:
    """Seconds to read and `ast.parse` every file in this process (the cost the prefilter avoids)."""
    start = time.perf_counter()
    for path in paths:
        with contextlib.suppress(SyntaxError, ValueError):
            ast.parse(Path(path).read_bytes())
    return time.perf_counter() - start


def no_prefilter(paths: list[str], jobs: int = 1) -> float:
    """Seconds for the checker's engine in-process with the prefilter off: every file parsed and
    walked by every rule (the cost on a tree where every file looks like Clarifai code), in
    `jobs` processes (0: one per CPU, as `cookbook lint` runs)."""
    from cookbook.lint import rules
    from cookbook.lint.engine import fewer_collections
    from cookbook.lint.runner import check_files

    everything = rules()
    files = [Path(path) for path in paths]
    start = time.perf_counter()
    with fewer_collections():  # as `cookbook lint` runs, and as django-upgrade's main does
        check_files(files, everything, jobs=jobs or None, prefilter=False)
    return time.perf_counter() - start


def no_prefilter_all_cpus(paths: list[str]) -> float:
    """`no_prefilter` in one process per CPU."""
    return no_prefilter(paths, jobs=0)


def django_upgrade_in_process(paths: list[str]) -> float:
    """Seconds for django-upgrade's own per-file function (`fix_file`, check-only) in this
    process, under the GC threshold its `main` sets: the same work as the subprocess without
    interpreter start-up, so it compares with the engine timed in-process."""
    from django_upgrade.data import Settings
    from django_upgrade.main import fix_file, gc_threshold

    settings = Settings(target_version=(5, 0))
    start = time.perf_counter()
    with gc_threshold(250_000), contextlib.redirect_stderr(io.StringIO()):
        for path in paths:
            fix_file(path, settings, exit_zero_even_if_changed=False, check=True)
    return time.perf_counter() - start


def profile(paths: list[str]) -> None:
    """Profile the checker in-process over the sample, with the prefilter and without it."""
    from cookbook.__main__ import main

    profiler = cProfile.Profile()
    profiler.runcall(main, ["lint", *paths])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    profiler = cProfile.Profile()
    profiler.runcall(no_prefilter, paths)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def print_figures(
    tools: list[Tool], best: dict[str, float], references: dict[str, float], lines: int
) -> None:
    """The table of lines per second, the checker's ratios, and the commands that were run."""
    print(f"\n{'tool':<72} {'seconds':>8} {'lines/s':>12}")
    rows = [(tool.name, best[tool.name]) for tool in tools]
    rows += [(f"{name} (in-process reference)", seconds) for name, seconds in references.items()]
    for name, seconds in rows:
        print(f"{name:<72} {seconds:>8.2f} {lines / seconds:>12,.0f}")
    ours = best.get("cookbook lint")
    if ours:
        print()
        for tool in tools:
            if tool.name != "cookbook lint":
                ratio = best[tool.name] / ours
                print(f"cookbook lint vs {tool.name}: {ratio:.1f}x ({'faster' if ratio > 1 else 'SLOWER'})")
    for label, name in (("1 process", ENGINE), ("one process per CPU", ENGINE_ALL)):
        engine = references.get(name)
        if not engine:
            continue
        print()
        if DJANGO_IN_PROCESS in references:
            ratio = references[DJANGO_IN_PROCESS] / engine
            print(f"engine (no prefilter, {label}) vs django-upgrade in-process: {ratio:.2f}x")
        if "django-upgrade" in best:
            ratio = best["django-upgrade"] / engine
            print(f"engine (no prefilter, {label}) vs django-upgrade subprocess: {ratio:.2f}x")
    print("\ncommands (FILES = the sample):")
    for tool in tools:
        print("  " + " ".join(tool.command(["FILES"])).replace(sys.executable, "python"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--files", type=int, default=3000, help="how many .py files of site-packages (3000)")
    cli.add_argument("--repeat", type=int, default=3, help="runs per tool; the best counts (3)")
    cli.add_argument("--profile", action="store_true", help="profile the checker instead of comparing")
    args = cli.parse_args(argv)

    base, files = sample(args.files)
    with tempfile.TemporaryDirectory(prefix="lint-speed-") as folder:
        scratch = Path(folder)
        shared = copy_tree(base, files, scratch / "shared")
        lines = count_lines(shared)
        print(f"sample: {len(shared)} .py files, {lines:,} lines, from {base}")
        if args.profile:
            profile(shared)
            return 0
        tools = [tool for tool in TOOLS if tool.installed]
        for tool in TOOLS:
            if not tool.installed:
                print(f"skipped {tool.name}: not installed (pip install {tool.name})")
        best: dict[str, float] = {}
        for round_number in range(args.repeat):
            order = tools if round_number % 2 == 0 else list(reversed(tools))
            for tool in order:
                seconds = run_once(tool, base, files, shared, scratch)
                best[tool.name] = min(seconds, best.get(tool.name, seconds))
        references: dict[str, float] = {}
        in_process = [
            ("ast.parse of every file", parse_everything),
            (ENGINE, no_prefilter),
            (ENGINE_ALL, no_prefilter_all_cpus),
        ]
        if importlib.util.find_spec("django_upgrade") is not None:
            in_process.append((DJANGO_IN_PROCESS, django_upgrade_in_process))
        for round_number in range(args.repeat):
            order = in_process if round_number % 2 == 0 else list(reversed(in_process))
            for name, timer in order:
                seconds = timer(shared)
                references[name] = min(seconds, references.get(name, seconds))

    print_figures(tools, best, references, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
