#!/usr/bin/env python
"""Shift-start sign-in load (issue 13 point 13): 200 members a second sign in to their briefings for 60 s.

    .venv/bin/python benchmarks/briefing_load.py                                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5434/briefing_bench .venv/bin/python benchmarks/briefing_load.py
    .venv/bin/python benchmarks/briefing_load.py --seconds 10 --rate 50          # a quick look

It builds a group of `--teams` teams (10 per workshop, 10 workshops per branch; by default as many as `--rate` ×
`--seconds` first sign-ins need) of `--members` members each, bulk-inserted: every member has a login (a User linked
to the Person, the employee role in the team, a session made directly in the session store) and the three levels of
induction passed plus a recent refresher for the group's refresher requirement, so the clearance the service judges
is real and says yes (`--uncleared` leaves a share without an induction: they are refused, and counted apart). A
group procedure and one per branch are in force (teams.services.procedures), every team has its settings, and
today's briefing of every team is drafted and opened by the services (briefing_today, briefing_open: the roster rows
are theirs), its start moved so that the whole run is inside the sign-in window.

Then it starts `zeroharm serve` (gunicorn, `--workers` 4) and drives POST /api/v1/teams/briefings/{id}/sign-in/ open
loop: sign-ins are due evenly at `--rate` a second (members in random order, so all teams sign in at once) and
`--threads` threads send each when it is due, with the briefing's current QR code computed per request. One member in
20 sends twice: half of them again after the answer (a resend after a dropped connection: it must answer 400 "signed
in already"), half twice at the same moment (a double tap racing itself: one must be signed in, the other told so).

Then it compares the database with what was answered: every member answered 200 has exactly one signed-in (present
or late) row and one "signed in" step in its history, the signed-in rows are as many as the members answered 200, no
resend made a second step. Printed: requests sent and the rate achieved, p50/p95/p99/max per request, errors by
status, the check, and the CPU of the server (and of the PostgreSQL cluster). `--profile N` then signs N more
members in in-process (no server, one request at a time) and shows where one sign-in's time goes. Figures are
printed, not asserted: they depend on the machine (and the driver shares it with the server and the database). With
DATABASE_URL the database it names is dropped and created again (as exam_load.py does): a throwaway cluster's only.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import math
import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/briefing_load.py` puts benchmarks/ on the path, not the repository
    sys.path.insert(0, str(ROOT))

from benchmarks.briefing_load_data import CHECKS, Member, _into_window, build, load_average  # noqa: E402
from benchmarks.briefing_load_profile import profile  # noqa: E402


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[int, str, object, float, float, str]] = []  # member, kind, status, s, lag, tag
        self.unsent = 0

    def record(self, member: int, kind: str, status, seconds: float, lag: float, tag: str) -> None:
        with self.lock:
            self.requests.append((member, kind, status, seconds, lag, tag))


def _tag(status, body: bytes) -> str:
    """What an answer says, in a word: signed, already, refused, or the error."""
    text = body.decode("utf-8", "replace")
    if status == 200:
        return "signed" if '"status":"present"' in text or '"status":"late"' in text else "200 without a sign-in"
    if status == 400 and "already" in text:
        return "already"
    if status == 403 and "may not start work" in text:
        return "refused"
    return f"{status} {text[:160]}"


def _post(port: int, member: Member, csrf: str) -> tuple[object, bytes]:
    from django.utils import timezone

    from zeroharm.core.signin_codes import qr_code

    body = json.dumps({"code": qr_code(member.secret, timezone.now()), "method": "qr", "checks": CHECKS, "heard": True})
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Cookie": f"sessionid={member.session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Host": "127.0.0.1",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", f"/api/v1/teams/briefings/{member.briefing}/sign-in/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError as exc:
        return type(exc).__name__, b""
    finally:
        connection.close()


def schedule(members: list[Member], rate: float, seconds: float, resend_every: int, rng: random.Random):
    """[(due, member index, kind)]: a first sign-in every 1/rate s in random order, a racing twin at the same moment."""
    order = list(range(len(members)))
    rng.shuffle(order)
    order = order[: int(rate * seconds)]
    slots = []
    for n, index in enumerate(order):
        due = n / rate
        slots.append((due, index, "first"))
        if resend_every and n % resend_every == resend_every - 1:
            members[index].resend = "after" if (n // resend_every) % 2 == 0 else "race"
            if members[index].resend == "race":
                slots.append((due, index, "race"))
    return slots


def drive(members: list[Member], slots, port: int, threads: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    state = {"next": 0}
    lock = threading.Lock()
    started = time.monotonic() + 0.5
    last = started + seconds + 5  # a slot still not sent by then: the driver fell that far behind

    def sender():
        csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as the header token
        while True:
            with lock:
                n = state["next"]
                state["next"] += 1
            if n >= len(slots):
                return
            due, index, kind = slots[n]
            wait = started + due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            elif time.monotonic() > last:
                with tally.lock:
                    tally.unsent += 1
                continue
            member = members[index]
            for attempt in ("", "after") if member.resend == "after" and kind == "first" else ("",):
                sent = time.monotonic()
                status, body = _post(port, member, csrf)
                took = time.monotonic() - sent
                tally.record(index, attempt or kind, status, took, max(0.0, sent - started - due), _tag(status, body))

    pool = [threading.Thread(target=sender) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return tally, time.monotonic() - started


def _warm_up(members: list[Member], port: int) -> None:
    """Sign one team in, four at a time, before the run: each worker loads the URLs, the views and their caches on
    its first requests, which are no shift's."""
    threads = [
        threading.Thread(target=lambda part=members[n::4]: [_post(port, m, "w" * 32) for m in part]) for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.5)


#
# The check
#


def check(members: list[Member], tally: Tally) -> dict[str, int]:
    from django.db.models import Count

    from zeroharm.teams.models import BriefingAttendance

    mine = {member.person for member in members}  # not the warm-up's sign-ins
    signed = {
        person
        for person in BriefingAttendance.objects.filter(status__in=["present", "late"]).values_list(
            "person_id", flat=True
        )
        if person in mine
    }
    refused = set(BriefingAttendance.objects.filter(status="refused").values_list("person_id", flat=True))
    refused &= mine
    steps = collections.Counter(
        dict(
            BriefingAttendance.history.filter(history_change_reason="signed in")
            .values_list("person_id")
            .annotate(n=Count("history_id"))
            .values_list("person_id", "n")
        )
    )
    answered = collections.defaultdict(list)
    for index, kind, _status, _s, _lag, tag in tally.requests:
        answered[index].append((kind, tag))
    ok = {members[i].person for i, answers in answered.items() if any(tag == "signed" for _k, tag in answers)}
    told_refused = {members[i].person for i, answers in answered.items() if any(t == "refused" for _k, t in answers)}
    # An uncleared member is refused again (each refusal is judged and kept); a cleared one is told "already".
    after = [answers for i, answers in answered.items() if members[i].resend == "after" and members[i].cleared]
    races = [answers for i, answers in answered.items() if members[i].resend == "race" and members[i].cleared]
    rows_per_member = BriefingAttendance.objects.values("briefing_id", "person_id").annotate(n=Count("id"))
    return {
        "signed in (200)": len(ok),
        "signed-in rows": len(signed),
        "lost": len(ok - signed),
        "signed without a 200": len(signed - ok),
        "duplicated (two 'signed in' steps)": sum(1 for n in steps.values() if n > 1),
        "roster rows doubled": rows_per_member.filter(n__gt=1).count(),
        "refused (403)": len(told_refused),
        "refused rows": len(refused),
        "refused of the cleared": sum(1 for m in members if m.person in told_refused and m.cleared),
        "cleared members resent after the answer": len(after),
        "of them told 'already'": sum(1 for a in after if [t for k, t in a if k == "after"] == ["already"]),
        "sent twice at once": len(races),
        "of them one signed, one 'already'": sum(1 for a in races if sorted(t for _k, t in a) == ["already", "signed"]),
        "of them signed twice": sum(1 for a in races if [t for _k, t in a].count("signed") > 1),
    }


#
# Where one sign-in's time goes
#


def _cpu(pid, reaped: bool = False) -> float:
    """CPU seconds of a process (Linux /proc), with those of its ended children it reaped."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11 : 15 if reaped else 13]) / os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> float:
    """CPU seconds of gunicorn so far: its master and workers, and any worker it replaced. Read while it runs: the
    workers' exit costs a second or more each, which is no request's (resource.getrusage after it ends counts it)."""
    children = [c for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    return _cpu(pid, reaped=True) + sum(_cpu(child) for child in children)


def _cluster_cpu() -> float:
    """CPU seconds of the PostgreSQL cluster so far: its postmaster and every backend, live and ended (Linux /proc;
    the cluster runs on this machine). Anyone else's queries on the same cluster count too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        pid = int((Path(cursor.fetchone()[0]) / "postmaster.pid").read_text().split()[0])
    total = _cpu(pid, reaped=True)  # the postmaster and the backends that ended
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            total += _cpu(child)
        except FileNotFoundError:  # ended since
            continue
    return total


def _ms(values: list[float], share: float) -> str:
    from benchmarks.exam_load import _percentile

    return f"{1000 * _percentile(values, share):.0f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long sign-ins are sent")
    parser.add_argument("--rate", type=float, default=200.0, help="first sign-ins a second")
    parser.add_argument("--members", type=int, default=20, help="members of a team")
    parser.add_argument("--teams", type=int, default=0, help="teams (default: as many as rate × seconds need)")
    parser.add_argument("--uncleared", type=float, default=0.0, help="share of members without an induction")
    parser.add_argument("--resend-every", type=int, default=20, help="one member in N sends twice (0: none)")
    parser.add_argument("--threads", type=int, default=100, help="sending threads (the most requests in flight)")
    parser.add_argument("--profile", type=int, default=0, help="then sign N more members in in-process, timed")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    print(f"load average before: {load_average()} on {os.cpu_count()} cores", flush=True)
    signins = int(options.rate * options.seconds)
    # One more team warms the workers up (its members sign in before the run), and a few for --profile.
    spare = 1 + (math.ceil((2 * options.profile + 1) / options.members) if options.profile else 0)
    teams = (options.teams or math.ceil(signins / options.members)) + spare
    var_dir = Path(tempfile.mkdtemp(prefix="zeroharm-briefing-load-"))
    try:
        return run(options, teams, spare, var_dir)
    finally:
        if options.keep:
            print(f"kept: {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


def run(options, teams: int, spare: int, var_dir: Path) -> int:
    from benchmarks.exam_load import setup_django, start_server

    started = time.perf_counter()
    setup_django(var_dir, options.port)
    from django.db import connection

    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(options.seed)
    members = build(teams, options.members, options.uncleared, rng)
    held_back = members[len(members) - spare * options.members :]
    members, warm, held_back = members[: -len(held_back)], held_back[: options.members], held_back[options.members :]
    slots = schedule(members, options.rate, options.seconds, options.resend_every, rng)
    print(
        f"built in {time.perf_counter() - started:.1f} s: {len(members):,} members, {len(slots):,} requests due "
        f"({options.rate:g}/s for {options.seconds:g} s)",
        flush=True,
    )
    connection.close()
    server = start_server(var_dir, options.port, options.workers)
    try:
        time.sleep(2)  # the workers finish loading Django
        _into_window(options.seconds)
        _warm_up(warm, options.port)
        postgres = connection.vendor == "postgresql"
        cluster_cpu = _cluster_cpu() if postgres else 0.0
        connection.close()
        server_cpu, client_cpu = _tree_cpu(server.pid), time.process_time()
        load_before = load_average()
        tally, elapsed = drive(members, slots, options.port, options.threads, options.seconds)
        server_cpu, client_cpu = _tree_cpu(server.pid) - server_cpu, time.process_time() - client_cpu
        cluster_cpu = _cluster_cpu() - cluster_cpu if postgres else 0.0
        load_after = load_average()
    finally:
        server.terminate()
        server.wait(timeout=60)
    result = check(members, tally)

    sent = len(tally.requests)
    latencies = sorted(seconds for *_x, seconds, _lag, _tag in tally.requests)
    lags = sorted(lag for *_x, lag, _tag in tally.requests)
    due = sorted(seconds + lag for *_x, seconds, lag, _tag in tally.requests)
    outcomes = collections.Counter(tag if len(tag) < 20 else tag.split()[0] for *_x, tag in tally.requests)
    print(f"load average at the start of the run: {load_before}, at its end: {load_after}")
    print(
        f"requests sent: {sent:,} in {elapsed:.1f} s ({sent / elapsed:.1f}/s; first sign-ins "
        f"{sum(1 for r in tally.requests if r[1] == 'first') / elapsed:.1f}/s), not sent (driver behind): "
        f"{tally.unsent}"
    )
    print("answers: " + ", ".join(f"{tag} {n:,}" for tag, n in outcomes.most_common()))
    errors = collections.Counter(tag for *_x, tag in tally.requests if tag not in ("signed", "already", "refused"))
    for tag, n in errors.most_common(8):
        print(f"  error ×{n}: {tag}")
    if latencies:
        print(
            f"per request: p50 {_ms(latencies, 0.5)} ms, p95 {_ms(latencies, 0.95)} ms, p99 {_ms(latencies, 0.99)} ms, "
            f"max {1000 * latencies[-1]:.0f} ms; sent behind schedule: p95 {_ms(lags, 0.95)} ms, "
            f"max {1000 * lags[-1]:.0f} ms; answered after it was due: p95 {_ms(due, 0.95)} ms"
        )
    print("check: " + ", ".join(f"{k} {v:,}" for k, v in result.items()))
    cpu = f"CPU: server {server_cpu:.1f} s ({1000 * server_cpu / max(sent, 1):.1f} ms a request)"
    if postgres:
        cpu += f", PostgreSQL {cluster_cpu:.1f} s ({1000 * cluster_cpu / max(sent, 1):.1f} ms a request)"
    print(
        f"{cpu}, driver {client_cpu:.1f} s; {os.cpu_count()} cores, {elapsed:.0f} s: {os.cpu_count() * elapsed:.0f} s"
    )
    if options.profile and held_back:
        profile([member for member in held_back if member.cleared], options.profile)
    bad = result["lost"] or result["duplicated (two 'signed in' steps)"] or result["roster rows doubled"]
    return 1 if bad or errors else 0


if __name__ == "__main__":
    sys.exit(main())
