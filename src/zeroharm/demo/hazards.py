"""Hidden dangers through hazards.services, each lived step by step on its days: reported (or fixed on the spot,
or anonymously, or from a failed inspection item), assessed, assigned with the five requirements, started,
sometimes extended, rectified (on time, late, or not yet), sometimes rejected once, accepted by a second person,
and for major ones governed by a plan, supervised, reported to the authority and written off. The nightly
deadline scan reminds, marks overdue and escalates in between; owners explain their delays.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from zeroharm.demo.context import APPROVERS, CHANGERS, REPORTERS, Demo, Staff
from zeroharm.demo.data import load
from zeroharm.demo.hazard_personas import Plan, persona_plans
from zeroharm.demo.pictures import photo

__all__ = ["build_hazards"]


class Hazards:
    def __init__(self, demo: Demo):
        self.demo, self.rng, self.data = demo, demo.rng("hazards"), load("hazards")
        self.staff = Staff(demo, self.rng, [(p[1], p[2], p[3]) for p in load("org")["personas"]])
        self.risk_points: dict[int, list] = {}
        for point in demo.objects.get("risk_points", []):
            self.risk_points.setdefault(point.unit_id, []).append(point)
        self.photos = 0

    def template(self, branch: str) -> list:
        return self.rng.choice(self.data["branch"].get(branch, []) * 2 + self.data["general"])

    def text(self, template) -> str:
        return template[1].replace("{n}", str(self.rng.randint(1, 12)))

    def location(self, unit, template) -> str:
        workshop = self.staff.workshop(unit) or unit
        return f"{workshop.name}{template[3] or self.rng.choice(self.data['places'][unit.code.split('-')[0]])}"

    def add_nights(self, assigned: datetime.date, deadline: datetime.date) -> None:
        """The nights the deadline scan acts on this rectification: reminder, overdue, second escalation."""
        from zeroharm.hazards.services import deadline_settings

        remind, second = deadline_settings()
        self.demo.deadline_nights.update(
            {
                max(assigned + datetime.timedelta(days=1), deadline - datetime.timedelta(days=remind)),
                deadline + datetime.timedelta(days=1),
                deadline + datetime.timedelta(days=second),
            }
        )

    def after_photo(self, hd) -> list:
        self.photos += 1
        return [ContentFile(photo(hd.reference, "after", self.photos), name="after.jpg")]

    def life(self, plan: Plan):
        """The steps of one hidden danger (a generator for the timeline)."""
        from zeroharm.hazards import services as hs

        demo, rng, staff, data = self.demo, self.rng, self.staff, self.data
        unit, template = plan.unit, plan.template
        major = plan.kind == "major"
        reporter = None if plan.kind == "anonymous" else plan.reporter or staff.pick(unit, REPORTERS)
        yield demo.at(rng, plan.found_on)
        points = self.risk_points.get(unit.pk) or self.risk_points.get(getattr(staff.workshop(unit), "pk", 0))
        common = {
            "acting_user": reporter or staff.pick(unit, REPORTERS),
            "unit": unit,
            "location": self.location(unit, template),
            "description": self.text(template),
            "found_on": plan.found_on,
            "risk_point": rng.choice(points) if points and rng.random() < 0.3 else None,
        }
        if rng.random() < data["photo_share"]:
            self.photos += 1
            common["photos"] = [ContentFile(photo("隐患", "before", self.photos), name="before.jpg")]
        if plan.kind == "spot":
            hd = hs.hazard_report(
                **common, fixed_on_spot=True, category=template[0], rectification_note=f"已现场整改：{template[2]}"
            )
            yield demo.later(rng, timezone.now(), rng.choice([0, 0, 1, 2]))
            hs.hazard_accept(
                hd=hd,
                acting_user=staff.pick(unit, CHANGERS, exclude={reporter.pk}),
                note=rng.choice(data["acceptance_notes"]),
            )
            return
        hd = hs.hazard_report(**common, anonymous=plan.kind == "anonymous")
        if plan.stop == "reported":
            return
        yield demo.later(rng, timezone.now(), rng.choice([0, 0, 1, 1, 2]))
        yield from self.follow(hd, plan, level="major" if major else "general")

    def follow(self, hd, plan: Plan, level: str = "general"):
        """From the assessment on (also for the hidden dangers of failed inspection items)."""
        from zeroharm.hazards import services as hs

        demo, rng, staff, data = self.demo, self.rng, self.staff, self.data
        unit, template, major = hd.unit, plan.template, level == "major"
        approvers = APPROVERS if major else CHANGERS
        hd = hs.hazard_assess(hd=hd, acting_user=staff.pick(unit, approvers), level=level, category=template[0])
        if major:
            yield demo.later(rng, timezone.now(), 0)
            self.plan(hd, template, reported=False)
        if plan.stop == "assessed":
            return
        yield demo.later(rng, timezone.now(), rng.choice([0, 0, 1, 2]))
        owner = plan.owner or (staff.principal(staff.workshop(unit) or unit) if major else None) or staff.person(unit)
        period = plan.period or (rng.randint(30, 150) if major else rng.choice(data["periods"]))
        today = timezone.localdate()
        deadline = today + datetime.timedelta(days=period)
        assigner = staff.pick(unit, approvers)
        hd = hs.hazard_assign(
            hd=hd,
            acting_user=assigner,
            owner=owner,
            measures=template[2],
            deadline=deadline,
            budget_amount=Decimal(rng.randrange(50_000, 900_000, 10_000))
            if major
            else Decimal(rng.choice(data["budgets"])),
            contingency_plan=template[4] if major else "",
        )
        self.add_nights(today, deadline)
        if major or rng.random() < data["follow_up_share"]:
            from zeroharm.demo.actions import raise_follow_up

            raise_follow_up(demo, rng, staff, hd, assigner)
        doer = owner.user if owner.user_id else staff.pick(unit, CHANGERS)
        if plan.start if plan.start is not None else rng.random() < 0.7:
            yield demo.later(rng, timezone.now(), rng.randint(0, min(3, period)))
            hd = hs.hazard_start(hd=hd, acting_user=doer)
        deadline = yield from self.extension(hd, plan, doer, owner, today, deadline)
        yield from self.rectify(hd, plan, doer, owner, today, deadline, approvers)

    def extension(self, hd, plan: Plan, doer, owner, assigned: datetime.date, deadline: datetime.date):
        """An extension asked a week or more before the deadline, decided within days; returns the deadline."""
        from zeroharm.hazards import services as hs

        demo, rng, staff = self.demo, self.rng, self.staff
        period = (deadline - assigned).days
        wanted = plan.extension
        if wanted is None:
            wanted = rng.choice(["approved"] * 3 + ["refused"]) if period >= 14 and rng.random() < 0.08 else ""
        if not wanted:
            return deadline
        asked_on = min(
            assigned + datetime.timedelta(days=rng.randint(2, max(2, period - 8))),
            deadline - datetime.timedelta(days=7),
        )
        yield max(demo.at(rng, asked_on), timezone.now())
        new = min(deadline + datetime.timedelta(days=rng.randint(7, 45)), assigned + datetime.timedelta(days=365))
        request = hs.extension_request(
            hd=hd, acting_user=doer, requested_deadline=new, reason=rng.choice(self.data["extension_reasons"])
        )
        if wanted == "pending":
            return deadline
        yield demo.later(rng, timezone.now(), rng.randint(1, 3))
        decider = staff.pick(hd.unit, APPROVERS, exclude={doer.pk, owner.user_id})
        approve = wanted == "approved"
        hs.extension_decide(
            request=request,
            acting_user=decider,
            approve=approve,
            note="同意延期，延期期间落实临时防范措施" if approve else "理由不充分，请按原期限完成整改",
        )
        if approve:
            self.add_nights(timezone.localdate(), new)
            return new
        return deadline

    def rectify(self, hd, plan: Plan, doer, owner, assigned, deadline, approvers):
        """Done on time, late, or not yet; an overdue owner explains; rejected once now and then; accepted."""
        from zeroharm.hazards import services as hs

        demo, rng, staff, data = self.demo, self.rng, self.staff, self.data
        fate = plan.fate or rng.choices(list(data["fates"]), list(data["fates"].values()))[0]
        if fate == "stuck" and plan.found_on < demo.today - datetime.timedelta(days=150):
            fate = "late"  # the long-forgotten ones were done in the end
        rect_on = plan.rect_on
        if rect_on is None and fate == "on_time":
            rect_on = assigned + datetime.timedelta(days=round(rng.uniform(0.2, 1.0) * (deadline - assigned).days))
        elif rect_on is None and fate == "late":
            rect_on = deadline + datetime.timedelta(days=rng.choice([1, 2, 3, 5, 8, 12, 15, 20, 30, 45]))
        if hd.level == "major":
            self.supervise(hd, until=rect_on or demo.today)
        explain_on = deadline + datetime.timedelta(days=1 + rng.randint(1, 4))
        if (rect_on is None or rect_on > explain_on) and rng.random() < 0.85:
            yield demo.at(rng, explain_on)
            hd.refresh_from_db()
            if hd.overdue_since and hd.state in ("assigned", "in_rectification"):
                hd = hs.hazard_explain_delay(hd=hd, acting_user=doer, explanation=rng.choice(data["explanations"]))
        if rect_on is None:
            return
        yield max(demo.at(rng, rect_on), timezone.now())
        note = f"已完成整改：{plan.template[2]}"
        hd = hs.hazard_request_acceptance(hd=hd, acting_user=doer, note=note, after_photos=self.after_photo(hd))
        acceptor = staff.pick(hd.unit, approvers, exclude={doer.pk, owner.user_id})
        if plan.reject if plan.reject is not None else rng.random() < 0.07:
            yield demo.later(rng, timezone.now(), rng.choice([0, 1, 2]))
            hd = hs.hazard_reject(hd=hd, acting_user=acceptor, reason=rng.choice(data["rejections"]))
            yield demo.later(rng, timezone.now(), rng.randint(2, 8))
            hd = hs.hazard_request_acceptance(hd=hd, acting_user=doer, note=note + "；已按复查意见补充整改")
        if not plan.accept:
            return
        yield demo.later(rng, timezone.now(), rng.choice([0, 0, 1, 1, 2, 3]))
        hd = hs.hazard_accept(hd=hd, acting_user=acceptor, note=rng.choice(data["acceptance_notes"]))
        if hd.level != "major" or not plan.close:
            return
        yield demo.later(rng, timezone.now(), rng.randint(1, 5))
        self.plan(hd, plan.template, reported=True)
        yield demo.later(rng, timezone.now(), rng.randint(3, 15))
        hs.hazard_close(hd=hd, acting_user=staff.pick(hd.unit, APPROVERS))

    def supervise(self, hd, until: datetime.date) -> None:
        """Supervision visits every few weeks while a major one is rectified (a life of their own)."""
        from zeroharm.hazards import services as hs

        demo, rng = self.demo, self.rng
        days = []
        day = timezone.localdate() + datetime.timedelta(days=rng.randint(5, 14))
        while day <= until:
            days.append(day)
            day += datetime.timedelta(days=rng.randint(10, 28))

        def visits():
            for day in days:
                yield demo.at(rng, day)
                hs.supervision_add(
                    hd=hd,
                    acting_user=self.staff.pick(hd.unit, CHANGERS),
                    on=day,
                    note=rng.choice(self.data["supervision_notes"]),
                )

        demo.timeline.add(visits())

    def plan(self, hd, template, reported: bool) -> None:
        """The governance plan of a major one (on assessment); reported to the authority before the write-off."""
        from zeroharm.hazards import services as hs

        rng, staff = self.rng, self.staff
        branch = hd.unit.code.split("-")[0]
        authority, abbr = self.data["authorities"][branch]
        head = staff.principal(self.demo.units[branch])
        today = timezone.localdate()
        fields = {
            "goals_and_tasks": f"彻底消除“{hd.description}”重大事故隐患，治理期间不发生生产安全事故。",
            "methods_and_measures": f"{template[2]}。治理期间落实临时防范措施，加强监测监控。",
            "funds_and_materials": "治理资金在安全生产费用中列支；所需材料、设备由物资部门在开工前到位。",
            "organisation_and_people": f"成立以{head.name if head else '分公司总经理'}为组长的隐患治理领导小组，"
            f"{hd.unit.name}具体实施，安全管理部门全过程监督。",
            "time_limit_and_requirements": f"自{today:%Y年%m月%d日}起按整改期限完成治理，每周报告进度，"
            "完成后申请验收并报告销号。",
            "safety_and_emergency": f"{template[4]}；治理作业严格执行作业票制度，现场设专人监护，配备应急物资。",
            "current_state_and_cause": f"{hd.description}。主要原因：{template[5]}。",
            "harm_and_difficulty": rng.choice(self.data["harms"]),
        }
        if reported:
            fields.update(
                authority=authority,
                reported_to_authority_on=today,
                authority_reference=f"{abbr}〔{today.year}〕{rng.randint(10, 299)}号",
            )
        hs.governance_plan_save(hd=hd, acting_user=staff.pick(hd.unit, APPROVERS), data=fields)

    def inspection_hazard(self, hd) -> None:
        """Follow up a hidden danger a failed inspection item reported (a life starting the next working hours)."""
        words = self.data["category_words"]
        category = next((c for c, ws in words.items() if any(w in hd.description for w in ws)), "condition")
        plan = Plan(
            unit=hd.unit,
            found_on=hd.found_on,
            template=[category, hd.description, self.data["inspection_measures"], None],
        )

        def life():
            yield self.demo.later(self.rng, timezone.now(), self.rng.choice([0, 1, 1, 2]))
            yield from self.follow(hd, plan)

        self.demo.timeline.add(life())


def build_hazards(demo: Demo):
    h = Hazards(demo)
    rng, data = h.rng, h.data
    demo.objects["follow_hazard"] = h.inspection_hazard
    units = {kind: demo.of_kind(kind) for kind in ("team", "workshop", "branch")}
    horizon = data["volume"]["horizon_days"]
    for _ in range(data["volume"]["total"]):
        found = demo.today - datetime.timedelta(days=1 + int((horizon - 1) * rng.random() ** 1.15))
        kind_of_unit = rng.choices(list(data["units"]), list(data["units"].values()))[0]
        unit = rng.choice(units[kind_of_unit])
        branch = unit.code.split("-")[0]
        kind = rng.choices(list(data["kinds"]), list(data["kinds"].values()))[0]
        if kind == "major" and unit.kind != "branch":
            template = rng.choice(data["major"][branch])
        else:
            kind = "report" if kind == "major" else kind
            template = h.template(branch)
        demo.timeline.add(h.life(Plan(unit=unit, found_on=found, template=template, kind=kind)))
    for plan in persona_plans(demo, h):
        demo.timeline.add(h.life(plan))
    return _report


def _report() -> str:
    from collections import Counter

    from zeroharm.hazards.models import ExtensionRequest, GovernancePlan, HazardPhoto, HiddenDanger, SupervisionEntry

    rows = list(HiddenDanger.objects.values_list("state", "level", "overdue_since"))
    states = Counter(s for s, _l, _o in rows)
    open_overdue = sum(1 for s, _l, o in rows if s != "closed" and o)
    return (
        f"{len(rows)} hidden dangers ({', '.join(f'{n} {s}' for s, n in sorted(states.items()))}; "
        f"{open_overdue} overdue, {sum(1 for _s, lv, _o in rows if lv == 'major')} major), "
        f"{ExtensionRequest.objects.count()} extension requests, {GovernancePlan.objects.count()} governance "
        f"plans, {SupervisionEntry.objects.count()} supervision entries, {HazardPhoto.objects.count()} photos"
    )
