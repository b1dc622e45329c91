"""Where one briefing sign-in's time goes (benchmarks/briefing_load.py `--profile N`): N more members signed in
in-process, one request at a time, with the queries and the service's steps timed."""

import collections
import statistics
import time

from benchmarks.briefing_load_data import CHECKS, Member, load_average


def profile(members: list[Member], count: int) -> None:
    """Sign `count` members in in-process (Django's test client, through every middleware, no other load), timing
    the service's parts (by wrapping them) and the SQL by statement; then `count` more under cProfile (which slows
    Python about twofold: its shares, not its milliseconds, are what it tells)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zeroharm.core.signin_codes import qr_code
    from zeroharm.teams.services import signin

    parts: dict[str, float] = collections.defaultdict(float)

    def wrapped(name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] += time.perf_counter() - started

        return timed

    def sql(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            parts["SQL: all statements"] += time.perf_counter() - started
            parts["SQL statements (count)"] += 1
            text = statement.upper()
            if "FOR UPDATE" in text:
                parts["SQL: the row lock (SELECT … FOR UPDATE)"] += time.perf_counter() - started

    def sign_in(member: Member) -> float:
        client = Client(SERVER_NAME="127.0.0.1")  # an allowed host: this is no test run
        client.cookies["sessionid"] = member.session
        body = {"code": qr_code(member.secret, timezone.now()), "method": "qr", "checks": CHECKS, "heard": True}
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(f"/api/v1/teams/briefings/{member.briefing}/sign-in/", body, "application/json")
        took = time.perf_counter() - started
        parts["CPU of this process (the whole request)"] += time.process_time() - cpu
        assert response.status_code == 200, response.content[:300]
        return took

    names = {
        "_sign_in_own": "service: _sign_in_own (checks, then the write)",
        "clearance_now": "  clearance_now (the stamp; judged anew if it moved)",
        "person_check_keys": "  person_check_keys (kept in the process)",
        "checklist_for": "  checklist_for (only when the answers differ)",
        "record_step_update": "  record_step_update (UPDATE + history row)",
        # before 058871b: the service read the facts and wrote with a locked row, in its transaction
        "clearance_for": "  clearance_for (6 queries; before 058871b)",
        "record_step_save": "  record_step_save (UPDATE + history row; before)",
    }
    names = {name: label for name, label in names.items() if hasattr(signin, name)}
    originals = {name: getattr(signin, name) for name in names}
    for name, function in originals.items():
        setattr(signin, name, wrapped(names[name], function))
    rows = []
    try:
        sign_in(members[0])  # warms the URLs, the serializers and the caches
        for member in members[1 : count + 1]:
            before = dict(parts)
            with connection.execute_wrapper(sql):
                took = sign_in(member)
            rows.append((took, {k: v - before.get(k, 0) for k, v in parts.items()}))
    finally:
        for name, function in originals.items():
            setattr(signin, name, function)
    print(f"\none sign-in in-process (median of {len(rows)}; load average {load_average()}):")
    whole = 1000 * statistics.median(t for t, _p in rows)
    print(f"  {'whole request (middleware, view, service, JSON)':52} {whole:7.2f} ms")
    for name in [
        "CPU of this process (the whole request)",
        *names.values(),
        "SQL: all statements",
        "SQL: the row lock (SELECT … FOR UPDATE)",
    ]:
        print(f"  {name:52} {1000 * statistics.median(p.get(name, 0) for _t, p in rows):7.2f} ms")
    print(f"  {'SQL statements (count)':52} {statistics.median(p['SQL statements (count)'] for _t, p in rows):7.0f}")
    floor = []
    for member in members[1 : count + 1]:  # the same members, signed in by now: their session and user are warm
        client = Client(SERVER_NAME="127.0.0.1")
        client.cookies["sessionid"] = member.session
        started = time.perf_counter()
        assert client.get("/api/v1/users/me/").status_code == 200
        floor.append(time.perf_counter() - started)
    floor_ms = 1000 * statistics.median(floor)
    print(f"  {'beside it: GET /api/v1/users/me/ (same stack, no write)':52} {floor_ms:7.2f} ms")
    profiler = cProfile.Profile()
    for member in members[count + 1 : 2 * count + 1]:
        profiler.runcall(sign_in, member)
    print("\nunder cProfile, the project's functions by cumulative time:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"zeroharm/", 22)


#
# The run
#
