"""The demo inspections: twelve checklists of Chinese industry practice, QR points over every workshop,
schedules of every frequency, and a year of inspections (done, late, missed, some with failed items).

Everything comes from the shared seeded generator and is inserted in bulk. No hidden dangers are made
here: the hazards demo (a later step) turns some failed items (`ItemResult` without `hidden_danger`)
into hidden dangers.
"""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from zeroharm.core.registry import register_demo_step
from zeroharm.core.roles import Role
from zeroharm.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Frequency,
    Inspection,
    InspectionPoint,
    InspectionStatus,
    ItemResult,
    Outcome,
    Schedule,
)
from zeroharm.inspections.services import due_dates, next_due_date
from zeroharm.org.choices import PersonStatus, UnitKind

__all__ = ["CHECKLISTS", "build_demo_inspections"]

REFERENCE_DATE = datetime.date(2026, 11, 1)  # the demo's "today", as in org.demo and risks.demo
HISTORY_START = datetime.date(2025, 11, 1)  # a year of inspections

# key → (name, purpose, [(question, how to check, rule)])
CHECKLISTS = {
    "HOT": ("动火作业安全检查表", "动火作业前及作业中的现场检查，对照《危险化学品企业特殊作业安全规范》。", [
        ("动火作业票是否按级别审批，有效期内且与现场一致", "核对作业票编号、动火等级、地点、时间、审批人签字",
         "GB 30871-2022 第5.2条"),
        ("动火点周边15米内可燃物是否清除，下水井、地漏是否封堵", "现场察看，必要时用卷尺测量", "GB 30871-2022 第5.3条"),
        ("动火前30分钟内是否进行可燃气体分析且合格", "查看分析记录及检测仪读数，超过60分钟应重新分析",
         "GB 30871-2022 第5.3.4条"),
        ("是否配备灭火器材并有专人监火", "确认监火人在岗、持证，灭火器压力正常", "GB 30871-2022 第5.3.8条"),
        ("电焊机、气瓶是否完好，氧气瓶与乙炔瓶间距不小于5米", "检查回火防止器、减压阀、瓶体防倾倒措施",
         "GB 30871-2022 第5.3.10条"),
        ("作业人员是否持特种作业操作证", "核对焊接与热切割作业证原件", "《特种作业人员安全技术培训考核管理规定》"),
    ]),
    "CONFINED": ("受限空间作业检查表", "进入受限空间前的隔离、置换、通风、检测和监护检查。", [
        ("受限空间作业票是否审批，作业人员、监护人与票面一致", "核对作业票与现场人员", "GB 30871-2022 第6.1条"),
        ("与受限空间相连的管道是否已盲板隔离或加锁挂牌", "检查盲板位置、编号、挂牌记录", "GB 30871-2022 第6.2条"),
        ("是否先通风、再检测、后作业，氧含量19.5%～21%", "查看气体检测记录和检测仪读数", "GB 30871-2022 第6.4条"),
        ("有毒有害气体浓度是否低于职业接触限值，是否连续监测", "检查便携式四合一检测仪报警设定",
         "GBZ 2.1-2019"),
        ("出入口是否畅通，救援三脚架、呼吸器等是否就位", "现场清点救援器材并试用通信设备",
         "《有限空间作业安全指导手册》"),
        ("监护人是否全程在场，不得离岗", "询问监护人并观察", "GB 30871-2022 第6.6条"),
    ]),
    "ELEC": ("电气安全检查表", "配电室、配电箱及临时用电检查。", [
        ("配电箱门是否完好、上锁，有警示标识和责任人", "逐台察看", "GB/T 13869-2017"),
        ("漏电保护器是否按月试跳且动作正常", "按下试验按钮，查看试跳记录", "GB/T 13955-2017"),
        ("电缆是否有破损、老化，是否沿地面随意拖放", "沿线路检查", "GB 50194-2014"),
        ("临时用电是否办理作业票，是否“一机一闸一漏一箱”", "核对作业票和配电箱", "JGJ 46-2005 第8.1条"),
        ("配电室绝缘垫、绝缘手套、验电器是否在检验期内", "查看检验标签日期", "DL/T 1476-2015"),
        ("电气设备金属外壳是否可靠接地", "检查接地线连接，必要时测接地电阻", "GB 50169-2016"),
    ]),
    "FIRE": ("消防设施检查表", "灭火器、消火栓、疏散通道和火灾报警系统的月度检查。", [
        ("灭火器压力指针是否在绿区，铅封完好，在有效期内", "逐具检查并在检查卡上签字", "GB 50444-2008"),
        ("室内消火栓箱内水带、水枪、阀门是否齐全完好", "打开箱门检查，不得被遮挡", "GB 25201-2010"),
        ("安全出口、疏散通道是否畅通，应急照明和疏散指示是否有效", "按下测试按钮，步行检查通道",
         "《中华人民共和国消防法》第二十八条"),
        ("火灾自动报警控制器是否处于正常监视状态，无故障未处理", "查看控制器屏幕和值班记录", "GB 25201-2010"),
        ("防火门是否常闭、闭门器完好", "逐樘检查", "GB 50016-2014(2018年版)"),
    ]),
    "SPECIAL_EQ": ("特种设备安全检查表", "压力容器、锅炉、起重机械、叉车等特种设备的日常检查。", [
        ("设备是否在定期检验有效期内，使用登记证是否齐全", "查看检验报告和使用标志",
         "《中华人民共和国特种设备安全法》第四十条"),
        ("安全阀、压力表是否在校验期内，铅封完好", "查看校验标签", "TSG 21-2016"),
        ("作业人员是否持特种设备作业人员证", "核对证件", "TSG Z6001-2019"),
        ("日常运行记录、点检记录是否按班填写", "查阅记录本", "《特种设备使用管理规则》TSG 08-2017"),
        ("设备有无异常声响、泄漏、变形", "现场看、听、摸", "TSG 08-2017"),
    ]),
    "HAZMAT_STORE": ("危化品仓库检查表", "危险化学品仓库的储存、标识、防护和出入库管理检查。", [
        ("危化品是否分区、分类、分库储存，禁忌物料未混存", "对照储存禁忌表现场检查", "GB 15603-2022"),
        ("安全技术说明书和安全标签是否齐全", "抽查三种物料", "《危险化学品安全管理条例》第十五条"),
        ("可燃/有毒气体报警仪是否运行正常", "查看报警仪显示和标定记录", "GB/T 50493-2019"),
        ("仓库通风、防爆电气、防静电接地是否完好", "现场察看", "GB 50016-2014"),
        ("出入库台账是否账物相符，剧毒品双人双锁", "抽查台账与实物", "《危险化学品安全管理条例》第二十四条"),
        ("应急物资（吸附棉、洗眼器、防护服）是否齐全有效", "清点应急柜", "GB 30077-2013"),
    ]),
    "LIFTING": ("起重吊装作业检查表", "吊装作业前及作业中的检查。", [
        ("吊装作业票是否审批，作业方案是否交底", "核对作业票和交底记录", "GB 30871-2022 第9条"),
        ("吊索具是否完好，无断丝、变形，标识载荷满足要求", "逐件检查钢丝绳、吊带、卸扣", "GB/T 6067.1-2010"),
        ("起重机限位、力矩限制器、制动器是否灵敏可靠", "空载试验", "GB/T 6067.1-2010"),
        ("吊装区域是否设置警戒，无人员在吊物下停留", "现场观察", "GB 30871-2022 第9.4条"),
        ("司索、指挥人员是否持证上岗", "核对证件", "TSG Z6001-2019"),
    ]),
    "HEIGHT": ("高处作业检查表", "2米以上高处作业的防护检查。", [
        ("高处作业票是否审批", "核对作业票等级与高度", "GB 30871-2022 第8条"),
        ("安全带是否高挂低用，挂点牢固", "现场观察", "GB 6095-2021"),
        ("脚手架是否验收挂牌，脚手板满铺、护栏齐全", "查看验收牌和架体", "JGJ 130-2011"),
        ("洞口、临边是否设置防护栏杆或盖板", "巡查作业面", "JGJ 80-2016"),
        ("恶劣天气（六级以上大风、雷雨）是否停止作业", "查看天气预报和作业记录", "GB 30871-2022 第8.2条"),
    ]),
    "SEASON_FLOOD": ("季节性检查：防汛", "汛期前及汛期的防汛准备检查（每年6月1日起）。", [
        ("排水沟、雨水井是否畅通，无淤积", "沿厂区排水系统巡查", "《中华人民共和国防洪法》"),
        ("防汛物资（沙袋、水泵、雨衣）是否到位", "清点防汛仓库", "企业防汛应急预案"),
        ("低洼处配电设施、地下室是否有防倒灌措施", "现场察看挡水板和抽水泵", "GB 50052-2009"),
        ("防汛值班表是否公布，通讯畅通", "查看值班表并电话测试", "企业防汛应急预案"),
    ]),
    "SEASON_HEAT": ("季节性检查：防暑降温", "高温季节作业场所防暑降温检查。", [
        ("高温作业场所是否提供防暑降温饮料", "查看发放记录", "《防暑降温措施管理办法》第十条"),
        ("日最高气温达40℃以上是否停止露天作业", "查看作业安排", "《防暑降温措施管理办法》第八条"),
        ("休息室是否有空调或通风降温设施", "现场察看", "GBZ 1-2010"),
        ("是否组织高温作业人员职业健康检查", "查看体检记录", "GBZ 188-2014"),
    ]),
    "SEASON_FROST": ("季节性检查：防冻防凝", "冬季防冻防凝、防滑检查（每年12月1日起）。", [
        ("室外管线、仪表引压管是否保温伴热，有无冻堵", "沿管廊巡查伴热和保温层", "SH/T 3040-2012"),
        ("消防水系统、洗眼器是否有防冻措施", "试用室外消火栓和洗眼器", "GB 50974-2014"),
        ("停用设备、管线是否排净积水", "检查排凝阀", "企业冬季生产方案"),
        ("道路、楼梯是否及时除冰防滑", "巡查主要通道", "企业冬季生产方案"),
    ]),
    "SITE": ("施工现场综合检查表", "建筑工地安全文明施工的周检。", [
        ("作业人员是否正确佩戴安全帽、穿反光衣", "抽查作业人员", "JGJ 59-2011"),
        ("基坑周边是否设置防护栏杆，堆载不超过规定", "巡查基坑边", "JGJ 120-2012"),
        ("塔吊、施工升降机是否有检测合格证，司机持证", "查看证件和检测报告", "JGJ 196-2010"),
        ("施工用电是否符合三级配电两级保护", "检查配电箱", "JGJ 46-2005"),
        ("动火点是否有动火证和灭火器", "巡查焊接作业点", "GB 50720-2011"),
    ]),
}

# Which checklists a branch uses at its workshops (points), by frequency.
BRANCH_CHECKLISTS = {
    "CHEM": [("HOT", Frequency.DAILY), ("CONFINED", Frequency.WEEKLY), ("HAZMAT_STORE", Frequency.WEEKLY),
             ("ELEC", Frequency.MONTHLY), ("FIRE", Frequency.MONTHLY), ("SPECIAL_EQ", Frequency.QUARTERLY)],
    "MACH": [("LIFTING", Frequency.WEEKLY), ("ELEC", Frequency.MONTHLY), ("FIRE", Frequency.MONTHLY),
             ("SPECIAL_EQ", Frequency.WEEKLY), ("HOT", Frequency.WEEKLY)],
    "LOGI": [("HAZMAT_STORE", Frequency.WEEKLY), ("SPECIAL_EQ", Frequency.WEEKLY), ("FIRE", Frequency.MONTHLY),
             ("ELEC", Frequency.QUARTERLY)],
    "CONS": [("SITE", Frequency.WEEKLY), ("HEIGHT", Frequency.WEEKLY), ("LIFTING", Frequency.MONTHLY),
             ("ELEC", Frequency.MONTHLY)],
    "POWR": [("SPECIAL_EQ", Frequency.WEEKLY), ("ELEC", Frequency.MONTHLY), ("FIRE", Frequency.MONTHLY),
             ("CONFINED", Frequency.QUARTERLY)],
}
SEASONAL = ["SEASON_FLOOD", "SEASON_HEAT", "SEASON_FROST"]
FAIL_NOTES = ["现场发现不符合，已要求班组整改", "记录缺失，未按要求填写", "器材过期未更换", "标识脱落，需重新张贴",
              "防护设施损坏", "人员未按规定佩戴防护用品"]
GRACE = {Frequency.DAILY: 0, Frequency.WEEKLY: 2, Frequency.MONTHLY: 5, Frequency.QUARTERLY: 10,
         Frequency.SEASONAL: 10, Frequency.SPECIAL: 3}


@register_demo_step(40, "inspections")
def build_demo_inspections(ctx) -> str:
    from zeroharm.accounts.models import User

    rng = ctx.rng
    units = ctx.objects["units"]
    group = next(u for u in units.values() if u.kind == UnitKind.GROUP)
    safety_user = User.objects.filter(username="safety").first()

    # 1. Checklists: one version each; three of them were revised (version 1 used last year, version 2 current).
    templates = bulk_create_with_history(
        [ChecklistTemplate(unit=group, name=name, description=purpose)
         for name, purpose, _items in CHECKLISTS.values()], ChecklistTemplate)
    by_key = dict(zip(CHECKLISTS, templates, strict=True))
    revised = {"HOT", "ELEC", "FIRE"}
    versions, items = [], []
    for key, template in by_key.items():
        rows = CHECKLISTS[key][2]
        numbers = [1, 2] if key in revised else [1]
        for number in numbers:
            version = ChecklistVersion(template=template, number=number, created_by=safety_user)
            versions.append((key, number, version))
    ChecklistVersion.objects.bulk_create([v for _k, _n, v in versions])
    version_of = {}
    for key, number, version in versions:
        rows = CHECKLISTS[key][2]
        if number == 1 and key in revised:
            rows = rows[:-1]  # version 2 added the last question
        for order, (question, guidance, reference) in enumerate(rows, start=1):
            items.append(ChecklistItem(version=version, order=order, question=question, guidance=guidance,
                                       reference=reference))
        version_of[(key, number)] = version
    ChecklistItem.objects.bulk_create(items, batch_size=2000)
    for key, template in by_key.items():
        template.current_version = version_of[(key, 2 if key in revised else 1)]
    ChecklistTemplate.objects.bulk_update(templates, ["current_version"])
    items_of: dict[int, list[ChecklistItem]] = {}
    for item in items:
        items_of.setdefault(item.version_id, []).append(item)

    # 2. Points: two to four per workshop, at its risk points where there are.
    risk_points = ctx.objects.get("risk_points", [])
    by_workshop: dict[str, list] = {}
    for rp in risk_points:
        by_workshop.setdefault(rp.unit.path[:3 * rp.unit.steplen], []).append(rp)
    workshops = sorted((u for u in units.values() if u.kind == UnitKind.WORKSHOP), key=lambda u: u.code)
    points, point_keys = [], []
    for workshop in workshops:
        branch = workshop.code.split("-")[0]
        choices = BRANCH_CHECKLISTS[branch]
        picks = rng.sample(choices, min(len(choices), rng.choice([2, 3, 3, 4])))
        local = rng.sample(by_workshop.get(workshop.path, []), min(len(picks), len(by_workshop.get(workshop.path, []))))
        for n, (key, frequency) in enumerate(picks, start=1):
            rp = local[n - 1] if n - 1 < len(local) else None
            unit = rp.unit if rp is not None else workshop
            name = rp.name if rp is not None else f"{workshop.name}{CHECKLISTS[key][0].removesuffix('检查表')}点"
            points.append(InspectionPoint(unit=unit, code=f"IP-{workshop.code}-{n:02d}", name=name[:120],
                                          location=(rp.location if rp is not None else workshop.name)[:200],
                                          risk_point=rp, checklist=by_key[key]))
            point_keys.append(frequency)
    points = bulk_create_with_history(points, InspectionPoint, batch_size=2000)

    # 3. Schedules: one per point (its checklist, its frequency), seasonal ones per branch, a special one.
    active = [p for p in ctx.objects["people"] if p.status == PersonStatus.ACTIVE]
    officers: dict[int, list] = {}
    for p in active:
        if p.position is not None and p.position.code == "SAFETY-OFF":
            officers.setdefault(p.unit_id, []).append(p)
    units_by_pk = {u.pk: u for u in units.values()}
    schedules = []
    for point, frequency in zip(points, point_keys, strict=True):
        workshop = units[point.code.removeprefix("IP-")[:-3]]
        by_role = rng.random() < 0.15
        inspector = None if by_role else (rng.choice(officers.get(workshop.pk) or [workshop.principal])
                                          if point.unit.kind == UnitKind.WORKSHOP else
                                          units_by_pk[point.unit_id].principal or workshop.principal)
        schedules.append(Schedule(unit=point.unit, checklist=point.checklist, point=point, frequency=frequency,
                                  assignee=inspector, assignee_role=Role.SUPERVISOR if by_role else "",
                                  starts_on=HISTORY_START + datetime.timedelta(days=rng.randint(0, 6)),
                                  grace_days=GRACE[frequency]))
    branches = sorted((u for u in units.values() if u.kind == UnitKind.BRANCH), key=lambda u: u.code)
    for branch in branches:
        officer = rng.choice(officers.get(branch.pk) or [branch.principal])
        for key in SEASONAL:
            schedules.append(Schedule(unit=branch, checklist=by_key[key], frequency=Frequency.SEASONAL,
                                      assignee=officer, starts_on=HISTORY_START, grace_days=GRACE[Frequency.SEASONAL]))
    schedules.append(Schedule(unit=group, checklist=by_key["FIRE"], frequency=Frequency.SPECIAL,
                              assignee=group.principal, starts_on=datetime.date(2026, 11, 9),
                              grace_days=GRACE[Frequency.SPECIAL]))
    # The demo employee's team: a daily check, so "My tasks" has something for the worker and the monitor.
    team = units.get("MACH-W01-T01")
    if team is not None:
        from zeroharm.org.models import Person

        worker = Person.objects.filter(unit=team, user__username="worker").first()
        schedules.append(Schedule(unit=team, checklist=by_key["ELEC"], frequency=Frequency.DAILY,
                                  assignee=worker or team.principal, grace_days=0,
                                  starts_on=REFERENCE_DATE - datetime.timedelta(days=20)))
        schedules.append(Schedule(unit=team, checklist=by_key["FIRE"], frequency=Frequency.WEEKLY,
                                  assignee_role=Role.SUPERVISOR, starts_on=HISTORY_START, grace_days=2))
    for schedule in schedules:
        if schedule.frequency == Frequency.DAILY and schedule.starts_on < REFERENCE_DATE - datetime.timedelta(days=90):
            schedule.starts_on = REFERENCE_DATE - datetime.timedelta(days=90)  # a quarter of daily checks is plenty
    schedules = bulk_create_with_history(schedules, Schedule, batch_size=2000)

    # 4. A year of inspections: done (mostly on time), some late, some missed, the next ones planned.
    principal_users = _users_of_people()
    inspections, outcomes = [], []
    revision_day = datetime.date(2026, 5, 1)
    for schedule in schedules:
        key = next(k for k, t in by_key.items() if t.pk == schedule.checklist_id)
        dates = due_dates(schedule, after=None, until=REFERENCE_DATE)
        upcoming = next_due_date(schedule, after=REFERENCE_DATE)
        if upcoming is not None:
            dates.append(upcoming)
        for due in dates:
            number = 1 if key in revised and due < revision_day else (2 if key in revised else 1)
            version = version_of[(key, number)]
            inspection = Inspection(unit_id=schedule.unit_id, schedule=schedule, point_id=schedule.point_id,
                                    assignee_id=schedule.assignee_id, due_date=due, checklist_version=version)
            deadline = due + datetime.timedelta(days=schedule.grace_days)
            if deadline >= REFERENCE_DATE:
                inspection.status = InspectionStatus.PLANNED
            elif rng.random() < 0.05:
                inspection.status = InspectionStatus.MISSED
            else:
                late = rng.random() < 0.07
                offset = (schedule.grace_days + rng.randint(1, 4)) if late else rng.randint(0, schedule.grace_days)
                done_on = min(due + datetime.timedelta(days=offset), REFERENCE_DATE)
                inspection.status = InspectionStatus.DONE
                inspection.is_late = done_on > deadline
                inspection.done_at = datetime.datetime.combine(
                    done_on, datetime.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=datetime.UTC)
                inspection.done_by_id = principal_users.get(schedule.assignee_id)
                failures = rng.random() < 0.12
                for item in items_of[version.pk]:
                    fail = failures and rng.random() < 0.25
                    outcome = Outcome.FAIL if fail else Outcome.NA if rng.random() < 0.04 else Outcome.PASS
                    outcomes.append((len(inspections), ItemResult(
                        item=item, outcome=outcome, note=rng.choice(FAIL_NOTES) if fail else "")))
            inspections.append(inspection)
        schedule.generated_until = dates[-1] if dates else None
    inspections = bulk_create_with_history(inspections, Inspection, batch_size=2000)
    Schedule.objects.bulk_update(schedules, ["generated_until"], batch_size=2000)
    results = []
    for index, result in outcomes:
        result.inspection = inspections[index]
        results.append(result)
    ItemResult.objects.bulk_create(results, batch_size=5000)
    used = {i.checklist_version_id for i in inspections if i.status == InspectionStatus.DONE}
    ChecklistVersion.objects.filter(pk__in=used).update(is_used=True)
    ctx.objects.update(checklists=by_key, inspection_points=points, inspections=inspections)
    counts = {s: sum(1 for i in inspections if i.status == s) for s in InspectionStatus.values}
    failed = sum(1 for r in results if r.outcome == Outcome.FAIL)
    late = sum(1 for i in inspections if i.is_late)
    return (f"{len(templates)} checklists, {len(points)} inspection points, {len(schedules)} schedules, "
            f"{len(inspections)} inspections ({counts['done']} done, {late} late, {counts['missed']} missed, "
            f"{counts['planned']} planned), {failed} failed items")


def _users_of_people() -> dict[int, int]:
    from zeroharm.org.models import Person

    return dict(Person.objects.filter(user__isnull=False).values_list("pk", "user_id"))



