"""Demo corrective and preventive actions: ~150 spawned by hidden dangers and a few standalone ones.

Each action is lived through like the services would: raised → done by its owner (or recorded for them) →
verified by someone else, or cancelled; the steps before now are applied and each leaves a history row.
Open ones past their due date are overdue. The demo employee owns some, one of them overdue.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zeroharm.actions.models import ActionItem, ActionKind, ActionStatus
from zeroharm.core.registry import register_demo_step
from zeroharm.hazards.demo import APPROVERS, CHANGERS, DemoStaff, history_rows, stamp_from_history
from zeroharm.hazards.models import Category, HiddenDanger, State
from zeroharm.org.choices import UnitKind

__all__ = ["build_demo_actions", "FOLLOW_UPS", "STANDALONE"]

P, K = ActionKind.PREVENTIVE, ActionKind.CORRECTIVE
FOLLOW_UPS = {
    Category.UNSAFE_CONDITION: [(P, "举一反三排查同类设备设施"), (P, "将该部位纳入设备日常点检表"),
                                (P, "建立防护装置定期检查和维护制度"), (K, "更新设备台账并补齐警示标识")],
    Category.UNSAFE_ACT: [(K, "组织班组开展反违章专题培训"), (K, "修订岗位安全操作规程并组织考试"),
                          (P, "开展为期一个月的反违章专项检查"), (P, "将同类违章行为纳入安全绩效考核")],
    Category.MANAGEMENT: [(K, "修订相关安全管理制度"), (K, "完善台账并建立月度检查机制"), (P, "组织专项内部审核"),
                          (P, "明确岗位安全职责并重新签订责任书")],
    Category.ENVIRONMENT: [(P, "制定季节性专项检查计划"), (K, "改善作业环境并纳入年度安全技术措施计划"),
                           (P, "增加作业环境定期检测频次")],
}
STANDALONE = [
    (P, "开展季度消防设施全面检查", "按消防设施检查表逐项检查灭火器、消火栓、应急照明和疏散指示"),
    (K, "修订《有限空间作业安全管理制度》", "依据最新标准修订审批、检测、监护和救援要求"),
    (P, "组织全员应急疏散演练", "结合季节特点组织全员疏散演练并评估"),
    (P, "更新岗位风险告知卡", "根据最新风险评估结果更新各岗位风险告知卡"),
    (K, "补充配备正压式空气呼吸器", "按应急物资配备标准补齐并建立检查记录"),
    (P, "开展夏季防暑降温专项检查", "检查降温设施、防暑药品和高温作业时间安排"),
    (P, "开展冬季防冻防滑专项检查", "检查伴热、保温、防滑措施落实情况"),
    (K, "完善承包商入场安全培训教材", "补充典型事故案例和现场危险源辨识内容"),
    (P, "组织特种设备定期检验计划核查", "核对特种设备检验日期，提前安排到期检验"),
    (K, "整改安全标志标识不规范问题", "按GB 2894统一更换褪色、破损的安全标志"),
    (P, "组织一次安全生产责任制落实情况考核", "对照责任清单逐级考核并通报结果"),
    (K, "更新应急联络通讯录", "核对各级应急联络人电话并发放到岗位"),
]
VERIFY_NOTES = ["现场抽查落实到位，效果良好", "查阅记录完整，措施有效", "复查未再发现同类问题", "经回访验证有效"]
DONE_NOTES = ["已按要求完成", "已完成并上传相关记录", "已组织实施，记录附后", "已完成，相关人员已签字确认"]
CANCEL_NOTES = ["与其他措施重复，合并处理", "设备已报废拆除，不再需要", "经评估不适用，由新的措施替代"]


class _Maker:
    def __init__(self, ctx, staff: DemoStaff):
        self.rng, self.staff = ctx.rng, staff
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.tracked = [f.attname for f in ActionItem.history.model.tracked_fields if f.attname != "id"]
        self.items: list[tuple[ActionItem, list]] = []

    def at(self, day: datetime.date) -> datetime.datetime:
        t = datetime.time(self.rng.randint(8, 17), self.rng.randint(0, 59))
        return timezone.make_aware(datetime.datetime.combine(day, t))

    def make(self, *, unit, title, description, kind, raised_at, raised_by, owner=None, source=None,
             due_days=None, done_after=None, verify=True, cancel=False):
        rng, staff = self.rng, self.staff
        raised_at = min(raised_at, self.now - datetime.timedelta(seconds=1))
        raised_on = timezone.localdate(raised_at)
        owner = owner or staff.person(unit)
        due = raised_on + datetime.timedelta(days=due_days or rng.choice([7, 14, 14, 21, 30, 30, 45, 60]))
        item = ActionItem(unit=unit, title=title[:200], description=description, kind=kind, owner=owner,
                          due_date=due, status=ActionStatus.OPEN, created_by=raised_by, created_at=raised_at)
        if source is not None:
            item.source_type = ContentType.objects.get_for_model(type(source))
            item.source_id = source.pk
        steps = [(raised_at, raised_by, "raised", self.snap(item))]
        doer = owner.user if owner.user_id else staff.pick(unit, CHANGERS)
        if cancel:
            when = self.at(raised_on + datetime.timedelta(days=rng.randint(2, 20)))
            if when <= self.now:
                item.status, item.verification_note = ActionStatus.CANCELLED, rng.choice(CANCEL_NOTES)
                item.version += 1
                steps.append((when, staff.pick(unit, APPROVERS), "cancelled", self.snap(item)))
            return self.keep(item, steps)
        if done_after is None:
            span = (due - raised_on).days
            done_after = round(span * rng.choice([0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.4]))
        done_at = self.at(raised_on + datetime.timedelta(days=max(1, done_after)))
        if done_at > self.now:
            return self.keep(item, steps)
        item.status, item.completed_at, item.completed_by = ActionStatus.DONE, done_at, doer
        item.completion_note = rng.choice(DONE_NOTES)
        item.version += 1
        steps.append((done_at, doer, "done", self.snap(item)))
        verified_at = self.at(timezone.localdate(done_at) + datetime.timedelta(days=rng.randint(1, 10)))
        if not verify or verified_at > self.now:
            return self.keep(item, steps)
        verifier = staff.pick(unit, CHANGERS, exclude={doer.pk, owner.user_id})
        item.status, item.verified_at, item.verified_by = ActionStatus.VERIFIED, verified_at, verifier
        item.verification_note = rng.choice(VERIFY_NOTES)
        item.version += 1
        steps.append((verified_at, verifier, "verified effective", self.snap(item)))
        return self.keep(item, steps)

    def snap(self, item) -> dict:
        return {name: getattr(item, name) for name in self.tracked}

    def keep(self, item, steps):
        self.items.append((item, steps))
        return item


@register_demo_step(65, "actions")
def build_demo_actions(ctx) -> str:
    from zeroharm.accounts.models import User

    rng = ctx.rng
    staff = ctx.objects.get("hazard_staff") or DemoStaff(rng, ctx.objects["units"], ctx.objects["people"])
    hazards = ctx.objects.get("hidden_dangers") or list(HiddenDanger.objects.all())
    maker = _Maker(ctx, staff)
    today = maker.today

    # Follow-ups of hidden dangers once their rectification was ordered: majors always, others by sample.
    assigned = sorted((hd for hd in hazards if hd.assigned_at and hd.category), key=lambda hd: hd.pk)
    majors = [hd for hd in assigned if hd.level == "major"]
    recent_on = today - datetime.timedelta(days=90)
    recent = [hd for hd in assigned if hd.level != "major" and timezone.localdate(hd.assigned_at) >= recent_on]
    older = [hd for hd in assigned if hd.level != "major" and timezone.localdate(hd.assigned_at) < recent_on]
    want = max(0, 150 - len(majors))
    others = rng.sample(recent, min(len(recent), want // 2))
    others += rng.sample(older, min(len(older), want - len(others)))
    for hd in sorted(majors + others, key=lambda h: h.pk):
        kind, text = rng.choice(FOLLOW_UPS[hd.category])
        short = hd.description.split("，")[0][:40]
        raised_by = User(pk=hd.assigned_by_id) if hd.assigned_by_id else staff.pick(hd.unit, CHANGERS)
        maker.make(unit=hd.unit, title=f"{text}：{short}", description=f"源自{hd.reference}：{hd.description}",
                   kind=kind, raised_at=hd.assigned_at + datetime.timedelta(minutes=rng.randint(5, 90)),
                   raised_by=raised_by, source=hd, cancel=rng.random() < 0.05)

    # Standalone ones (from safety meetings and campaigns), raised over the last few months.
    workshops = sorted((u for u in ctx.objects["units"].values() if u.kind == UnitKind.WORKSHOP), key=lambda u: u.code)
    for kind, title, description in STANDALONE:
        unit = rng.choice(workshops)
        maker.make(unit=unit, title=title, description=description, kind=kind,
                   raised_at=maker.at(today - datetime.timedelta(days=rng.randint(3, 150))),
                   raised_by=staff.pick(unit, CHANGERS), cancel=rng.random() < 0.1)

    # The demo employee's: one overdue, one due soon, one done and waiting for verification.
    users = {u.username: u for u in User.objects.filter(username__in=["worker", "monitor"]).select_related("person")}
    team = ctx.objects["units"].get("MACH-W01-T01")
    if team and len(users) == 2 and hasattr(users["worker"], "person"):
        worker = users["worker"].person
        own = [hd for hd in hazards if hd.owner_id == worker.pk and hd.state != State.CLOSED][:3]
        for i, (days_ago, due_days, done_after) in enumerate([(20, 14, 999), (4, 14, 999), (12, 10, 8)]):
            source = own[i] if i < len(own) else None
            kind, text = FOLLOW_UPS[Category.UNSAFE_CONDITION][i]
            maker.make(unit=team, title=f"{text}：{source.description.split('，')[0] if source else team.name}",
                       description="班组安全活动确定的措施", kind=kind, owner=worker, source=source,
                       raised_at=maker.at(today - datetime.timedelta(days=days_ago)), raised_by=users["monitor"],
                       due_days=due_days, done_after=done_after, verify=False)

    items = ActionItem.objects.bulk_create([item for item, _steps in maker.items], batch_size=1000)
    ActionItem.history.model.objects.bulk_create(
        [row for item, steps in maker.items for row in history_rows(ActionItem, item, steps)], batch_size=2000)
    stamp_from_history(ActionItem, [item.pk for item in items])
    counts = {s: 0 for s in ActionStatus.values}
    for item in items:
        counts[item.status] += 1
    overdue = sum(1 for item in items if item.is_open and item.due_date < today)
    return (f"{len(items)} actions ({counts['open']} open, {counts['done']} done, {counts['verified']} verified, "
            f"{counts['cancelled']} cancelled, {overdue} overdue)")
