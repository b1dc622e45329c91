"""The risk register: points chosen per workshop from data/risks_points.yaml, their hazard sources and controls
from data/risks_hazards.yaml, made through core.services; assessments through risks.services.assessment_create
on the days they were made; site plans for the busiest workshops through the upload check and
risks.services.risk_point_place.

Colours are handed out by rank of severity (a few red, some orange, many yellow, the rest blue), and each
assessment's factors are searched on the method's scales so that its score has that colour.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from zeroharm.demo.clock import at
from zeroharm.demo.context import Demo
from zeroharm.demo.data import load

__all__ = ["build_risks"]

KINDS = {"P": "place", "E": "equipment", "A": "activity", "J": "job"}
CONTROL_TYPES = {
    "X": "elimination",
    "S": "substitution",
    "G": "engineering",
    "A": "administrative",
    "P": "ppe",
    "M": "emergency",
}
HIERARCHY = list(CONTROL_TYPES.values())
# Who assesses: the persona responsible for the unit (by code prefix, longest first), else the group's.
ASSESSORS = [
    ("MACH-W01-T01", "monitor"),
    ("MACH-W01", "director"),
    ("MACH", "branch"),
    ("CHEM", "chemlead"),
    ("", "safety"),
]
PREFERRED_C = {
    "lec": {5: "40", 4: "15", 3: "7", 2: "3", 1: "1"},
    "ls": {5: "5", 4: "4", 3: "3", 2: "2", 1: "2"},
    "matrix": {5: "5", 4: "4", 3: "3", 2: "2", 1: "2"},
}


def _combinations() -> dict:
    """method → every factor combination on its scales: (l index, e index, c index, L, E, C, score, colour)."""
    from zeroharm.risks import scoring

    table = {}
    for method, scales in scoring.SCALES.items():
        l_scale, e_scale, c_scale = ([v for v, _l in s] if s else None for s in scales)
        exposures = list(enumerate(e_scale)) if e_scale else [(0, None)]
        rows = []
        for (li, lv), (ei, ev), (ci, cv) in itertools.product(enumerate(l_scale), exposures, enumerate(c_scale)):
            value = scoring.score(method, lv, ev, cv)
            rows.append((li, ei, ci, lv, ev, cv, value, scoring.color_for(method, value)))
        table[method] = rows
    return table


def _index(method: str, factor: int, value: str) -> int:
    from zeroharm.risks import scoring

    return [v for v, _label in scoring.SCALES[method][factor]].index(Decimal(value))


def _residual(rng, combos, method, color, severity, kind):
    """The current residual factors: the given colour, as close as possible to the point's profile."""
    want_c = _index(method, 2, PREFERRED_C[method][severity])
    if method == "lec":
        want_l = _index(method, 0, rng.choice(["1", "3", "3", "1", "0.5"]))
        want_e = _index(
            method, 1, rng.choice(["3", "3", "2", "1"]) if kind == "activity" else rng.choice(["6", "6", "10", "3"])
        )
    else:
        want_l, want_e = _index(method, 0, rng.choice(["2", "2", "3", "1"])), 0
    return min(
        (r for r in combos[method] if r[7] == color),
        key=lambda r: 3 * abs(r[2] - want_c) + 2 * abs(r[1] - want_e) + abs(r[0] - want_l) + rng.random(),
    )


def _inherent(rng, combos, method, residual):
    """Without controls: same consequence and exposure, a likelihood one or more steps higher."""
    from zeroharm.risks.choices import COLOR_RANK

    li, ei, ci = residual[:3]
    target = min(4, COLOR_RANK[residual[7]] + rng.choice([0, 1, 1, 1, 2]))
    higher = [r for r in combos[method] if r[1] == ei and r[2] == ci and r[0] < li]
    return min(higher, key=lambda r: (abs(COLOR_RANK[r[7]] - target), li - r[0])) if higher else residual


def _days_back(rng, color) -> int:
    """How long before the build date the current assessment was made (red is reviewed most often)."""
    return {
        "red": rng.choice([3, 6, 10, 15, 21, 28, 35]),
        "orange": rng.randint(3, 95),
        "yellow": rng.randint(3, 230),
    }.get(color, rng.randint(3, 350))


def _choose(rng, data, branch: str, workshop: str) -> list:
    specific = list(data["workshop_points"].get(workshop, []))
    target = data["points_per_workshop"].get(branch, 5)
    pool = [
        p
        for p in data["branch_points"].get(branch, []) + data["general_points"]
        if p[0] not in {s[0] for s in specific}
    ]
    chosen = rng.sample(specific, min(target, len(specific)))
    return chosen + rng.sample(pool, max(0, target - len(chosen)))


def _owner(rng, control_type, unit, workshop, staff):
    """Engineering belongs to the director, rules to the monitor or safety officer, PPE to the monitor."""
    director = workshop.principal
    officer = rng.choice(staff.officers(workshop) or [director])
    monitor = unit.principal or director
    if control_type in ("elimination", "substitution", "engineering"):
        return rng.choice([director, director, rng.choice(staff.members.get(unit.pk) or [monitor])])
    if control_type == "administrative":
        return rng.choice([monitor, officer])
    return monitor if control_type == "ppe" else rng.choice([officer, director])


def _plan_points(demo: Demo, rng, data) -> list[tuple]:
    """(unit, workshop, code, point data) for every workshop, its points on its teams where they belong."""
    planned = []
    for workshop in demo.of_kind("workshop"):
        branch = workshop.code.split("-")[0]
        teams = [u for u in demo.of_kind("team") if u.code.startswith(workshop.code + "-")]
        shifts = itertools.cycle(teams[:4] or [workshop])
        for n, point in enumerate(_choose(rng, data, branch, workshop.name), start=1):
            where = point[2]
            unit = next(shifts) if where == "t" else teams[-1] if where == "m" and teams else workshop
            planned.append((unit, workshop, f"RP-{workshop.code}-{n:03d}", point))
    return planned


def build_risks(demo: Demo):
    from zeroharm.core.services import record_create
    from zeroharm.demo.context import Staff
    from zeroharm.risks.models import Control, HazardSource, RiskPoint

    rng, data, library = demo.rng("risks"), load("risks_points"), load("risks_hazards")
    staff = Staff(demo, rng, [])
    combos = _combinations()
    planned = _plan_points(demo, rng, data)
    ranked = sorted(range(len(planned)), key=lambda i: -(planned[i][3][4] + rng.uniform(-1.3, 1.3)))
    colors, start = ["blue"] * len(planned), 0
    for color, share in data["color_shares"]:
        for i in ranked[start : start + max(1, round(share * len(planned)))]:
            colors[i] = color
        start += max(1, round(share * len(planned)))
    points = []
    with at(demo.setup_moment + datetime.timedelta(days=7)):
        for (unit, workshop, code, p), color in zip(planned, colors, strict=True):
            name, kind, _where, location, severity, keys, description = p
            user = demo.users[next(name for prefix, name in ASSESSORS if unit.code.startswith(prefix))]
            area, exchange = data["branch_phones"][workshop.code.split("-")[0]]
            point = record_create(
                model=RiskPoint,
                acting_user=user,
                data={
                    "unit": unit,
                    "code": code,
                    "name": name,
                    "kind": KINDS[kind],
                    "location": f"{workshop.name}{location}",
                    "description": description,
                    "emergency_measures": library["emergency"][library["hazards"][keys[0]][3]],
                    "emergency_phone": f"{area}-{exchange}{1100 + int(workshop.code[-2:]) * 10:04d}",
                },
            )
            for key in keys:
                text, cause, accidents, _emergency, _measures = library["hazards"][key]
                record_create(
                    model=HazardSource,
                    acting_user=user,
                    data={
                        "risk_point": point,
                        "description": text,
                        "cause_category": cause,
                        "accident_types": accidents[:3],
                    },
                )
            for control_type, text in _controls(rng, library, keys):
                record_create(
                    model=Control,
                    acting_user=user,
                    data={
                        "risk_point": point,
                        "control_type": control_type,
                        "description": text,
                        "owner": _owner(rng, control_type, unit, workshop, staff),
                    },
                )
            _assess_later(demo, rng, combos, point, color, severity, user, data["notes"])
            points.append(point)
    demo.objects["risk_points"] = points
    demo.timeline.at(demo.end - datetime.timedelta(days=2, hours=-10), lambda: _site_plans(demo, rng))
    return lambda: _report(len(points))


def _controls(rng, library, keys) -> list[tuple[str, str]]:
    """Two to four distinct controls of the point's hazards, an engineering and an administrative one first."""
    pool, seen = [], set()
    for key in keys:
        for code, text in library["hazards"][key][4]:
            if text not in seen:
                seen.add(text)
                pool.append((CONTROL_TYPES[code], text))
    count = min(len(pool), rng.choice([2, 3, 3, 4]))
    chosen = [
        c
        for wanted in ("engineering", "administrative")
        for c in [next((c for c in pool if c[0] == wanted), None)]
        if c
    ][:count]
    chosen += rng.sample([c for c in pool if c not in chosen], count - len(chosen))
    return sorted(chosen, key=lambda c: HIERARCHY.index(c[0]))


def _assess_later(demo: Demo, rng, combos, point, color, severity, user, notes) -> None:
    """The inherent and the residual assessment on the days they were made (in the last year)."""
    from zeroharm.risks.services import assessment_create

    method = rng.choices(["lec", "ls", "matrix"], [75, 15, 10])[0]
    residual = _residual(rng, combos, method, color, severity, point.kind)
    inherent = _inherent(rng, combos, method, residual)
    back = _days_back(rng, color)
    residual_on = demo.today - datetime.timedelta(days=back)
    inherent_on = residual_on - datetime.timedelta(days=rng.choice([0, 0, 1, 2, 7]))
    moment = demo.at(rng, inherent_on, hi=12)
    for row, stage, on in ((inherent, "inherent", inherent_on), (residual, "residual", residual_on)):

        def step(row=row, stage=stage, on=on):
            assessment_create(
                risk_point=point,
                method=method,
                stage=stage,
                likelihood=row[3],
                exposure=row[4],
                consequence=row[5],
                assessed_on=on,
                note=notes[stage],
                acting_user=user,
            )

        moment = max(moment + datetime.timedelta(hours=1), demo.at(rng, on, hi=12))  # the residual one comes after
        demo.timeline.at(moment, step)


def _report(count: int) -> str:
    from collections import Counter

    from zeroharm.risks.models import Assessment, Control, HazardSource, RiskPoint, SitePlan

    colors = Counter(RiskPoint.objects.values_list("color", flat=True))
    return (
        f"{count} risk points ({', '.join(f'{n} {c}' for c, n in sorted(colors.items()))}), "
        f"{HazardSource.objects.count()} hazard sources, {Control.objects.count()} controls, "
        f"{Assessment.objects.count()} assessments, {SitePlan.objects.count()} site plans"
    )


def _site_plans(demo: Demo, rng) -> None:
    """Plans of the four workshops with the most points, drawn here and uploaded through the upload check."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zeroharm.core import uploads
    from zeroharm.core.services import record_create
    from zeroharm.demo.pictures import floor_plan
    from zeroharm.risks.models import SitePlan
    from zeroharm.risks.services import risk_point_place

    by_workshop: dict[str, list] = {}
    for point in demo.objects["risk_points"]:
        by_workshop.setdefault(point.unit.path[: 3 * point.unit.steplen], []).append(point)
    units = {u.path: u for u in demo.units.values()}
    for path in sorted(by_workshop, key=lambda p: (-len(by_workshop[p]), p))[:4]:
        workshop, user = units[path], demo.users["safety"]
        png, boxes = floor_plan(rng, 1200, 800, rooms=6)
        clean = uploads.image_clean(
            SimpleUploadedFile(f"{workshop.code}.png", png, "image/png"), rule=uploads.PLAN, field=None
        )
        plan = record_create(
            model=SitePlan,
            acting_user=user,
            data={
                "unit": workshop,
                "title": f"{workshop.name}平面布置图",
                "image": clean.file,
                "width": clean.width,
                "height": clean.height,
            },
        )
        for i, point in enumerate(sorted(by_workshop[path], key=lambda p: p.code)):
            x0, y0, x1, y1 = boxes[i % len(boxes)]
            risk_point_place(
                point=point,
                plan=plan,
                x=Decimal(str(round(rng.uniform(x0 + 3, x1 - 3), 2))),
                y=Decimal(str(round(rng.uniform(y0 + 4, y1 - 4), 2))),
                acting_user=user,
            )
