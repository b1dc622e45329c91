#!/usr/bin/env python
"""Exam load (issue 12 point 15): 500 candidates take one exam at once, each saving an answer every ~6 s.

    .venv/bin/python benchmarks/exam_load.py                                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5436/zeroharm .venv/bin/python benchmarks/exam_load.py
    .venv/bin/python benchmarks/exam_load.py --candidates 100 --seconds 20   # a quick look

It builds the exam and the candidates (logins with sessions made directly in the session store, not 500 sign-ins,
and each candidate's paper), starts `zeroharm serve` (gunicorn, 4 workers), and drives the answer endpoint from
one thread per candidate for a fixed time: every candidate answers the next question of their paper every
`--every` seconds (first answers spread over one interval), and one save in 20 is sent twice (a resend after a
dropped connection). Then it compares the database with what was sent: every item must hold the newest answer sent
for it (0 lost), no item may hold one that was not the newest (0 overwritten by an older one), and the papers must
have exactly their questions (0 duplicated). Printed: saves sent, throughput, p50/p95/p99 per save, errors.
Figures are printed, not asserted: they depend on the machine (and the driver shares it with the server).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUESTIONS = {"single": 10, "multiple": 5, "true_false": 8}  # 23 questions on a paper
LETTERS = "ABCD"


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZEROHARM_", "DJANGO_"))}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="zeroharm.settings",
        ZEROHARM_VAR_DIR=str(var_dir),
        ZEROHARM_DEBUG="false",
        ZEROHARM_HTTPS="false",
        ZEROHARM_ALLOWED_HOSTS="127.0.0.1",
        ZEROHARM_SECRET_KEY="exam-load-benchmark-only",
        ZEROHARM_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        ZEROHARM_LOG_LEVEL="ERROR",
    )
    return env


def _fresh_postgres_database(url: str) -> None:
    """Drop and create the database the URL names (a throwaway cluster's: never point this at a real one)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(var_dir: Path, port: int) -> None:
    os.environ.update(_environment(var_dir, port))
    for path in (ROOT, ROOT / "src"):
        sys.path.insert(0, str(path))
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _fresh_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


#
# The exam and its candidates
#


def build(candidates: int, teams: int = 10) -> tuple[list[tuple[int, str, int]], int]:
    """[(paper id, session key, questions on it)], and the exam's id."""
    from django.utils import timezone

    from zeroharm.org.models import OrgUnit
    from zeroharm.org.trees import build_tree
    from zeroharm.training.models import Course, Exam, Question, QuestionBank

    build_tree(
        [("A", "Branch A", [("A1", "Workshop A1", [(f"T{i:02d}", f"Team {i}") for i in range(teams)])])],
        root_code="G",
        root_name="Group G",
    )
    branch = OrgUnit.objects.get(code="A")
    course = Course.objects.create(code="LOAD-1", title="Load", kind="refresher", hours=4, owner_unit=branch)
    bank = QuestionBank.objects.create(name="Load bank", owner_unit=branch)
    shapes = {"single": (["a", "b", "c", "d"], "A"), "multiple": (["a", "b", "c", "d"], "AB"), "true_false": ([], "T")}
    Question.objects.bulk_create(
        Question(bank=bank, kind=kind, text=f"{kind} {n}", options=shapes[kind][0], answer=shapes[kind][1])
        for kind, count in QUESTIONS.items()
        for n in range(count * 3)
    )
    now = timezone.now()
    exam = Exam.objects.create(
        title="Load exam",
        unit=branch,
        course=course,
        blueprint=QUESTIONS,
        opens_at=now - datetime.timedelta(minutes=5),
        closes_at=now + datetime.timedelta(hours=3),
        time_limit_minutes=120,
    )
    exam.banks.set([bank])
    return _candidates(exam, candidates, teams), exam.pk


def _candidates(exam, count: int, teams: int) -> list[tuple[int, str, int]]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.org.models import OrgUnit, Person
    from zeroharm.training.services.exam_papers import start_paper

    units = list(OrgUnit.objects.filter(code__startswith="T").order_by("code"))
    password = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"cand{n:04d}", email=f"cand{n:04d}@example.com", password=password) for n in range(count)
    )
    users = list(User.objects.filter(username__startswith="cand").order_by("username"))
    people = Person.objects.bulk_create(
        Person(employee_no=f"C{n:05d}", name=f"Candidate {n}", unit=units[n % teams], user=user)
        for n, user in enumerate(users)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role="employee", unit=units[n % teams]) for n, user in enumerate(users)
    )
    rows = []
    for user in User.objects.filter(pk__in=[u.pk for u in users]).select_related("person__unit"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "zeroharm.accounts.backends.UserBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        paper = start_paper(exam=exam, user=user)
        rows.append((paper.pk, session.session_key, paper.items.count()))
    assert len(people) == count
    return rows


#
# The server
#


def start_server(var_dir: Path, port: int, workers: int) -> subprocess.Popen:
    env = _environment(var_dir, port)
    log = open(var_dir / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [str(BIN / "zeroharm"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120  # only stops a hung start; nothing measured depends on it
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: see {var_dir / 'gunicorn.log'}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/login/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


#
# The candidates
#


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.sent = 0
        self.resent = 0
        # (paper, position) → (at, answer) of the newest save the server acknowledged
        self.newest: dict[tuple[int, int], tuple[int, str]] = {}

    def record(self, paper, position, at, answer, seconds, status):
        with self.lock:
            self.sent += 1
            if status == 200:
                self.latencies.append(seconds)
                key = (paper, position)
                if key not in self.newest or self.newest[key][0] < at:
                    self.newest[key] = (at, answer)
            else:
                self.errors[str(status)] = self.errors.get(str(status), 0) + 1


def _post(port, paper, session, csrf, position, answer, at) -> int:
    body = f"position={position}&answer={answer}&at={at}"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Host": "127.0.0.1",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", f"/training/papers/{paper}/answer/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def candidate(port, paper, session, questions, every, until, tally, rng):
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as the header token
    time.sleep(rng.uniform(0, every))
    position = 0
    while time.monotonic() < until:
        position = position % questions + 1
        answer = rng.choice(LETTERS)
        at = int(time.time() * 1000)
        for _attempt in range(2 if rng.random() < 0.05 else 1):
            started = time.perf_counter()
            try:
                status = _post(port, paper, session, csrf, position, answer, at)
            except OSError as exc:
                status = type(exc).__name__
            tally.record(paper, position, at, answer, time.perf_counter() - started, status)
        time.sleep(max(0.0, min(every * rng.uniform(0.8, 1.2), until - time.monotonic())))


def drive(rows, port, every, seconds) -> tuple[Tally, float]:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=candidate, args=(port, paper, session, questions, every, until, tally, random.Random(paper))
        )
        for paper, session, questions in rows
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def check(tally: Tally, rows) -> dict[str, int]:
    """Compare the database with the newest acknowledged save of each item."""
    from zeroharm.training.models import PaperItem

    stored = {
        (paper, position): (answer, answered_at)
        for paper, position, answer, answered_at in PaperItem.objects.filter(answered_at__isnull=False).values_list(
            "paper_id", "position", "answer", "answered_at"
        )
    }
    lost = sum(1 for key, (at, answer) in tally.newest.items() if stored.get(key, ("",))[0] != answer)
    older = sum(
        1
        for key, (_answer, when) in stored.items()
        if key in tally.newest and when.timestamp() * 1000 < tally.newest[key][0] - 1
    )
    items = PaperItem.objects.count()
    return {
        "items answered": len(stored),
        "items sent to": len(tally.newest),
        "lost": lost,
        "older kept": older,
        "duplicated items": items - sum(q for _p, _s, q in rows),
    }


def _process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc), e.g. gunicorn and its workers."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(child) for child in (task / "children").read_text().split()]
    for each in pids:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1] if len(values) > 1 else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--every", type=float, default=6.0, help="seconds between a candidate's answers")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the candidates answer")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    options = parser.parse_args(argv)
    var_dir = Path(tempfile.mkdtemp(prefix="zeroharm-exam-load-"))
    setup_django(var_dir, options.port)
    from django.db import connection

    print(f"database: {connection.vendor}; building {options.candidates} candidates…", flush=True)
    started = time.perf_counter()
    rows, _exam = build(options.candidates)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    connection.close()
    server = start_server(var_dir, options.port, options.workers)
    time.sleep(2)  # the workers finish loading Django
    startup_cpu = _process_tree_cpu(server.pid)
    client_cpu = time.process_time()
    try:
        tally, elapsed = drive(rows, options.port, options.every, options.seconds)
    finally:
        client_cpu = time.process_time() - client_cpu
        server.terminate()
        server.wait(timeout=60)
    # The server's CPU (gunicorn and its workers, reaped, less their start): what a save costs whatever else
    # the machine runs.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = usage.ru_utime + usage.ru_stime - startup_cpu
    result = check(tally, rows)
    lat = sorted(tally.latencies)
    print(
        f"saves sent: {tally.sent} in {elapsed:.1f} s ({tally.sent / elapsed:.1f}/s), acknowledged: {len(lat)}, "
        f"errors: {tally.errors or 0}"
    )
    if lat:
        print(
            f"per save: p50 {1000 * _percentile(lat, 0.5):.0f} ms, p95 {1000 * _percentile(lat, 0.95):.0f} ms, "
            f"p99 {1000 * _percentile(lat, 0.99):.0f} ms, max {1000 * lat[-1]:.0f} ms"
        )
    print("check: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    print(
        f"CPU: server {server_cpu:.1f} s ({1000 * server_cpu / max(tally.sent, 1):.1f} ms a save), "
        f"driver {client_cpu:.1f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if options.keep:
        print(f"kept: {var_dir}")
    else:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0 if not tally.errors and not result["lost"] and not result["duplicated items"] else 1


if __name__ == "__main__":
    sys.exit(main())
