"""The demo group: five branches of different industries, their workshops and teams, 3,000+ people.

Built with bulk inserts (paths computed here, as treebeard would) so it takes seconds, and seeded so
every run produces the same group. The history of each record starts with a "created" row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from zeroharm.core.registry import demo_hooks, register_demo_step
from zeroharm.org.choices import EmploymentType, PersonStatus, Sex, UnitKind
from zeroharm.org.models import ManHours, OrgUnit, Person, Position

__all__ = ["DEMO_GROUP_CODE", "build_tree", "SURNAMES", "GIVEN", "chinese_name"]

DEMO_GROUP_CODE = "ZH"

BRANCHES = [
    ("CHEM", "华东化工分公司", ["合成氨车间", "硫酸车间", "储运车间", "空分车间", "污水处理车间", "仪表维修车间"]),
    ("MACH", "重型机械分公司", ["冲压车间", "焊装车间", "机加工车间", "铸造车间", "总装车间", "热处理车间"]),
    ("LOGI", "物流运输分公司", ["仓储中心", "车队", "装卸作业区", "危化品运输队", "调度中心"]),
    ("CONS", "建筑工程分公司",
     ["土建一项目部", "土建二项目部", "钢结构项目部", "安装项目部", "市政项目部", "机械设备站"]),
    ("POWR", "电力能源分公司", ["锅炉车间", "汽机车间", "电气车间", "燃料车间", "化学水车间", "输变电运维站"]),
]
TEAM_NAMES = ["甲班", "乙班", "丙班", "丁班", "检修班"]

POSITIONS = [
    ("GM", "总经理", False, False), ("SAFETY-OFF", "专职安全员", False, False), ("DIR", "车间主任", False, False),
    ("MONITOR", "班长", False, False), ("OP-CHEM", "化工操作工", False, True), ("OP-PRESS", "冲压工", False, True),
    ("WELDER", "电焊工", True, True), ("ELEC", "电工", True, True), ("CRANE", "起重机司机", True, True),
    ("FORKLIFT", "叉车司机", True, False), ("DRIVER", "危险品运输驾驶员", True, True), ("SCAFF", "架子工", True, True),
    ("MACHINIST", "机加工操作工", False, False), ("BOILER", "锅炉操作工", True, True), ("FITTER", "钳工", False, False),
    ("QC", "质检员", False, False), ("STORE", "仓管员", False, False), ("LAB", "化验员", False, False),
    ("LABOURER", "普工", False, False), ("CLERK", "办公室职员", False, False),
]
BRANCH_POSITIONS = {
    "CHEM": ["OP-CHEM", "OP-CHEM", "ELEC", "FITTER", "LAB", "WELDER"],
    "MACH": ["OP-PRESS", "WELDER", "MACHINIST", "CRANE", "FITTER", "QC"],
    "LOGI": ["FORKLIFT", "DRIVER", "STORE", "LABOURER", "CRANE"],
    "CONS": ["SCAFF", "WELDER", "LABOURER", "CRANE", "ELEC"],
    "POWR": ["BOILER", "ELEC", "FITTER", "LAB", "OP-CHEM"],
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰辉鹏飞斌宇浩凯健俊帆帅旭宁龙林欣建国志红文博海波峰成亮"


def demo_is_loaded() -> bool:
    return OrgUnit.objects.filter(code=DEMO_GROUP_CODE).exists()


demo_hooks["is_loaded"] = demo_is_loaded


def chinese_name(rng) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _path(parent_path: str, index: int) -> str:
    return parent_path + OrgUnit._int2str(index).rjust(OrgUnit.steplen, "0")


def build_tree(spec: list[tuple], *, root_code: str, root_name: str, root_index: int = 1) -> list[OrgUnit]:
    """Bulk-insert a whole tree. `spec` is [(code, name, [(code, name, [(code, name), ...]), ...]), ...]."""
    units = []
    root = OrgUnit(code=root_code, name=root_name, kind=UnitKind.GROUP, path=_path("", root_index), depth=1,
                   numchild=len(spec))
    units.append(root)
    for b_index, (b_code, b_name, workshops) in enumerate(spec, start=1):
        branch = OrgUnit(code=b_code, name=b_name, kind=UnitKind.BRANCH, path=_path(root.path, b_index), depth=2,
                         numchild=len(workshops))
        units.append(branch)
        for w_index, (w_code, w_name, teams) in enumerate(workshops, start=1):
            workshop = OrgUnit(code=w_code, name=w_name, kind=UnitKind.WORKSHOP, path=_path(branch.path, w_index),
                               depth=3, numchild=len(teams))
            units.append(workshop)
            for t_index, (t_code, t_name) in enumerate(teams, start=1):
                units.append(OrgUnit(code=t_code, name=t_name, kind=UnitKind.TEAM, path=_path(workshop.path, t_index),
                                     depth=4, numchild=0))
    return bulk_create_with_history(units, OrgUnit, batch_size=2000)


def _demo_spec(rng) -> list[tuple]:
    spec = []
    for b_code, b_name, workshop_names in BRANCHES:
        workshops = []
        for w_index, w_name in enumerate(workshop_names, start=1):
            w_code = f"{b_code}-W{w_index:02d}"
            team_count = rng.choice([4, 4, 5])
            teams = [(f"{w_code}-T{t:02d}", f"{w_name}{TEAM_NAMES[t - 1]}") for t in range(1, team_count + 1)]
            workshops.append((w_code, w_name, teams))
        spec.append((b_code, b_name, workshops))
    return spec


def _birth_and_hire(rng, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    age_days = rng.randint(19 * 365, 58 * 365)
    birth = today - datetime.timedelta(days=age_days)
    tenure_days = min(rng.choice([rng.randint(10, 365), rng.randint(365, 3650), rng.randint(3650, 12000)]),
                      age_days - 18 * 365)
    return birth, today - datetime.timedelta(days=max(tenure_days, 1))


@register_demo_step(10, "organisation")
def build_demo_org(ctx) -> str:
    rng = ctx.rng
    today = datetime.date(2026, 11, 1)
    positions = bulk_create_with_history(
        [Position(code=c, name=n, is_special_operation=s, is_high_risk=h) for c, n, s, h in POSITIONS], Position
    )
    by_code = {p.code: p for p in positions}
    units = build_tree(_demo_spec(rng), root_code=DEMO_GROUP_CODE, root_name="零伤害实业集团")
    people = []
    serial = 0

    def person(unit, position_code, employment=EmploymentType.EMPLOYEE):
        nonlocal serial
        serial += 1
        birth, hire = _birth_and_hire(rng, today)
        people.append(Person(
            employee_no=f"E{serial:06d}", name=chinese_name(rng), unit=unit, position=by_code[position_code],
            employment_type=employment, birth_date=birth, hire_date=hire,
            sex=Sex.FEMALE if rng.random() < 0.18 else Sex.MALE, phone=f"13{rng.randint(100000000, 999999999)}",
            status=PersonStatus.LEFT if rng.random() < 0.03 else PersonStatus.ACTIVE,
        ))
        return people[-1]

    principals = {}
    for unit in units:
        if unit.kind in (UnitKind.GROUP, UnitKind.BRANCH):
            principals[unit.code] = person(unit, "GM")
            for _ in range(3 if unit.kind == UnitKind.BRANCH else 6):
                person(unit, rng.choice(["SAFETY-OFF", "CLERK", "CLERK"]))
        elif unit.kind == UnitKind.WORKSHOP:
            principals[unit.code] = person(unit, "DIR")
            person(unit, "SAFETY-OFF")
        else:
            principals[unit.code] = person(unit, "MONITOR")
            branch_code = unit.code.split("-")[0]
            for _ in range(rng.randint(19, 27)):
                employment = rng.choices(
                    [EmploymentType.EMPLOYEE, EmploymentType.CONTRACTOR, EmploymentType.TEMPORARY], [80, 14, 6]
                )[0]
                person(unit, rng.choice(BRANCH_POSITIONS[branch_code]), employment)
    for p in principals.values():
        p.status = PersonStatus.ACTIVE
    people = bulk_create_with_history(people, Person, batch_size=2000)
    by_no = {p.employee_no: p for p in people}
    for unit in units:
        unit.principal = by_no[principals[unit.code].employee_no]
    OrgUnit.objects.bulk_update(units, ["principal"], batch_size=2000)
    _officers(units, people)
    hours = _man_hours(rng, units, people, today)
    ctx.objects.update(units={u.code: u for u in units}, people=people, positions=by_code)
    return f"{len(units)} units, {len(people)} people, {len(positions)} positions, {hours} man-hour months"


def _officers(units, people) -> None:
    by_unit: dict[int, list[Person]] = {}
    for p in people:
        if p.position.code == "SAFETY-OFF":
            by_unit.setdefault(p.unit_id, []).append(p)
    through = OrgUnit.safety_officers.through
    through.objects.bulk_create([
        through(orgunit_id=unit.pk, person_id=p.pk) for unit in units for p in by_unit.get(unit.pk, [])
    ])


def _man_hours(rng, units, people, today) -> int:
    """24 months per team: headcount from the roster, about 174 hours a month each, with seasonal swing."""
    headcount: dict[int, int] = {}
    for p in people:
        if p.status == PersonStatus.ACTIVE:
            headcount[p.unit_id] = headcount.get(p.unit_id, 0) + 1
    rows = []
    month = today.replace(day=1)
    months = []
    for _ in range(24):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        months.append(month)
    for unit in units:
        if unit.kind != UnitKind.TEAM:
            continue
        for m in months:
            crew = max(1, headcount.get(unit.pk, 0) + rng.randint(-2, 1))
            per_head = 174 * (0.92 if m.month in (1, 2) else 1.0) * rng.uniform(0.95, 1.08)
            rows.append(ManHours(unit=unit, month=m, hours=Decimal(round(crew * per_head, 1)).quantize(Decimal("0.1")),
                                 average_headcount=Decimal(crew)))
    bulk_create_with_history(rows, ManHours, batch_size=2000)
    return len(rows)
