"""Build-speed benchmark (tracker issue 6): prints one table, medians of fresh processes.

    .venv/bin/python bench/run.py [--runs N] [--issues N]     (or: make bench)

Every cold figure is a new `typeset` process, as an editor runs it; the warm
figures build inside one process that has built once already, as a preview
server would. Issues for the batch and the scaling rows are generated from
tests/fixtures/*.yaml into a temporary project.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SERIES = ROOT / "issues" / "series.yaml"
SAMPLE = "645"
SIZES = (4, 8, 16, 32)

# Targets of tracker issue 6 (this 2-core machine).
COLD_FULL_S = 1.0
WARM_S = 0.25
QUICK_S = 0.3
BATCH_S = 30.0
RSS_MB = 250
PDF_KB = 400
CALIBRATE_S = 60.0  # typeset calibrate, an 8-page issue (tracker issue 13)
# Targets of tracker issue 14: the preview server's rebuild after an edit.
SERVER_PDF_S = 0.15
SERVER_ALL_S = 0.35
COLD_VS_OFFICE = 0.75  # a cold `typeset build` against LibreOffice converting the same DOCX
PROOF_S = 2.0  # `typeset proof` over a year of issues (100)
# Targets of tracker issue 15 (the year's volume, `typeset book`).
BOOK_S = 60.0
BOOK_RSS_MB = 300
BOOK_REBUILD_S = 10.0
# Builds that skip what has not changed (stamps shared by build --all and book).
BATCH_SAME_S = 3.0
BATCH_ONE_S = 5.0


@dataclass
class Run:
    seconds: float
    rss_mb: float
    code: int
    stderr: str
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


@dataclass
class Row:
    what: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def status(self) -> str:
        return {True: "ok", False: "FAIL", None: ""}[self.ok]


def typeset_command() -> list[str]:
    script = Path(sys.executable).parent / "typeset"
    return [str(script)] if script.exists() else [sys.executable, "-m", "typeset"]


def run(cmd: Sequence[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """One fresh process: wall time and its own peak RSS (rusage from wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, text, usage.ru_utime + usage.ru_stime)


def median_runs(cmd: Sequence[str], runs: int, cwd: Path = ROOT,
                env: dict[str, str] | None = None) -> tuple[float, float]:
    """(median seconds, peak RSS MB) over `runs` fresh processes; a failing command stops the benchmark."""
    results = [run(cmd, cwd, env) for _ in range(runs)]
    for r in results:
        if r.code != 0:
            sys.exit(f"benchmark: {' '.join(cmd)} failed ({r.code}):\n{r.stderr}")
    return statistics.median(r.seconds for r in results), max(r.rss_mb for r in results)


def has_docx() -> bool:
    return importlib.util.find_spec("typeset.writers.docx") is not None


# --- generated issues -------------------------------------------------------------------------

def fixtures() -> list[dict]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted(FIXTURES.glob("*.yaml"))]


def temp_project(folder: Path) -> Path:
    """A project folder with the series' settings and an empty issues/ to fill."""
    (folder / "issues").mkdir(parents=True)
    shutil.copy(SERIES, folder / "issues" / SERIES.name)
    return folder


def write_issue(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def numbered(base: dict, k: int) -> tuple[str, dict]:
    """`base` as the k-th issue after the series anchor (dates, numbers and file name agree with it)."""
    anchor = yaml.safe_load(SERIES.read_text("utf-8"))["anchor"]
    data = copy.deepcopy(base)
    data.pop("layout", None)  # the series' grid, not a fixture's override
    date = anchor["date"] + dt.timedelta(days=k)
    colophon = data.get("colophon") or {}
    if "print_date" in colophon:  # printed as many days after the issue date as the fixture
        colophon["print_date"] = date + (colophon["print_date"] - data["date"])
    data.update(date=date, number=anchor["number"] + k, total=anchor["total"] + k)
    return f"{data['total']}.yaml", data


def repeated(base: dict, articles: list[dict], count: int) -> dict:
    """`base` with one section holding `count` of the articles, cycled."""
    data = copy.deepcopy(base)
    data["sections"] = [{"name": "工作动态", "articles": [articles[i % len(articles)] for i in range(count)]}]
    return data


def pages_of(path: Path, project_root: Path) -> int:
    """Pages of an issue: a build with no output format composes it and renders nothing."""
    from typeset.build import Project, build

    return build(path, Project(project_root), (), project_root / "unused").pages


def sized_issues(project_root: Path) -> dict[int, tuple[Path, int]]:
    """Issues of about 4, 8, 16, 32 pages: target → (file, actual pages)."""
    docs = fixtures()
    articles = [a for d in docs for s in d["sections"] for a in s["articles"]]
    out: dict[int, tuple[Path, int]] = {}
    for k, size in enumerate(SIZES, start=1):
        name, base = numbered(docs[0], k)
        path = project_root / "issues" / "sized" / name
        lo, hi = 1, 4 * size * 2
        while lo < hi:  # fewest articles that fill `size` pages
            mid = (lo + hi) // 2
            write_issue(path, repeated(base, articles, mid))
            if pages_of(path, project_root) >= size:
                hi = mid
            else:
                lo = mid + 1
        write_issue(path, repeated(base, articles, lo))
        out[size] = (path, pages_of(path, project_root))
    return out


def batch(project_root: Path, count: int, formats: tuple[str, ...], out: Path) -> tuple[float, float, int]:
    """`typeset build --all` over `count` issues generated from the fixtures, as an office
    rebuilds its issues (one process per core): (seconds, CPU seconds with its workers, pages)."""
    from pypdf import PdfReader

    docs = fixtures()
    for i in range(count):
        name, data = numbered(docs[i % len(docs)], i + 1)
        write_issue(project_root / "issues" / "batch" / name, data)
    done = run([*typeset_command(), "build", "--all", "--format", ",".join(formats), "-o", str(out)],
               cwd=project_root)
    if done.code != 0:
        sys.exit(f"benchmark: typeset build --all failed ({done.code}):\n{done.stderr[-2000:]}")
    pages = sum(len(PdfReader(f).pages) for f in out.glob("*.pdf"))
    return done.seconds, done.cpu, pages


def unchanged_rows(project_root: Path, count: int, formats: tuple[str, ...], out: Path) -> list[Row]:
    """After a `build --all` into `out`: again with nothing changed, after editing one issue,
    with --force, then `typeset book` of the year, which finds every issue built."""
    cmd = [*typeset_command(), "build", "--all", "--format", ",".join(formats), "-o", str(out)]
    rows = []
    same = run(cmd, cwd=project_root)
    rows.append(Row(f"`typeset build --all` again, nothing changed ({count} issues)", secs(same.seconds),
                    f"≤ {BATCH_SAME_S:.0f} s", same.code == 0 and same.seconds <= BATCH_SAME_S))
    edited = sorted(p for p in (project_root / "issues").rglob("*.yaml") if p.name != SERIES.name)[count // 2]
    data = yaml.safe_load(edited.read_text("utf-8"))
    article = data["sections"][0]["articles"][0]
    first = article["paragraphs"][0]
    article["paragraphs"][0] = (first + "（补记）") if isinstance(first, str) else first
    write_issue(edited, data)
    before = _issue_pdfs(out)
    one = run(cmd, cwd=project_root)
    rebuilt = [name for name, t in _issue_pdfs(out).items() if before.get(name) != t]
    rows.append(Row(f"`typeset build --all` after editing one issue ({len(rebuilt)} built)", secs(one.seconds),
                    f"≤ {BATCH_ONE_S:.0f} s", one.code == 0 and len(rebuilt) == 1 and one.seconds <= BATCH_ONE_S))
    forced = run([*cmd, "--force"], cwd=project_root)
    rows.append(Row("`typeset build --all --force` (every issue built again)", f"{secs(forced.seconds)} "
                    f"(CPU {forced.cpu:.1f} s)", f"≤ {BATCH_S:.0f} s", forced.code == 0 and forced.seconds <= BATCH_S))
    year = str(yaml.safe_load(edited.read_text("utf-8"))["date"].year)
    before = _issue_pdfs(out)
    book = run([*typeset_command(), "book", year, "-o", str(out)], cwd=project_root)
    rebuilt = [name for name, t in _issue_pdfs(out).items() if before.get(name) != t]
    rows.append(Row(f"`typeset book {year}` after `build --all` ({len(rebuilt)} issues built again)",
                    secs(book.seconds), f"≤ {BOOK_REBUILD_S:.0f} s",
                    book.code == 0 and not rebuilt and book.seconds <= BOOK_REBUILD_S))
    return rows


def _issue_pdfs(out: Path) -> dict[str, int]:
    """Each issue's PDF in `out` (not a volume) with its modification time."""
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf") if "合订本" not in p.name}


WARM_PROBE = """
import json, statistics, sys, time
from pathlib import Path
from typeset.build import Project, build
from typeset.serve.worker import DocxWorker
from typeset.writers.pdf.pagecache import PageCache
def main():
    root, out, formats, repeat, served, *issues = sys.argv[1:]
    formats = tuple(formats.split(","))
    worker = DocxWorker().start() if served == "served" else None
    result = {}
    for issue in issues:
        cache = PageCache() if worker else None
        kept = {"pdf": cache.render, "docx": worker} if worker else {}
        build(Path(issue), Project(Path(root)), formats, Path(out), **kept)  # first build: loads fonts
        times = []
        for _ in range(int(repeat)):
            start = time.perf_counter()
            build(Path(issue), Project(Path(root)), formats, Path(out), **kept)
            times.append(time.perf_counter() - start)
        result[issue] = statistics.median(times)
    if worker:
        worker.close()
    print(json.dumps(result))
if __name__ == "__main__":
    main()
"""


def warm(root: Path, issues: list[Path], formats: tuple[str, ...], out: Path, repeat: int,
         served: bool = False) -> dict[str, float]:
    """Rebuild times inside one process that has built each issue once already (median);
    `served`: as `typeset serve` builds a job handed to it (the laid-out pages kept, the DOCX
    drawn in its warm worker process meanwhile)."""
    script = Path(out).parent / "warm_probe.py"  # a file: the worker process is spawned from it
    script.write_text(WARM_PROBE, "utf-8")
    cmd = [sys.executable, str(script), str(root), str(out), ",".join(formats), str(repeat),
           "served" if served else "plain", *map(str, issues)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"benchmark: warm rebuild failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


SERVER_PROBE = """
import json, sys, time
from pathlib import Path
from typeset.build import Project
from typeset.serve.drawers import Drawers
from typeset.serve.preview import IssuePreview
root, issue, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
drawers = Drawers(1).start()
preview = IssuePreview(Project(root), issue, "bench", drawers.assign())
preview.rebuild()
preview.finish()
text = issue.read_text("utf-8")
line = [l for l in text.splitlines() if "title:" in l and len(l.split("title:", 1)[1].strip()) > 4][-1]
rows = {k: [] for k in ("pdf", "pdf_cpu", "images", "all", "all_cpu", "finish", "finish_cpu", "html", "html_cpu",
                        "laid_out")}
for k in range(repeat):  # one character of the last title, alternately changed and restored
    issue.write_text(text.replace(line, line[:-1] + "改") if k % 2 == 0 else text, "utf-8")
    preview.rebuild()
    g, t = preview.good, preview.good.timings
    assert not preview.problems, preview.problems
    preview.finish()  # the print PDF and the DOCX, after the preview
    start, cpu = time.perf_counter(), time.process_time()
    preview.web()
    rows["html"].append(time.perf_counter() - start)
    rows["html_cpu"].append(time.process_time() - cpu)
    rows["pdf"].append(t["compose"] + t["pdf"])
    rows["pdf_cpu"].append(t["cpu_compose"] + t["cpu_pdf"])
    rows["images"].append(t["images"])
    rows["all"].append(t["all"])
    rows["all_cpu"].append(t["cpu_compose"] + t["cpu_pdf"] + t["cpu_images"])
    rows["finish"].append(t["finish"])
    rows["finish_cpu"].append(t["cpu_finish"])
    rows["laid_out"].append(g.laid_out)
issue.write_text(text, "utf-8")
drawers.close()
out = {k: min(v) for k, v in rows.items()}
out["pages"] = len(preview.good.pages)
print(json.dumps(out))
"""


def server_rebuild(root: Path, issue: Path, repeat: int) -> dict[str, float]:
    """The preview server's rebuild after an edit (in a process of its own, as `typeset serve` runs it):
    the minimum over `repeat` edits of each figure, wall and CPU (a busy machine stretches the wall time)."""
    cmd = [sys.executable, "-c", SERVER_PROBE, str(root), str(issue), str(repeat)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"benchmark: server rebuild failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def hand_over(project: Path, runs: int, out: Path) -> float:
    """`typeset build` in a project with `typeset serve` running: the job is built by the server."""
    import re

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([*typeset_command(), "serve", "--port", "0"], cwd=project, env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()
        if not re.search(r"http://127\.0\.0\.1:\d+/", line):
            sys.exit(f"benchmark: typeset serve did not start: {line}")
        cmd = [*typeset_command(), "build", SAMPLE, "-o", str(out)]
        run(cmd, cwd=project)  # the server's first build loads its fonts
        probe = run(cmd, cwd=project)
        if "typeset serve" not in probe.stderr:
            sys.exit(f"benchmark: the build was not handed over:\n{probe.stderr}")
        seconds, _ = median_runs(cmd, runs, cwd=project)
    finally:
        server.terminate()
        server.wait(15)
        server.stdout.close()
    return seconds


BOOK_PROBE = """
import json, resource, sys, time
from pathlib import Path
from typeset.book.make import make_book
from typeset.book.select import Span
from typeset.build import Project
root, out, span = sys.argv[1:]
v = make_book(Project(Path(root)), Span.parse(span, False), Path(out))
print(json.dumps({"built": v.built, "issues": v.issues, "pages": v.front_pages + v.pages,
                  "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def tree_pss_mb(pid: int) -> float:
    """Memory of a process and all its descendants at this moment: the sum of their PSS
    (shared pages divided among the processes sharing them, so forked workers are not
    counted twice), from /proc (Linux); 0 where it cannot be read."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def book_run(root: Path, out: Path, span: str) -> tuple[float, float, float, dict]:
    """One fresh process binding the volume: (wall seconds, CPU seconds of it and its workers,
    peak PSS of its process tree sampled every 200 ms, what it reports)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", BOOK_PROBE, str(root), str(out), span], cwd=ROOT,
                                stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_pss_mb(proc.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if proc.returncode != 0:
            sys.exit(f"benchmark: typeset book failed:\n{stderr.read().decode('utf-8', 'replace')}")
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, cpu, peak, json.loads(stdout.read().decode().splitlines()[-1])


def volume(work: Path, count: int) -> list[Row]:
    """`typeset book` of `count` issues of 4–5 pages (the fixtures, as in the batch row): the
    whole year from nothing, then after editing one issue's paragraph, then its title (the
    contents is drawn again), then with nothing changed."""
    root = temp_project(work / "volume")
    docs = fixtures()
    paths = []
    for i in range(count):
        name, data = numbered(docs[i % len(docs)], i + 1)
        paths.append(write_issue(root / "issues" / str(data["date"].year) / name, data))
    year = str(yaml.safe_load(paths[0].read_text("utf-8"))["date"].year)
    out = work / "volume-out"
    t, cpu, peak, first = book_run(root, out, year)
    bound = f"{first['issues']} issues, {first['pages']} pages"
    rows = [Row(f"`typeset book {year}` from nothing ({bound}), 2 processes", f"{secs(t)} (CPU {cpu:.1f} s)",
                f"≤ {BOOK_S:.0f} s", t <= BOOK_S)]
    rows.append(Row("peak memory of the book (PSS of its process tree, sampled)", f"{peak:.0f} MB",
                    f"≤ {BOOK_RSS_MB} MB", 0 < peak <= BOOK_RSS_MB))
    rows.append(Row("peak RSS: binding process / largest worker",
                    f"{first['main_mb']:.0f} MB / {first['worker_mb']:.0f} MB"))
    edited = paths[count // 2]
    data = yaml.safe_load(edited.read_text("utf-8"))
    article = data["sections"][0]["articles"][0]
    for what, change in (("a paragraph", "paragraphs"), ("a title", "title")):
        if change == "paragraphs":
            first_para = article["paragraphs"][0]
            article["paragraphs"][0] = (first_para + "（补记）") if isinstance(first_para, str) else first_para
        else:
            article["title"] = (article["title"] + "（修订）") if isinstance(article["title"], str) \
                else [*article["title"][:-1], article["title"][-1] + "（修订）"]
        write_issue(edited, data)
        t, cpu, _, again = book_run(root, out, year)
        rows.append(Row(f"rebuild after editing {what} of one issue ({again['built']} built)",
                        f"{secs(t)} (CPU {cpu:.1f} s)",
                        f"≤ {BOOK_REBUILD_S:.0f} s", t <= BOOK_REBUILD_S and again["built"] == 1))
    t, cpu, _, same = book_run(root, out, year)
    rows.append(Row(f"`typeset book {year}` with nothing changed ({same['built']} built)",
                    f"{secs(t)} (CPU {cpu:.1f} s)"))
    rows.append(Row("load average (1 min) after the volume rows", f"{os.getloadavg()[0]:.1f}"))
    return rows


def proof_rows(work: Path, count: int, runs: int) -> list[Row]:
    """`typeset proof` (every issue of a project) and `typeset check`'s share of it, cold."""
    root = temp_project(work / "proof")
    docs = fixtures()
    for k in range(1, count + 1):
        name, data = numbered(docs[k % len(docs)], k)
        write_issue(root / "issues" / "batch" / name, data)
    ts = typeset_command()
    t, rss = median_runs([*ts, "proof"], runs, cwd=root)
    return [Row(f"cold `typeset proof` over {count} issues", secs(t), f"≤ {PROOF_S} s", t <= PROOF_S),
            Row("peak RSS, `typeset proof`", f"{rss:.0f} MB")]


def office_fonts(work: Path) -> dict[str, str]:
    """Environment for LibreOffice that sees the stand-in faces under the official names, as an
    office machine sees the official faces (without it, no face here draws Chinese at all)."""
    from fontTools.ttLib import TTFont

    stand_in = ROOT / "fonts" / "stand-in"
    spec = yaml.safe_load((ROOT / "layouts" / "briefing" / "layout.yaml").read_text("utf-8"))
    aliases = []
    for role in spec["fonts"].values():
        path = stand_in / role["stand_in"]
        if path.is_file():
            family = TTFont(path, lazy=True)["name"].getBestFamilyName()
            aliases += [f'<alias binding="same"><family>{name}</family><prefer><family>{family}</family></prefer>'
                        "</alias>" for name in role["faces"]]
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"<dir>{stand_in}</dir>\n<cachedir>{work / 'fc-cache'}</cachedir>\n" + "\n".join(aliases)
        + "\n</fontconfig>\n", "utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def libreoffice_command(docx: Path, work: Path) -> tuple[list[str], dict[str, str]] | None:
    """`soffice --headless --convert-to pdf` of the DOCX, and its environment (after one warm-up run)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    profile = (work / "lo-profile").as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
           "--outdir", str(work / "lo"), str(docx)]
    env = office_fonts(work)
    run(cmd, env=env)  # creates the profile and the font cache
    return cmd, env


def side_by_side(ours: list[str], office: tuple[list[str], dict[str, str]], runs: int) -> dict[str, float]:
    """A cold `typeset build` and LibreOffice converting the same DOCX, alternately in one run:
    the minimum wall and CPU seconds of each (the least disturbed run of each on a busy machine)."""
    mine, theirs = [], []
    for _ in range(runs):
        for cmd, env, into in ((ours, None, mine), (office[0], office[1], theirs)):
            r = run(cmd, env=env)
            if r.code != 0:
                sys.exit(f"benchmark: {' '.join(cmd)} failed ({r.code}):\n{r.stderr}")
            into.append(r)
    return {"ours": min(r.seconds for r in mine), "ours_cpu": min(r.cpu for r in mine),
            "lo": min(r.seconds for r in theirs), "lo_cpu": min(r.cpu for r in theirs)}


def office_rows(work: Path, runs: int) -> list[Row]:
    """The cold build of the sample (median) and beside LibreOffice converting its DOCX."""
    ts = typeset_command()
    out = work / "out"
    both, _ = median_runs([*ts, "build", SAMPLE, "-o", str(out)], runs)
    rows = [Row(f"cold `typeset build {SAMPLE}` (PDF+DOCX)", secs(both), f"≤ {COLD_FULL_S} s", both <= COLD_FULL_S)]
    office = libreoffice_command(out / f"{SAMPLE}.docx", work)
    if office is None:
        return rows + [Row("reference: LibreOffice", "soffice not installed")]
    return rows + office_ratio(ts, office, runs, work)


def office_ratio(ts: list[str], office: tuple[list[str], dict[str, str]], runs: int, work: Path) -> list[Row]:
    sb = side_by_side([*ts, "build", SAMPLE, "-o", str(work / "side")], office, runs)
    ratio, ratio_cpu = sb["ours"] / sb["lo"], sb["ours_cpu"] / sb["lo_cpu"]
    return [Row(f"reference: LibreOffice DOCX → PDF of {SAMPLE}, wall / CPU",
                f"{secs(sb['lo'])} / {secs(sb['lo_cpu'])}"),
            Row(f"cold `typeset build {SAMPLE}` beside it (alternating runs), wall / CPU",
                f"{secs(sb['ours'])} / {secs(sb['ours_cpu'])}"),
            Row("cold build ÷ LibreOffice, wall / CPU", f"{ratio:.2f} / {ratio_cpu:.2f}",
                f"≤ {COLD_VS_OFFICE}", ratio <= COLD_VS_OFFICE),
            Row("load average (1 min) after these rows", f"{os.getloadavg()[0]:.1f}")]


# --- report -----------------------------------------------------------------------------------

def table(rows: list[Row]) -> str:
    heads = ("measure", "result", "target", "")
    cells = [heads] + [(r.what, r.value, r.target, r.status) for r in rows]

    def width(s: str) -> int:  # CJK characters take two columns
        return sum(2 if ord(c) > 0x2E7F else 1 for c in s)

    widths = [max(width(c[i]) for c in cells) for i in range(4)]
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(s + " " * (w - width(s)) for s, w in zip(c, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def secs(s: float) -> str:
    return f"{s:.3f} s"


def calibrate_row(ts: list[str], project_root: Path, sized: tuple[Path, int], work: Path) -> Row:
    """`typeset calibrate` of an 8-page issue set off its settings, against its own PDF as the official."""
    path, pages = sized
    official = work / "official"
    run([*ts, "build", str(path), "--format", "pdf", "-o", str(official)], cwd=project_root)
    data = yaml.safe_load(path.read_text("utf-8"))
    data["composition"] = {"condense": 0.3, "autospace": 2.0}
    off = write_issue(path.with_name("calibrate-" + path.name), data)
    r = run([*ts, "calibrate", str(off), str(next(official.glob("*.pdf")))], cwd=project_root)
    return Row(f"`typeset calibrate`, {pages}-page issue", secs(r.seconds) if r.code == 0 else "failed",
               f"≤ {CALIBRATE_S:.0f} s", r.code == 0 and r.seconds <= CALIBRATE_S)


def workbench_rows(runs: int) -> list[Row]:
    """From 保存 in the workbench to the updated page images (bench/workbench.py), measured alone."""
    sys.path.insert(0, str(ROOT / "bench"))
    import workbench

    with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
        times, cpu = workbench.save_to_images(Path(tmp), max(runs, 5))
    m = workbench.median(times)
    return [Row(f"workbench: from 保存 of {SAMPLE} to its updated page images (median of {len(times)}), "
                "wall / CPU of the server and its drawers", f"{secs(m)} / {secs(workbench.median(cpu))}",
                f"≤ {workbench.SAVE_TO_IMAGES_S} s", m <= workbench.SAVE_TO_IMAGES_S)]


def page_rows(runs: int) -> list[Row]:
    """The workbench page in Chromium (bench/page.py): interactive after navigation, one keystroke's work."""
    sys.path.insert(0, str(ROOT / "bench"))
    import page

    with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
        f = page.page_figures(Path(tmp), runs)
    return [Row(f"workbench: the issue page of {SAMPLE} with its form interactive after navigation "
                f"(median of {f['runs']})", secs(f["interactive"]), f"≤ {page.INTERACTIVE_S} s",
                f["interactive"] <= page.INTERACTIVE_S),
            Row(f"workbench: the page's work per keystroke in a paragraph of a {f['pages']}-page issue (median)",
                f"{f['keystroke_ms']:.1f} ms", f"≤ {page.KEYSTROKE_MS:g} ms", f["keystroke_ms"] <= page.KEYSTROKE_MS)]


def editors_rows(editors: int = 20, seconds: float = 60) -> list[Row]:
    """Editors logged in at once, each saving every few seconds (bench/office.py), loopback only."""
    sys.path.insert(0, str(ROOT / "bench"))
    import office

    with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
        r = office.editors_saving(Path(tmp), editors, seconds)
    intact = not (r["lost"] or r["mixed"] or r["commits_off"] or r["errors"])
    return [Row(f"office: {editors} editors saving every ~3 s for {seconds:.0f} s: saves (conflicts retried), "
                "none lost or mixed, one commit each under its editor", f"{r['saves']} ({r['conflicts']})"
                + ("" if intact else f" {r['lost'] + r['mixed'] + r['commits_off'] + r['errors']}"[:200]),
                "all kept", intact),
            Row("office: save-to-preview, 95th percentile (median)", f"{secs(r['p95'])} ({secs(r['median'])})",
                f"≤ {office.P95_S:.0f} s", r["p95"] <= office.P95_S),
            Row("office: the save's own answer (conflicts retried), 95th percentile (median)",
                f"{secs(r['answered_p95'])} ({secs(r['answered_median'])})"),
            Row("office: the server's CPU per save (its drawers and DOCX worker included)",
                f"{r['cpu_per_save']:.2f} s"),
            Row("office: the server's peak memory (its drawers and DOCX worker included)", f"{r['peak_mb']:.0f} MB",
                f"≤ {office.MEMORY_MB} MB", r["peak_mb"] <= office.MEMORY_MB)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per cold figure (median)")
    parser.add_argument("--issues", type=int, default=100, help="issues in the batch and volume rows")
    parser.add_argument("--only", choices=["book", "office", "workbench", "editors", "proof", "batch"],
                        help="only the rows of the year's volume (typeset book), of the cold build "
                             "beside LibreOffice, of the workbench (保存 to page images; the page in "
                             "Chromium), of 20 editors saving at once (bench/office.py), of proofreading "
                             "a year (typeset proof), or of `build --all` (from nothing, unchanged, one "
                             "edit, --force)")
    args = parser.parse_args()
    if args.only == "workbench":
        print(table(workbench_rows(args.runs) + page_rows(args.runs)))
        return 0
    if args.only == "editors":  # 20 editors logged in and saving for a minute (bench/office.py)
        print(table(editors_rows()))
        return 0
    if args.only == "proof":
        with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
            rows = proof_rows(Path(tmp), args.issues, args.runs)
        print(table(rows))
        return 0
    if args.only == "batch":
        full = ("pdf", "docx") if has_docx() else ("pdf",)
        with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
            project = temp_project(Path(tmp) / "project")
            t, cpu, pages = batch(project, args.issues, full, Path(tmp) / "batch-out")
            rows = [Row(f"`typeset build --all`: {args.issues} issues ({pages} pages, {'+'.join(full).upper()}), "
                        f"{os.cpu_count()} processes", f"{secs(t)} (CPU {cpu:.1f} s)", f"≤ {BATCH_S:.0f} s",
                        t <= BATCH_S)]
            rows += unchanged_rows(project, args.issues, full, Path(tmp) / "batch-out")
        print(table(rows))
        return 0
    if args.only == "book":
        with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
            rows = volume(Path(tmp), args.issues)
        print(table(rows))
        return 0
    if args.only == "office":
        with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
            rows = office_rows(Path(tmp), args.runs)
        print(table(rows))
        return 0
    ts = typeset_command()
    docx = has_docx()
    full = ("pdf", "docx") if docx else ("pdf",)
    rows: list[Row] = []
    notes: list[str] = []
    print(f"benchmark: {os.cpu_count()} cores, {args.runs} runs per cold figure, Python {sys.version.split()[0]}",
          flush=True)

    with tempfile.TemporaryDirectory(prefix="typeset-bench-") as tmp:
        work = Path(tmp)
        out = work / "out"

        # cold builds of the sample issue
        pdf_only, rss_pdf = median_runs([*ts, "build", SAMPLE, "--format", "pdf", "-o", str(out)], args.runs)
        if docx:
            both, rss = median_runs([*ts, "build", SAMPLE, "-o", str(out)], args.runs)
            rows.append(Row(f"cold `typeset build {SAMPLE}` (PDF+DOCX)", secs(both), f"≤ {COLD_FULL_S} s",
                            both <= COLD_FULL_S))
        else:
            rss = rss_pdf
            rows.append(Row(f"cold `typeset build {SAMPLE}` (PDF+DOCX)", "unavailable", f"≤ {COLD_FULL_S} s"))
            notes.append("DOCX: no DOCX writer (typeset.writers.docx) yet; PDF+DOCX rows not measured.")
        rows.append(Row(f"cold `typeset build {SAMPLE} --format pdf`", secs(pdf_only)))

        # warm rebuild in one process
        sample = next(p for p in sorted((ROOT / "issues").rglob(f"{SAMPLE}.yaml")))
        w = warm(ROOT, [sample], full, work / "warm-out", repeat=5, served=True)[str(sample)]
        rows.append(Row(f"warm rebuild of {SAMPLE} in `typeset serve` (pages kept, DOCX in its worker; "
                        f"{'+'.join(full).upper()})", secs(w), f"≤ {WARM_S} s", w <= WARM_S))
        w = warm(ROOT, [sample], full, work / "warm-out", repeat=5)[str(sample)]
        rows.append(Row(f"warm rebuild of {SAMPLE}, a plain build() again in one process", secs(w)))

        # the preview server (tracker issue 14)
        served = temp_project(work / "served")
        (served / "issues" / "2024").mkdir()
        shutil.copy(sample, served / "issues" / "2024" / sample.name)
        sr = server_rebuild(served, served / "issues" / "2024" / sample.name, repeat=7)
        rows.append(Row(f"server rebuild of {SAMPLE} after an edit: the changed pages' PDFs ({sr['laid_out']:.0f} of "
                        f"{sr['pages']} pages drawn anew), wall / CPU", f"{secs(sr['pdf'])} / {secs(sr['pdf_cpu'])}",
                        f"≤ {SERVER_PDF_S} s CPU", sr["pdf_cpu"] <= SERVER_PDF_S))
        rows.append(Row("server rebuild: page images of the changed pages", secs(sr["images"])))
        rows.append(Row("server rebuild: read, composed, those PDFs and page images (the preview ready), "
                        "wall / CPU (all in its drawer process)", f"{secs(sr['all'])} / {secs(sr['all_cpu'])}",
                        f"≤ {SERVER_ALL_S} s CPU", sr["all_cpu"] <= SERVER_ALL_S))
        rows.append(Row("server rebuild: then the print PDF (one document) and the DOCX, made when the editors "
                        "pause, wall / CPU", f"{secs(sr['finish'])} / {secs(sr['finish_cpu'])}"))
        rows.append(Row(f"HTML writer, warm ({SAMPLE}), wall / CPU", f"{secs(sr['html'])} / {secs(sr['html_cpu'])}"))
        rows += workbench_rows(args.runs)
        rows += page_rows(args.runs)
        rows += editors_rows()
        if docx:
            h = hand_over(served, args.runs, work / "handed")
            rows.append(Row(f"`typeset build {SAMPLE}` handed to a running server (PDF+DOCX)", secs(h),
                            f"< cold {secs(both)}", h < both))

        # quick commands
        for label, cmd in (("cold `typeset check` (whole series)", [*ts, "check"]),
                           ("cold `typeset --help`", [*ts, "--help"])):
            t, _ = median_runs(cmd, args.runs)
            rows.append(Row(label, secs(t), f"≤ {QUICK_S} s", t <= QUICK_S))

        # the batch
        project = temp_project(work / "project")
        t, cpu, pages = batch(project, args.issues, full, work / "batch-out")
        rows.append(Row(f"`typeset build --all`: {args.issues} issues ({pages} pages, {'+'.join(full).upper()}), "
                        f"{os.cpu_count()} processes",
                        f"{secs(t)} (CPU {cpu:.1f} s)", f"≤ {BATCH_S:.0f} s", t <= BATCH_S))
        rows += unchanged_rows(project, args.issues, full, work / "batch-out")

        # LibreOffice as the reference
        docx_file = out / f"{SAMPLE}.docx"
        if docx and docx_file.exists():
            office = libreoffice_command(docx_file, work)
            if office is None:
                notes.append("LibreOffice: soffice not installed; reference row skipped.")
            else:
                rows += office_ratio(ts, office, args.runs, work)
        else:
            notes.append("LibreOffice: no DOCX to convert; reference row skipped.")

        # memory and size
        rows.append(Row(f"peak RSS, cold build of {SAMPLE}", f"{rss:.0f} MB", f"≤ {RSS_MB} MB", rss <= RSS_MB))
        size = (out / f"{SAMPLE}.pdf").stat().st_size / 1024
        rows.append(Row(f"PDF size of {SAMPLE}", f"{size:.0f} KB", f"≤ {PDF_KB} KB", size <= PDF_KB))

        # cost by number of pages
        sized_project = temp_project(work / "sized")
        sized = sized_issues(sized_project)
        warm_sized = warm(sized_project, [p for p, _ in sized.values()], full, work / "sized-out", repeat=5)
        for path, pages in sized.values():
            cmd = [*ts, "build", str(path), "--format", ",".join(full), "-o", str(work / "sized-out")]
            t, r = median_runs(cmd, max(3, args.runs // 2), cwd=sized_project)
            rss = max(rss, r)
            w = warm_sized[str(path)]
            per_page = f"{w / pages * 1000:.0f} ms a page"
            rows.append(Row(f"{pages}-page issue: cold / warm", f"{secs(t)} / {secs(w)} ({per_page})"))
        # Linear cost: each further page costs the same, from the smallest issue to the largest.
        steps = [(sized[a], sized[b]) for a, b in zip(SIZES, SIZES[1:], strict=False)]
        marginal = [(warm_sized[str(pb)] - warm_sized[str(pa)]) / (nb - na) for (pa, na), (pb, nb) in steps]
        shown = ", ".join(f"{na}→{nb}: {m * 1000:.0f}" for ((_, na), (_, nb)), m in zip(steps, marginal, strict=True))
        rows.append(Row("warm ms per further page", shown, "last ≤ 1.25 × first",
                        marginal[-1] <= 1.25 * marginal[0]))
        rows.append(Row("peak RSS, any cold build above", f"{rss:.0f} MB", f"≤ {RSS_MB} MB", rss <= RSS_MB))
        rows.append(calibrate_row(ts, sized_project, sized[8], work))

        # the year's volume
        rows += volume(work, args.issues)
        rows += proof_rows(work, args.issues, args.runs)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        notes.append(f"largest child process of the whole run (LibreOffice and pool workers included): "
                     f"{children:.0f} MB")

    print(table(rows))
    for n in notes:
        print(f"note: {n}")
    failed = [r.what for r in rows if r.ok is False]
    print(f"targets: {sum(r.ok is True for r in rows)} ok, {len(failed)} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
