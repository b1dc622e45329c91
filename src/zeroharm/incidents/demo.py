"""Demo incidents: 24 months (November 2024 – October 2026, the months the organisation demo records man-hours
for) of near misses, first-aid cases, injuries, illnesses, property damage, fires, releases and road accidents
across the demo group, with five patterns planted in them for the accident analysis to find.

Every record is what the services would have left: the computed figures (GB 6441 class, statistical class,
OSHA recordability, 300-log columns, Decree 493 grade) come from the services' own per-person rule
(``services.person_figures``, pure) and the same aggregation as ``services.refresh_figures``; the shift follows
the time (``services.shift_for``); age, tenure and position come from the register at the date of the
incident; investigated incidents carry causes (by the six factors), a 5-why chain for injuries, responsibility
findings, a lessons session and corrective or preventive actions (``actions.ActionItem`` with the incident as
source, verified by a second person); closed ones passed all four gates, each confirmed with its evidence.
The steps after the reference date (2026-11-01, as in the organisation, risk and inspection demos) are left
undone, so recent incidents are under investigation or just reported. Narratives are Chinese, some English,
composed from per-scenario clauses and sentence frames so that similar events read alike and most do not.
Everything comes from a generator seeded for this step alone and is inserted in bulk.

Figures as built: 1,723 incidents — 1,028 near misses, 369 first-aid cases, 217 injuries, 3 occupational
illnesses, 48 property damages, 35 road accidents, 12 environmental releases, 11 fires; 600 people involved, 231
OSHA-recordable cases, 7 serious injuries (GB 6441, ≥ 105 days), one death, 12 hospitalisations; 1,622 closed, 51
under investigation, 50 just reported; 1,901 actions (1,854 verified). About one narrative in eighteen is English.
Causes and gate confirmations are inserted without a history row of their own (the incident's history has the steps).

Patterns planted (``PLANTED`` names the units; ``tests/test_incidents_demo.py`` checks each one):

(a) **Press line, night shift, hands** — 冲压车间 (MACH-W01): 38 hand and finger injuries on the punch presses
    (``PRESS``), 24 recordable (exactly one a month, so a high but steady rate; one fingertip amputation) and 14
    first aid, 29 of them on the night shift (0–8 h), plus 18 near misses there. The next workshop × agent × shift
    has 5 hand injuries; over all incidents the press line at night has 42, the next 12.
(b) **Falls from height rising at the construction branch** — 建筑工程分公司 (CONS): recordable cases 1, 2, 1, 2 …
    for the first 15 months (5 of them falls), then 3, 3, 4 and, in the last six months, 4, 5, 4, 6, 7, 5, almost
    all falls from height (category 09) in 土建一/二项目部 and 钢结构项目部, one of them fatal, two serious. Against
    the first 12 months (18 cases) the last six (31) have 3.4 times the rate (exact Poisson tail 1e-8, rate-ratio
    test p = 2e-5); the last nine months all lie above the baseline's centre line and the month with 7 cases has an
    exact tail of 0.001, beyond the 3σ level (0.00135).
(c) **A steady unit** — 华东化工分公司 (CHEM): recordable cases alternate 1, 2, 1, 2 … over the 24 months (36), given to
    its workshops in turn: no run, trend or exact-test signal at branch or workshop level. The other branches
    alternate as well (MACH 2, 3; LOGI and POWR 2, 1), so CONS is the one that rose.
(d) **A cluster that recurred after its action was verified** — 仓储中心 (LOGI-W01): 13 near-identical reports of a
    forklift reversing without horn or banksman (``FORKLIFT``; every text, and no other, contains ``FORKLIFT_MARK``):
    six from February to September 2025, after the sixth of which the key measure (reversing camera, blue warning
    light, separate pedestrian aisles: ``FORKLIFT_KEY_ACTION``) was raised and verified on 1 October 2025; then seven
    more from December 2025 to October 2026 (the last two under investigation and just reported). Their narratives'
    character TF-IDF similarity averages 0.8 with each other and stays below 0.1 with any other narrative.
(e) **Pyramid under-reporting** — 燃料车间 (POWR-W04): 2 serious injuries, 4 other lost-time cases, 2 first-aid cases
    and 2 near misses in 24 months (1 near miss per serious injury), where every other workshop with a serious
    injury reports 16 or more.

Two privacy cases (a contaminated needlestick, privacy reason 5; a contact dermatitis whose employee asked for the
name to be left off, reason 6). Every branch, workshop and team has man-hours for each of the 24 months (org.demo).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zeroharm.actions.models import ActionItem, ActionKind, ActionStatus
from zeroharm.core.registry import register_demo_step
from zeroharm.hazards.demo import APPROVERS, CHANGERS, REPORTERS, DemoStaff, stamp_from_history
from zeroharm.incidents import services, standards
from zeroharm.incidents.choices import (
    AccidentCategory,
    BodyPart,
    CauseFactor,
    CauseLevel,
    CauseType,
    FindingKind,
    Gate,
    IncidentKind,
    IncidentState,
    InjuryClass,
    InjuryNature,
    OshaCaseType,
    Outcome,
    PersonRole,
    PrivacyReason,
)
from zeroharm.incidents.models import (
    Cause,
    Finding,
    GateSign,
    Incident,
    InvolvedPerson,
    LessonSession,
    TimelineEntry,
    WhyStep,
)
from zeroharm.org.choices import EmploymentType, UnitKind

__all__ = [
    "REFERENCE_DATE", "START", "MONTHS", "PRESS", "FORKLIFT", "FORKLIFT_MARK", "PLANTED", "RECORDABLE_SCHEDULE",
    "CONS_FALLS", "month_start", "build_demo_incidents",
]

REFERENCE_DATE = datetime.date(2026, 11, 1)  # the demo's "today", as in org.demo, risks.demo and inspections.demo
START = datetime.date(2024, 11, 1)  # the first of the 24 man-hour months of org.demo
MONTHS = 24

PRESS = "冲床 / punch press"
FORKLIFT = "叉车 / forklift truck"
FORKLIFT_MARK = "叉车倒车时未鸣笛"  # in every narrative of the planted cluster (d), in no other

# What the analysis must find; the unit codes are those of org.demo.
PLANTED = {
    "press": {"workshop": "MACH-W01", "agent": PRESS, "shift": "night", "body_parts": ("hand", "finger")},
    "falls": {"branch": "CONS", "category": AccidentCategory.FALL_FROM_HEIGHT.value, "baseline_months": 12,
              "rise_months": 9, "workshops": ("CONS-W01", "CONS-W02", "CONS-W03")},
    "steady": {"unit": "CHEM"},
    "forklift": {"workshop": "LOGI-W01", "agent": FORKLIFT, "mark": FORKLIFT_MARK},
    "under_reporting": {"workshop": "POWR-W04"},
}

# Recordable incidents (one recordable person each) per branch and month, month 0 = November 2024.
RECORDABLE_SCHEDULE = {
    "CHEM": [1, 2] * 12,
    "MACH": [2, 3] * 12,  # one a month is the press line's
    "LOGI": [2, 1] * 12,
    "CONS": [1, 2] * 7 + [1] + [3, 3, 4] + [4, 5, 4, 6, 7, 5],
    "POWR": [2, 1] * 12,
}
# Of CONS's recordable cases, the falls from height (the rest of the rise).
CONS_FALLS = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 2, 2, 3, 3, 4, 3, 5, 6, 4]

# Background volumes over the 24 months (the planted patterns come on top).
NEAR_MISSES = 1000
FIRST_AID = 350

NM, FA, INJ = IncidentKind.NEAR_MISS, IncidentKind.FIRST_AID, IncidentKind.INJURY
P, K = ActionKind.PREVENTIVE, ActionKind.CORRECTIVE
PEOPLE, MACHINE, MATERIAL, METHOD, ENVIRONMENT, MANAGEMENT = (
    CauseFactor.PEOPLE, CauseFactor.MACHINE, CauseFactor.MATERIAL, CauseFactor.METHOD, CauseFactor.ENVIRONMENT,
    CauseFactor.MANAGEMENT)
ACT, COND, MGMT = CauseType.UNSAFE_ACT, CauseType.UNSAFE_CONDITION, CauseType.MANAGEMENT_DEFECT


def month_start(index: int) -> datetime.date:
    """The first day of demo month ``index`` (0 = November 2024)."""
    year, month = divmod(START.month - 1 + index, 12)
    return datetime.date(START.year + year, month + 1, 1)


#
# Scenarios: what happens, to what, how; each with clauses to compose narratives from.
#


@dataclass(frozen=True)
class Scenario:
    key: str
    category: str
    agent: str
    event_type: str
    acts: tuple[str, ...]  # "在{place}{act}时"
    events: tuple[str, ...]  # what went wrong
    parts: tuple[str, ...]  # body parts hurt
    natures: tuple[str, ...]
    causes: tuple[tuple[str, str, str], ...]  # direct causes: (factor, type, text)
    actions: tuple[tuple[str, str], ...]  # (kind, title)
    near: tuple[str, ...] = ()  # how a near miss ended
    positions: tuple[str, ...] = ()  # who is usually involved (org position codes)
    places: tuple[str, ...] = ()
    en: tuple | None = None  # (acts, events, near) in English
    illness: str = ""  # an OSHA case type: the scenario is an occupational illness


GENERAL = [
    Scenario("slip", "20", "地面油污积水 / slippery floor", "滑倒 / slip on the same level",
             ("巡检", "搬运物料", "清理现场", "交接班途中经过通道"),
             ("脚下踩到油污打滑摔倒", "踩到地面积水滑倒", "被通道上散落的物料绊倒"),
             ("ankle", "knee", "wrist", "back", "hip"), ("sprain", "contusion", "fracture"),
             ((ENVIRONMENT, COND, "地面油污、积水未及时清理"),
              (PEOPLE, ACT, "行走时未注意脚下，穿着的劳保鞋防滑性能差")),
             ((P, "设备漏点治理并在通道铺设防滑垫"), (K, "将地面清洁纳入班组交接班检查")),
             near=("身体失去平衡，及时扶住栏杆未摔倒", "险些摔倒"),
             en=(("walking", "carrying materials", "cleaning up"),
                 ("they slipped on an oily patch", "they slipped on standing water",
                  "they tripped over loose material"),
                 ("caught the handrail and did not fall", "nearly fell"))),
    Scenario("stairs", "20", "钢梯 / steel stairway", "踏空或绊倒 / trip or misstep",
             ("上下钢梯", "从平台下到地面", "沿爬梯上行"),
             ("踏空一级台阶", "踩到松动的踏步", "手中持物未扶扶手"),
             ("ankle", "knee", "leg"), ("sprain", "contusion"),
             ((PEOPLE, ACT, "上下楼梯未扶扶手，手中持物"), (MACHINE, COND, "钢梯踏步防滑条脱落、踏步松动")),
             ((K, "更换钢梯防滑条并紧固踏步"), (P, "开展“上下楼梯扶扶手”行为安全观察")),
             near=("及时抓住扶手未受伤", "身体前倾险些摔下楼梯"),
             en=(("going down the stairs", "climbing the stairs"), ("they missed a step", "a loose tread gave way"),
                 ("grabbed the handrail in time", "nearly fell down the stairs"))),
    Scenario("knife", "20", "美工刀 / utility knife", "割伤 / cut",
             ("拆包装", "裁切密封垫", "清理胶带"), ("刀片打滑", "刀片折断弹出", "用力过猛刀具脱手"),
             ("hand", "finger"), ("cut",),
             ((PEOPLE, ACT, "使用刀具时刀口朝向自己"), (MATERIAL, COND, "使用的刀具无自动回刃功能")),
             ((K, "更换为安全回刃美工刀"), (P, "配发防割手套并纳入劳保用品发放标准")),
             near=("刀片擦过手套，未伤及皮肤",),
             en=(("opening packaging", "cutting a gasket"), ("the blade slipped", "the blade snapped"),
                 ("the blade grazed the glove without cutting",))),
    Scenario("falling_object", "01", "高处落物 / falling object", "物体打击 / struck by falling object",
             ("平台下方作业", "经过货架旁", "设备下方检修"),
             ("上方平台放置的扳手滑落", "上方工具袋未扎紧，工具坠落", "管架上的保温铁皮脱落"),
             ("head", "shoulder", "arm", "foot"), ("contusion", "cut", "concussion"),
             ((MATERIAL, COND, "高处物料、工具未固定"), (METHOD, MGMT, "交叉作业未设置警戒区")),
             ((K, "高处作业工具加装防坠绳"), (P, "交叉作业时设置警戒区并安排专人监护")),
             near=("落物砸在其身旁约半米处", "落物砸中安全帽，未受伤"),
             en=(("working under a platform", "passing under a rack"), ("a spanner fell from the platform above",
                                                                        "a loose tool dropped from above"),
                 ("it landed half a metre away", "it hit the hard hat, no injury"))),
    Scenario("handling", "20", "重物搬运 / manual handling", "用力过度 / overexertion",
             ("搬运配件", "人工抬运阀门", "码放物料"), ("弯腰抬起重物时用力过猛", "两人抬运时一方突然松手"),
             ("back", "shoulder", "wrist"), ("sprain",),
             ((PEOPLE, ACT, "搬运姿势不正确"), (METHOD, MGMT, "重物搬运未配备辅助工具")),
             ((K, "配备手动液压搬运车和吊装辅具"), (P, "开展正确搬运姿势培训")),
             en=(("lifting a valve", "stacking parts"), ("they lifted a heavy part with a bent back",),
                 ())),
    Scenario("grinder", "01", "角磨机 / angle grinder", "飞溅物伤害 / struck by flying particles",
             ("打磨焊缝", "切割钢管", "修磨毛刺"), ("火花和铁屑飞溅", "砂轮片碎裂飞出", "防护罩被拆除"),
             ("eye", "face", "hand"), ("eye_injury", "cut"),
             ((PEOPLE, ACT, "打磨时未佩戴防护面罩"), (MACHINE, COND, "角磨机防护罩缺失")),
             ((K, "角磨机全部恢复防护罩并张贴检查标签"), (P, "打磨作业点配备防护面罩")),
             near=("碎片打在防护面罩上，未受伤", "铁屑从眼镜边缘擦过"),
             en=(("grinding a weld", "cutting a pipe"), ("sparks and chips flew", "the disc shattered"),
                 ("the fragment hit the face shield",))),
    Scenario("tool_shock", "05", "手持电动工具 / portable power tool", "触电 / electric shock",
             ("使用手电钻", "移动电缆盘", "插拔临时电源"), ("电缆绝缘破损", "工具外壳漏电", "插头破损带电部分外露"),
             ("hand", "arm"), ("electric",),
             ((MACHINE, COND, "电动工具电缆绝缘破损"), (MANAGEMENT, MGMT, "电动工具未按规定定期检测")),
             ((K, "对手持电动工具全面检测并贴合格标签"), (P, "临时电源全部加装漏电保护器")),
             near=("漏电保护器动作跳闸，未造成伤害", "手部感到麻电，立即松手"),
             en=(("using a drill", "moving a cable reel"), ("the cable insulation was damaged",),
                 ("the RCD tripped, no injury",))),
]

BRANCH = {
    "CHEM": [
        Scenario("acid", "07", "硫酸管线 / sulphuric acid line", "化学品喷溅 / chemical splash",
                 ("拆卸法兰", "更换取样阀", "处理泵体泄漏"),
                 ("管线内残存酸液喷出", "法兰垫片破裂酸液喷溅", "取样阀突然打开"),
                 ("face", "hand", "arm", "eye"), ("chemical_burn",),
                 ((PEOPLE, ACT, "未佩戴防酸面罩和防酸手套"), (METHOD, MGMT, "拆卸前未彻底排空泄压")),
                 ((K, "完善检修前排空、泄压、确认程序"), (P, "在酸区增设洗眼器和紧急喷淋")),
                 near=("酸液溅在防护服上，未伤及皮肤", "及时躲开，酸液溅在地面"), positions=("OP-CHEM", "FITTER"),
                 places=("泵房", "装置区一层", "管廊", "罐区"),
                 en=(("removing a flange", "changing a sample valve"), ("residual acid sprayed out",),
                     ("the acid hit the protective suit only",))),
        Scenario("ammonia", "19", "液氨阀门 / ammonia valve", "有毒气体吸入 / inhalation of toxic gas",
                 ("巡检液氨管线", "切换液氨阀门", "处理仪表引压管"), ("阀门填料泄漏", "引压管接头松脱，氨气泄出"),
                 ("internal",), ("poisoning",),
                 ((MACHINE, COND, "阀门填料老化泄漏"), (PEOPLE, ACT, "未携带便携式气体检测仪")),
                 ((K, "更换液氨阀门填料并开展泄漏检测"), (P, "巡检人员配备便携式气体检测仪")),
                 near=("闻到氨味立即撤离至上风向", "便携式检测仪报警，及时撤离"), positions=("OP-CHEM",),
                 places=("罐区", "压缩机厂房", "装置区二层平台"),
                 en=(("checking the ammonia line", "switching an ammonia valve"), ("the valve packing leaked",),
                     ("smelt ammonia and moved upwind",))),
        Scenario("steam", "07", "蒸汽管道 / steam pipe", "烫伤 / scald",
                 ("打开蒸汽疏水阀", "检查伴热管线"), ("疏水阀喷出高温蒸汽", "保温层破损处接触高温管道"),
                 ("hand", "arm", "leg"), ("burn",),
                 ((MACHINE, COND, "蒸汽管道保温层破损"), (PEOPLE, ACT, "操作时站位不当")),
                 ((K, "修复蒸汽管道保温层并挂防烫警示"), (P, "疏水阀排放口加装导向管")),
                 near=("蒸汽从身旁喷出，未烫伤",), positions=("OP-CHEM",), places=("管廊", "装置区一层")),
        Scenario("pump", "03", "离心泵联轴器 / pump coupling", "卷入 / caught in rotating part",
                 ("检查泵体振动", "给泵加油"), ("衣袖被旋转的联轴器卷住", "联轴器防护罩缺失"),
                 ("arm", "hand"), ("contusion", "crush"),
                 ((MACHINE, COND, "联轴器防护罩缺失"), (PEOPLE, ACT, "设备运行中靠近旋转部位")),
                 ((K, "补齐全部泵的联轴器防护罩"), (P, "修订巡检标准，禁止运行中触碰旋转部位")),
                 near=("及时挣脱，衣袖被撕破", "立即按下急停"), positions=("FITTER", "OP-CHEM"), places=("泵房",)),
        Scenario("platform", "09", "装置平台 / process platform", "高处坠落 / fall from height",
                 ("二层平台更换仪表", "攀爬直梯"), ("平台栏杆锈蚀断裂", "直梯护笼缺失，脚下打滑"),
                 ("leg", "back", "multiple"), ("fracture", "contusion"),
                 ((MACHINE, COND, "平台栏杆锈蚀"), (PEOPLE, ACT, "高处作业未系安全带")),
                 ((K, "更换锈蚀栏杆，排查同类平台"), (P, "直梯加装护笼和防坠器")),
                 near=("身体倚靠栏杆时栏杆断裂，及时抓住立柱", "脚下打滑，抓住护笼未坠落"),
                 positions=("ELEC", "FITTER"), places=("装置区二层平台",)),
        Scenario("lab", "07", "化验试剂 / laboratory reagent", "化学品喷溅 / chemical splash",
                 ("配制试剂", "清洗玻璃器皿"), ("烧杯破裂，试剂溅出", "稀释浓酸时操作顺序错误"),
                 ("hand", "eye", "face"), ("chemical_burn", "cut"),
                 ((PEOPLE, ACT, "未在通风橱内操作"), (METHOD, MGMT, "化验操作规程未明确稀释步骤")),
                 ((K, "修订化验室操作规程并考试"), (P, "化验室配备防护面屏")),
                 near=("试剂溅在台面上",), positions=("LAB",), places=("化验室",),
                 en=(("preparing a reagent", "washing glassware"), ("a beaker cracked and splashed",),
                     ("the reagent splashed on the bench only",))),
        Scenario("dermatitis", "20", "化学品接触 / chemical contact", "皮肤接触 / skin contact",
                 ("长期接触助剂",), ("双手反复接触化学品",), ("hand",), ("skin",),
                 ((MATERIAL, COND, "助剂具有致敏性"), (PEOPLE, ACT, "未按规定佩戴防护手套")),
                 ((K, "更换低致敏性助剂"), (P, "配发耐化学品手套并开展职业健康培训")),
                 positions=("OP-CHEM",), places=("装置区一层",), illness=OshaCaseType.SKIN),
    ],
    "MACH": [
        Scenario("lathe", "03", "车床 / lathe", "卷入 / caught in rotating part",
                 ("测量工件", "清理铁屑", "调整刀具"), ("手套被旋转的卡盘卷入", "未停机用手清理铁屑"),
                 ("hand", "finger", "arm"), ("crush", "cut", "fracture"),
                 ((PEOPLE, ACT, "操作车床时戴手套"), (MACHINE, COND, "卡盘防护罩缺失")),
                 ((K, "车床加装卡盘防护罩并与主轴联锁"), (P, "开展旋转设备禁止戴手套专项检查")),
                 near=("手套被卷入，及时挣脱", "按下急停，未受伤"), positions=("MACHINIST",),
                 places=("机加工区",),
                 en=(("measuring a part on a lathe", "clearing swarf from a lathe"),
                     ("the glove was caught by the chuck",),
                     ("pulled free in time", "hit the emergency stop"))),
        Scenario("crane", "04", "桥式起重机 / overhead crane", "吊物碰撞 / struck by swinging load",
                 ("指挥吊装", "挂钩", "扶正吊物"), ("吊物摆动撞到人", "吊索从吊钩脱出", "歪拉斜吊"),
                 ("shoulder", "leg", "foot", "head"), ("contusion", "fracture"),
                 ((PEOPLE, ACT, "歪拉斜吊"), (MACHINE, COND, "吊钩防脱钩装置损坏")),
                 ((K, "更换吊钩防脱钩装置，全面检查吊索具"), (P, "对司索工和起重机司机开展吊装作业再培训")),
                 near=("吊物擦身而过", "吊物坠落在警戒区内，未伤人"), positions=("CRANE", "FITTER"),
                 places=("行车轨道下方", "总装线")),
        Scenario("ladle", "07", "浇包 / ladle", "金属液飞溅 / molten metal splash",
                 ("浇注铸件", "扒渣"), ("金属液遇潮湿砂型飞溅", "浇包倾翻角度过大"),
                 ("foot", "leg", "hand"), ("burn",),
                 ((MATERIAL, COND, "砂型潮湿"), (PEOPLE, ACT, "未穿戴隔热防护服和护脚")),
                 ((K, "砂型使用前烘干并检查"), (P, "浇注工配齐隔热防护用品")),
                 near=("金属液溅在地面", "及时后撤"), places=("浇注区", "熔炼区")),
        Scenario("welding", "07", "电焊机 / welding set", "灼伤 / burn",
                 ("焊接支架", "仰焊"), ("焊渣掉入衣领", "弧光灼伤眼睛"), ("eye", "neck", "arm"), ("burn", "eye_injury"),
                 ((PEOPLE, ACT, "未正确佩戴焊接面罩和护颈"), (METHOD, MGMT, "仰焊作业未采取防护措施")),
                 ((P, "焊工配发阻燃护颈和焊接头盔"), (K, "焊接工位设置挡光屏")),
                 near=("焊渣落在防护服上",), positions=("WELDER",), places=("焊接工位",),
                 en=(("welding a bracket", "welding overhead"), ("spatter fell into the collar",),
                     ("the spatter landed on the jacket",))),
        Scenario("sheet", "20", "钢板 / steel sheet", "割伤 / cut by sharp edge",
                 ("搬运冲压件", "码放钢板"), ("钢板毛刺划破手套", "钢板滑落"), ("hand", "finger", "arm"), ("cut",),
                 ((MATERIAL, COND, "钢板边缘毛刺未去除"), (PEOPLE, ACT, "未佩戴防割手套")),
                 ((P, "搬运钢板人员配发防割手套"), (K, "增设钢板去毛刺工序")),
                 near=("钢板滑落砸在脚边",), places=("成品仓库", "总装线")),
        Scenario("heat_treat", "07", "热处理炉 / heat-treatment furnace", "烫伤 / burn",
                 ("出炉", "装炉"), ("工件夹钳滑脱", "炉门联锁失效"), ("hand", "arm"), ("burn",),
                 ((MACHINE, COND, "炉门联锁失效"), (PEOPLE, ACT, "未使用专用夹钳")),
                 ((K, "修复炉门联锁"), (P, "出炉作业配备专用夹钳和隔热手套")),
                 near=("工件掉落在地面，未伤人",), places=("热处理炉旁",)),
    ],
    "LOGI": [
        Scenario("rack_hit", "02", FORKLIFT, "车辆碰撞 / struck by vehicle",
                 ("驾驶叉车转弯", "叉车叉取托盘"), ("货叉刮碰货架立柱", "转弯时车速过快，货物倾倒"),
                 ("foot", "leg"), ("contusion", "fracture"),
                 ((PEOPLE, ACT, "叉车在库内超速行驶"), (ENVIRONMENT, COND, "转弯处视线受阻")),
                 ((K, "转弯处加装凸面镜"), (P, "叉车加装限速器")),
                 near=("货物倾倒在通道上，无人受伤", "货架晃动，未倒塌"), positions=("FORKLIFT",),
                 places=("仓库A区", "仓库B区", "主通道"),
                 en=(("turning a forklift", "lifting a pallet"), ("the forks hit a rack upright",),
                     ("the load fell into the aisle, nobody hurt",))),
        Scenario("rack_fall", "01", "货架 / storage rack", "物体打击 / struck by falling goods",
                 ("货架间拣货", "整理货位"), ("上层货物滑落", "托盘破损货物坠落"),
                 ("head", "shoulder", "foot"), ("contusion",),
                 ((MATERIAL, COND, "托盘破损、货物未缠绕固定"), (METHOD, MGMT, "货物超高堆放")),
                 ((K, "更换破损托盘，货物缠绕膜固定"), (P, "货架张贴限高标识")),
                 near=("货物坠落在身后",), positions=("STORE", "LABOURER"), places=("仓库A区", "仓库B区")),
        Scenario("dock", "09", "装卸平台 / loading dock", "坠落 / fall from dock or truck bed",
                 ("装卸货物", "从车厢下到地面"), ("从月台边缘踏空", "车辆未停稳即开始装卸"),
                 ("ankle", "leg", "back"), ("sprain", "fracture"),
                 ((ENVIRONMENT, COND, "月台边缘无警示"), (METHOD, MGMT, "装卸前未确认车辆制动和止轮")),
                 ((K, "月台边缘涂刷警示色并加装护栏"), (P, "装卸前执行止轮楔确认")),
                 near=("车辆溜车，月台上人员及时后退",), positions=("LABOURER",), places=("装卸月台",)),
        Scenario("truck", "02", "重型货车 / heavy goods vehicle", "道路交通事故 / road collision",
                 ("驾驶货车运输途中", "倒车入库"), ("与社会车辆发生碰撞", "追尾前车", "倒车时撞到门柱"),
                 ("neck", "chest", "leg"), ("contusion", "fracture", "multiple"),
                 ((PEOPLE, ACT, "驾驶员疲劳驾驶"), (ENVIRONMENT, COND, "雨天路面湿滑")),
                 ((K, "调整排班，严控连续驾驶时间"), (P, "车辆加装疲劳驾驶预警系统")),
                 near=("紧急制动，未发生碰撞",), positions=("DRIVER",), places=("停车场",)),
    ],
    "CONS": [
        Scenario("fall", "09", "脚手架 / scaffold", "高处坠落 / fall from height",
                 ("搭设外脚手架", "拆除模板", "安装钢梁", "绑扎钢筋", "安装外墙保温板"),
                 ("安全带未系挂", "脚手板未满铺踏空", "临边防护栏杆被拆除未恢复", "踩断未固定的模板",
                  "移动中安全带挂点不可靠"),
                 ("leg", "back", "hip", "multiple"), ("fracture", "contusion", "multiple"),
                 ((PEOPLE, ACT, "高处作业未系挂安全带"), (MACHINE, COND, "脚手板未满铺、临边防护缺失")),
                 ((K, "全面检查脚手架和临边防护，验收挂牌"), (P, "设置安全带生命线和挂点")),
                 near=("被安全带拉住未坠落", "身体失去平衡，抓住钢管未坠落"), positions=("SCAFF", "WELDER", "LABOURER"),
                 places=("1#楼", "2#楼", "钢结构厂房", "外脚手架"),
                 en=(("erecting scaffolding", "fixing a steel beam"),
                     ("they were not tied off", "a scaffold board was missing"),
                     ("the harness held", "grabbed a tube and did not fall"))),
        Scenario("strike", "01", "高处落物 / falling object", "物体打击 / struck by falling object",
                 ("楼下清理", "经过施工通道"), ("楼上抛掷的模板砸落", "扣件从脚手架坠落"),
                 ("head", "shoulder", "foot"), ("contusion", "concussion"),
                 ((PEOPLE, ACT, "高处抛掷物料"), (METHOD, MGMT, "施工通道未搭设防护棚")),
                 ((K, "施工通道搭设双层防护棚"), (P, "严禁高处抛掷，设置垂直运输通道")),
                 near=("落物砸中安全帽", "落物落在身旁"), positions=("LABOURER",), places=("施工通道", "1#楼")),
        Scenario("tower_crane", "04", "塔式起重机 / tower crane", "吊物坠落 / falling load",
                 ("配合塔吊吊运钢筋", "挂钩"), ("吊索具断裂", "吊物绑扎不牢散落"), ("foot", "leg", "shoulder"),
                 ("contusion", "fracture"),
                 ((MATERIAL, COND, "吊索具磨损超标"), (PEOPLE, ACT, "吊物下方站人")),
                 ((K, "更换磨损吊索具，建立吊索具检查台账"), (P, "吊装区域设置警戒并专人指挥")),
                 near=("吊物坠落在警戒区内",), positions=("CRANE", "LABOURER"), places=("塔吊作业区",)),
        Scenario("trench", "10", "基坑 / excavation", "坍塌 / collapse",
                 ("基坑内铺设管道", "清理坑底"), ("坑壁局部坍塌", "坑边堆土滑落"), ("leg", "multiple"),
                 ("contusion", "crush"),
                 ((ENVIRONMENT, COND, "雨后坑壁土质松软"), (METHOD, MGMT, "坑边堆土距离不足")),
                 ((K, "按方案放坡并加设支护"), (P, "雨后复工前检查基坑")),
                 near=("坑壁局部坍塌，人员及时撤出",), positions=("LABOURER",), places=("基坑北侧", "市政管沟")),
        Scenario("rebar", "03", "钢筋加工机械 / rebar bending machine", "挤压 / caught in machine",
                 ("弯曲钢筋", "切断钢筋"), ("手离转盘过近", "钢筋端头甩动"), ("hand", "finger"), ("crush", "cut"),
                 ((PEOPLE, ACT, "送料时手离危险区域过近"), (MACHINE, COND, "弯曲机无防护")),
                 ((K, "钢筋加工机械加装防护"), (P, "钢筋工上岗前实操考核")),
                 near=("钢筋甩动擦过身体",), positions=("LABOURER",), places=("钢筋加工场",)),
        Scenario("temp_power", "05", "临时用电 / temporary power", "触电 / electric shock",
                 ("移动振捣器", "接临时电源"), ("电缆拖地被碾破", "开关箱无漏电保护"), ("hand", "arm"), ("electric",),
                 ((MACHINE, COND, "开关箱漏电保护器失效"), (PEOPLE, ACT, "非电工私接电源")),
                 ((K, "更换失效漏电保护器，一机一闸一漏"), (P, "临时用电每日检查")),
                 near=("漏电保护器跳闸",), positions=("ELEC", "LABOURER"), places=("临时配电房", "2#楼")),
        Scenario("nail", "20", "铁钉 / protruding nail", "刺伤 / puncture",
                 ("清理模板", "楼层行走"), ("踩到带钉模板", "木方上的铁钉扎入手掌"), ("foot", "hand"), ("puncture",),
                 ((ENVIRONMENT, COND, "拆下的模板未及时拔钉归堆"), (PEOPLE, ACT, "未穿防刺穿劳保鞋")),
                 ((K, "拆模后立即拔钉归堆"), (P, "配发防刺穿劳保鞋")),
                 positions=("LABOURER",), places=("2#楼", "材料堆场")),
    ],
    "POWR": [
        Scenario("conveyor", "03", "输煤皮带 / coal conveyor belt", "卷入 / caught in conveyor",
                 ("清理皮带积煤", "调整托辊"), ("皮带运行中清理积煤", "拉绳开关失效未能停机"),
                 ("arm", "hand", "leg"), ("crush", "fracture"),
                 ((PEOPLE, ACT, "设备运行中清理积煤"), (MACHINE, COND, "拉绳开关失效")),
                 ((K, "修复拉绳开关并每班试验"), (P, "清理积煤前停机挂牌")),
                 near=("工具被皮带卷走，人员未受伤",), places=("输煤栈桥",)),
        Scenario("hot_pipe", "07", "高温管道 / high-temperature pipe", "烫伤 / scald",
                 ("检修阀门", "巡检汽机平台"), ("阀门盘根泄漏喷出热水", "接触未保温的高温管道"),
                 ("hand", "arm", "leg"), ("burn",),
                 ((MACHINE, COND, "阀门盘根泄漏"), (METHOD, MGMT, "检修前未确认系统已隔离降温")),
                 ((K, "完善检修隔离确认单"), (P, "高温部位全部恢复保温")),
                 near=("热水喷在身旁",), positions=("BOILER", "FITTER"), places=("汽机房", "锅炉房"),
                 en=(("repairing a valve", "patrolling the turbine deck"), ("hot water sprayed from the gland",),
                     ("the jet missed them",))),
        Scenario("switchgear", "05", "高压开关柜 / HV switchgear", "电弧灼伤或触电 / arc flash or shock",
                 ("倒闸操作", "检修开关柜"), ("误入带电间隔", "验电器失效未发现带电"), ("hand", "face"),
                 ("electric", "burn"),
                 ((PEOPLE, ACT, "未执行监护制度"), (MACHINE, COND, "五防闭锁失效")),
                 ((K, "修复五防闭锁"), (P, "重申两票三制并开展考问讲解")),
                 near=("操作前验电发现带电，立即停止",), positions=("ELEC",), places=("升压站", "GIS室"),
                 en=(("switching", "servicing a panel"), ("they entered a live bay",),
                     ("found the bay live when testing and stopped",))),
        Scenario("trestle", "09", "输煤栈桥 / coal trestle", "高处坠落 / fall from height",
                 ("巡检栈桥", "清扫积尘"), ("栈桥格栅板缺失", "护栏松动"), ("leg", "back"), ("fracture", "contusion"),
                 ((MACHINE, COND, "格栅板缺失、护栏松动"), (PEOPLE, ACT, "巡检时未走规定通道")),
                 ((K, "补齐格栅板、紧固护栏"), (P, "栈桥巡检路线标识")),
                 near=("踩空后抓住护栏",), places=("输煤栈桥",)),
        Scenario("bunker", "19", "煤仓 / coal bunker", "一氧化碳中毒 / carbon monoxide",
                 ("清理煤仓挂壁", "检查给煤机"), ("进入前未检测气体", "通风不良"), ("internal",),
                 ("poisoning", "asphyxia"),
                 ((METHOD, MGMT, "受限空间作业未检测气体"), (PEOPLE, ACT, "未办理受限空间作业票")),
                 ((K, "受限空间作业严格执行先通风、再检测、后作业"), (P, "煤仓入口设置警示和上锁")),
                 near=("便携式检测仪报警，立即撤出",), places=("煤场", "输煤栈桥")),
        Scenario("dosing", "07", "加药装置 / chemical dosing unit", "化学品喷溅 / chemical splash",
                 ("补充加药箱", "更换加药泵隔膜"), ("药液溅出", "管道接头脱开"), ("eye", "hand"), ("chemical_burn",),
                 ((PEOPLE, ACT, "未佩戴护目镜"), (MACHINE, COND, "加药管道接头松动")),
                 ((K, "加药管道接头全部紧固检查"), (P, "加药间配备洗眼器")),
                 near=("药液溅在护目镜上",), positions=("LAB",), places=("化学水处理间",)),
        Scenario("heat", "20", "高温环境 / hot environment", "中暑 / heat illness",
                 ("锅炉平台检修",), ("高温环境下连续作业",), ("internal",), ("heat",),
                 ((ENVIRONMENT, COND, "作业点温度高、通风差"), (METHOD, MGMT, "高温时段未调整作业安排")),
                 ((K, "增设移动式冷风机"), (P, "高温时段调整作业时间并发放防暑饮品")),
                 positions=("BOILER",), places=("锅炉房",), illness=OshaCaseType.OTHER_ILLNESS),
    ],
}

# The planted scenarios (used only by the planting code, never picked at random).
PRESS_SCENARIO = Scenario(
    "press", "03", PRESS, "挤压 / caught in press tooling",
    ("送料", "取件", "调整工件位置", "清理模具内废料"),
    ("手未完全离开模具区域滑块即下行", "脚踏开关被误踩，滑块意外下行", "双手按钮被短接，单手操作时滑块下行",
     "光电保护装置失效未能停机"),
    ("finger", "hand"), ("crush", "cut", "fracture"),
    ((MACHINE, COND, "冲床光电保护装置失效"), (PEOPLE, ACT, "违章将手伸入模具区域"),
     (MACHINE, COND, "双手操作按钮被短接")),
    ((K, "修复冲床光电保护并校验安全距离"), (K, "拆除短接线，双手按钮加装防短接保护"), (P, "配备专用取件工具")),
    near=("及时缩手，滑块下行时未伤及手指", "手套被模具夹住，幸未伤及手指"), positions=("OP-PRESS",),
    places=("冲压线",))
FORKLIFT_SCENARIO = Scenario(
    "reversing", "02", FORKLIFT, "车辆伤害 / struck by reversing vehicle",
    ("拣货",), ("",), ("leg", "foot", "ankle"), ("contusion", "fracture"),
    ((PEOPLE, ACT, "叉车司机倒车前未鸣笛、未观察后方"), (ENVIRONMENT, COND, "拣货通道人车混行")),
    ((K, "对叉车司机开展倒车安全再培训"), (P, "在拣货通道张贴倒车警示标识")), positions=("STORE", "LABOURER"))
# The cluster's key measure, raised after its sixth report in September 2025 (a stronger one after it recurred).
FORKLIFT_KEY_ACTION = (K, "仓储中心叉车加装倒车影像和蓝光警示灯，拣货通道实行人车分离")
FORKLIFT_SECOND_ACTION = (K, "叉车加装人员接近感应报警并限速5公里/小时")
UNDER_REPORTING_SCENARIOS = ("conveyor", "trestle")

# (category, agent, variants of what happened, branches); one variant is picked, then framed with time and place.
PROPERTY = [
    ("02", FORKLIFT, ("叉车转弯时货叉刮碰货架立柱，立柱变形，上层货物倾倒损坏", "叉车叉取托盘时货叉插偏，顶翻货架横梁",
                      "叉车行驶中门架碰撞消防管道，管道支架变形"), ("LOGI", "MACH", "CHEM")),
    ("04", "桥式起重机 / overhead crane", ("吊运模具时吊索滑脱，模具坠落砸坏地面和输送辊道",
                                         "行车大车运行时与检修平台相撞，平台护栏损坏"), ("MACH",)),
    ("02", "重型货车 / heavy goods vehicle", ("货车倒车入库时撞坏卷帘门", "货车转弯时刮倒厂区限高架"), ("LOGI",)),
    ("03", "离心泵 / centrifugal pump", ("循环水泵断油运行，轴承烧毁", "机泵机械密封失效，电机进水烧损"),
     ("CHEM", "POWR")),
    ("04", "塔式起重机 / tower crane", ("塔吊吊运钢管时钢管滑落，砸坏材料堆场的临时板房",
                                      "吊运模板时与脚手架碰撞，架体局部变形"), ("CONS",)),
    ("20", "开关柜 / switchgear", ("配电柜进水短路，柜内元件烧毁", "变频器散热风扇故障，模块过热损坏"),
     ("POWR", "CHEM", "MACH")),
    ("20", "雨水 / heavy rain", ("暴雨导致地下室进水，电缆和配电设备受损", "台风期间彩钢屋面被掀开，室内设备淋水"),
     ("CONS", "POWR", "LOGI")),
    ("03", "数控机床 / CNC machine", ("程序坐标输入错误，刀具与夹具碰撞，主轴损坏",), ("MACH",)),
]
FIRES = [
    ("08", "动火作业 / hot work", ("动火作业焊渣引燃下方包装材料，现场人员用灭火器扑灭",
                                 "切割作业火花溅入电缆沟，引燃沟内杂物")),
    ("08", "电缆接头 / cable joint", ("配电柜电缆接头过热起火，值班电工断电后扑灭",
                                    "电缆桥架内电缆绝缘老化短路冒烟起火")),
    ("08", "叉车蓄电池 / forklift battery", ("叉车充电时蓄电池冒烟起火，现场人员用干粉灭火器扑灭",)),
    ("08", "油浸式变压器 / oil transformer", ("变压器呼吸器附近油污着火，及时扑灭",)),
]
RELEASES = [
    ("19", "危化品罐车 / tank truck", ("罐车卸料软管破裂，约{n}升稀硫酸泄漏至围堰内，已用碱液中和",
                                     "罐车卸料阀密封失效，约{n}升液碱滴漏"), ("LOGI", "CHEM")),
    ("20", "污水处理设施 / wastewater plant", ("污水池液位计失灵导致溢流，约{n}立方米污水流入雨水沟，已封堵",),
     ("CHEM",)),
    ("20", "液压油 / hydraulic oil", ("液压站油管破裂，约{n}升液压油泄漏，已用吸附棉清理",
                                     "挖掘机液压管爆裂，约{n}升液压油渗入土壤，已清挖处置"), ("MACH", "POWR", "CONS")),
]
ROAD = [
    "车队货车在{road}与社会车辆发生刮擦，无人员受伤，车辆后视镜和保险杠损坏",
    "危化品运输车辆在{road}被后车追尾，罐体完好无泄漏，车辆尾部受损",
    "厂区班车倒车时碰撞路边隔离墩，车辆受损，无人员受伤",
    "货车在{road}避让行人时紧急制动，车上货物移位，部分货物损坏",
    "车辆在{road}服务区停车时与相邻车辆剐蹭",
]
DAMAGE_FRAMES = ["{when}，{place}{text}。{loss}{extra}", "{shift}，{place}{text}。{loss}",
                 "{place}：{text}。{loss}{extra}", "{when}，{text}。{loss}"]
ROADS = ["沪宁高速", "S38常合高速", "江北大道", "长江路", "园区内主干道", "G312国道"]

PLACES = {
    "CHEM": ["罐区", "泵房", "装置区一层", "装置区二层平台", "压缩机厂房", "装卸站台", "控制室", "化验室", "管廊"],
    "MACH": ["冲压线", "焊接工位", "机加工区", "行车轨道下方", "熔炼区", "浇注区", "总装线", "热处理炉旁", "成品仓库"],
    "LOGI": ["仓库A区", "仓库B区", "装卸月台", "停车场", "充电间", "维修间", "主通道"],
    "CONS": ["1#楼", "2#楼", "3#楼地下室", "基坑北侧", "钢筋加工场", "塔吊作业区", "材料堆场", "施工通道"],
    "POWR": ["锅炉房", "汽机房", "集控室", "升压站", "输煤栈桥", "煤场", "化学水处理间", "电缆夹层"],
}
PART_ZH = {
    "head": ["头部"], "eye": ["左眼", "右眼"], "face": ["面部"], "neck": ["颈部"], "back": ["腰部", "背部"],
    "chest": ["胸部"], "shoulder": ["左肩", "右肩"], "arm": ["左前臂", "右前臂", "右上臂"], "wrist": ["左腕", "右腕"],
    "hand": ["左手", "右手", "右手掌"], "finger": ["右手食指", "右手中指", "左手食指", "左手拇指", "右手无名指"],
    "hip": ["髋部"], "leg": ["左小腿", "右小腿", "右大腿"], "knee": ["左膝", "右膝"], "ankle": ["左脚踝", "右脚踝"],
    "foot": ["左脚", "右脚"], "internal": ["呼吸道"], "multiple": ["多处"],
}
NATURE_ZH = {
    "cut": "割伤", "puncture": "刺伤", "contusion": "挫伤", "sprain": "扭伤", "fracture": "骨折", "crush": "挤压伤",
    "amputation": "离断", "burn": "烫伤", "chemical_burn": "化学灼伤", "electric": "电击伤", "concussion": "脑震荡",
    "eye_injury": "进入异物", "poisoning": "吸入中毒", "asphyxia": "缺氧窒息", "heat": "中暑", "skin": "接触性皮炎",
    "multiple": "多处受伤",
}
JOB_EN = {
    "OP-CHEM": "process operator", "OP-PRESS": "press operator", "WELDER": "welder", "ELEC": "electrician",
    "CRANE": "crane operator", "FORKLIFT": "forklift driver", "DRIVER": "driver", "SCAFF": "scaffolder",
    "MACHINIST": "machinist", "BOILER": "boiler operator", "FITTER": "fitter", "QC": "inspector",
    "STORE": "storekeeper", "LABOURER": "labourer", "MONITOR": "team leader",
}
EXTRAS = ["事发时现场无人监护。", "当班班长已组织现场处置并上报。", "已对现场进行警戒。", "事发前刚完成交接班。",
          "作业前未进行风险辨识。", "事发区域照明不足。", "当时正在赶工期。", "同班组人员发现后立即报告。",
          "现场已拍照留存。", "该岗位为新调岗人员。", "当天为连续第六个工作日。", "事后已停机检查。",
          "班前会上曾提示过该风险。", "现场监护人当时在处理其他事务。"]
FA_ENDINGS = ["，经现场急救箱处理后继续工作", "，在班组急救点清洗包扎", "，冷敷处理后无大碍", "，用创可贴包扎后返岗"]
FA_TREATMENTS = {"cut": ["C", "D"], "puncture": ["C", "D"], "contusion": ["E"], "sprain": ["E", "F"],
                 "burn": ["C", "D"], "chemical_burn": ["C"], "eye_injury": ["J", "I"], "crush": ["E", "D"]}
INDIRECT = [
    (PEOPLE, ACT, "作业人员安全意识淡薄，存在侥幸心理"),
    (MANAGEMENT, MGMT, "现场安全监护不到位"),
    (METHOD, MGMT, "岗位安全操作规程对该作业环节规定不明确"),
    (ENVIRONMENT, COND, "作业现场空间狭窄、照明不足"),
    (PEOPLE, ACT, "连续作业疲劳，注意力不集中"),
]
ROOTS = [
    (MANAGEMENT, MGMT, "安全教育培训针对性不强，员工对该作业风险认识不足"),
    (MANAGEMENT, MGMT, "隐患排查治理不到位，同类问题未及时发现和整改"),
    (MANAGEMENT, MGMT, "安全生产责任制落实不到位，班组日常检查流于形式"),
    (MANAGEMENT, MGMT, "设备维护保养制度执行不严，安全装置缺少定期检查"),
    (MANAGEMENT, MGMT, "风险分级管控措施未落实到岗位"),
    (METHOD, MGMT, "作业前未进行风险评估，未制定针对性防护措施"),
]
NM_ACTIONS = [(P, "在班前会通报该未遂事件并开展同类风险排查"), (P, "将该作业环节纳入岗位风险告知卡"),
              (K, "对事发部位立即整改并举一反三检查")]
LESSONS = {
    "01": "高处物料必须固定，交叉作业必须设置警戒和防护。", "02": "厂内机动车辆必须限速、鸣笛，人车分离。",
    "03": "运动部件必须有可靠防护，严禁在设备运行时将手伸入危险区域。", "04": "吊装作业必须专人指挥，严禁吊物下站人。",
    "05": "电气设备必须可靠接地并装设漏电保护，严禁非电工作业。",
    "07": "接触高温和腐蚀性介质必须隔离泄压并穿戴防护用品。",
    "08": "动火和电气设备周边必须清除可燃物并配备灭火器材。", "09": "高处作业必须系挂安全带，临边洞口必须防护。",
    "10": "基坑作业必须按方案支护，雨后复工前必须检查。", "19": "受限空间和有毒区域作业必须先通风、再检测、后作业。",
    "20": "作业前做好风险辨识，规范穿戴劳动防护用品。",
}
FINDINGS_LIGHT = ["班组对该类风险提示不足（未遂或轻微事件，不予处罚）", "当事人未严格执行操作规程，已进行批评教育"]
FINDINGS = [
    (FindingKind.CRITICISM, "班长对本班组安全管理不到位，负管理责任"),
    (FindingKind.WARNING, "当事人违反岗位安全操作规程，负直接责任"),
    (FindingKind.FINE, "车间对设备安全装置检查不到位，负管理责任"),
]
VERIFY_NOTES = ["现场抽查落实到位，效果良好", "复查未再发现同类问题", "经回访验证有效"]
GATE_EVIDENCE = {
    Gate.CAUSE: "调查报告已查明直接原因和根本原因",
    Gate.ACCOUNTABILITY: "责任认定和处理决定已下达并经本人签字",
    Gate.MEASURES: "整改和预防措施已全部完成，经第二人现场验证有效",
    Gate.EDUCATION: "已召开事故警示教育会，相关人员签到并考试",
}
IMMEDIATE = {
    NM: ["立即停止作业，对现场进行检查", "现场整改后恢复作业", "通知班长并在班组内通报"],
    FA: ["现场急救处理", "对伤者进行简单包扎后继续观察"],
    INJ: ["立即停机，对伤者进行现场急救并送医", "拨打急救电话，保护现场并上报"],
}


#
# The plan of one incident, before it becomes rows
#


@dataclass
class Plan:
    unit: object
    at: datetime.datetime
    kind: str
    scenario: Scenario | None
    outcome: str = ""  # "", first_aid, medical, restricted, lost_time, serious, fatal, illness
    tag: str = ""
    english: bool = False
    description: str = ""
    category: str = ""
    agent: str = ""
    event_type: str = ""
    loss: Decimal = Decimal(0)
    privacy: str = ""
    amputation: bool = False
    state: str | None = None  # forced final state (else by age)
    person: object = None
    nature: str = ""
    part: str = ""
    days: int = 0
    shift_word: str = ""
    extra: dict = field(default_factory=dict)


class Builder:
    def __init__(self, ctx):
        from zeroharm.org.models import OrgUnit, Person
        from zeroharm.risks.models import RiskPoint

        self.rng = random.Random(f"{ctx.seed}-incidents")
        units = ctx.objects.get("units") or {u.code: u for u in OrgUnit.objects.all()}
        people = ctx.objects.get("people") or list(Person.objects.select_related("position").order_by("employee_no"))
        self.units = units
        self.staff = DemoStaff(self.rng, units, people)
        self.cutoff = timezone.make_aware(datetime.datetime.combine(REFERENCE_DATE, datetime.time(0, 0)))
        teams = sorted((u for u in units.values() if u.kind == UnitKind.TEAM), key=lambda u: u.code)
        self.teams: dict[str, list] = {}
        for team in teams:
            self.teams.setdefault(team.code.rsplit("-", 1)[0], []).append(team)
        self.workshops = {b: sorted((u for u in units.values() if u.kind == UnitKind.WORKSHOP
                                     and u.code.startswith(b + "-")), key=lambda u: u.code) for b in BRANCH}
        self.members_by_workshop: dict[str, list] = {}
        for unit in teams:
            self.members_by_workshop.setdefault(unit.code.rsplit("-", 1)[0], []).extend(
                self.staff.members.get(unit.pk, []))
        self.risk_points: dict[int, list] = {}
        for point in ctx.objects.get("risk_points") or RiskPoint.objects.order_by("id"):
            self.risk_points.setdefault(point.unit_id, []).append(point)
        self.plans: list[Plan] = []

    # time
    def moment(self, day: datetime.date, hour: int, minute: int | None = None) -> datetime.datetime:
        minute = self.rng.randrange(0, 60, 5) if minute is None else minute
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def day_in(self, month: int) -> datetime.date:
        first = month_start(month)
        days = (month_start(month + 1) - first).days
        while True:
            day = first + datetime.timedelta(days=self.rng.randrange(days))
            if day.weekday() != 6 or self.rng.random() < 0.4:  # fewer on Sundays
                return day

    def hour(self, night_share: float = 0.17) -> int:
        r = self.rng.random()
        if r < night_share:
            return self.rng.choice([0, 1, 2, 3, 3, 4, 4, 5, 6, 7])
        if r < night_share + 0.28:
            return self.rng.randint(16, 23)
        return self.rng.choice([8, 9, 9, 10, 10, 10, 11, 13, 14, 14, 15, 15])

    def at_in(self, month: int, night_share: float = 0.17) -> datetime.datetime:
        return self.moment(self.day_in(month), self.hour(night_share))

    def office(self, prev: datetime.datetime, days: int) -> datetime.datetime:
        """A working-hours moment ``days`` after ``prev`` (minutes later if 0)."""
        if days <= 0:
            return prev + datetime.timedelta(minutes=self.rng.randint(20, 180))
        day = timezone.localtime(prev).date() + datetime.timedelta(days=days)
        return self.moment(day, self.rng.randint(8, 17))

    # units and people
    def team(self, workshop_code: str):
        return self.rng.choice(self.teams[workshop_code])

    def unit_in(self, workshop_code: str):
        return self.team(workshop_code) if self.rng.random() < 0.88 else self.units[workshop_code]

    def person_for(self, unit, on: datetime.date, positions=()) -> object | None:
        pool = self.staff.members.get(unit.pk, []) if unit.kind == UnitKind.TEAM else []
        if unit.kind == UnitKind.WORKSHOP:
            pool = self.members_by_workshop.get(unit.code, [])
        pool = [p for p in pool if p.hire_date and p.hire_date <= on and p.pk != unit.principal_id]
        preferred = [p for p in pool if p.position.code in positions]
        pool = preferred or pool
        return self.rng.choice(pool) if pool else None


#
# Narratives
#


def _when_zh(at: datetime.datetime) -> str:
    local = timezone.localtime(at)
    minute = f"{local.minute}分" if local.minute else ""
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{minute}许"


FRAMES = [  # how people write it down; {when} carries the date, {shift} only the part of the day
    "{when}，{who}在{place}{act}时，{event}，{ending}。{extra}",
    "{when}，{who}在{place}{act}时，{event}，{ending}。{extra}",
    "{shift}，{who}在{place}{act}，{event}，{ending}。{extra}",
    "{place}：{who}{act}过程中{event}，{ending}。{extra}",
    "{when}，{place}发生一起{kind}。{who}{act}时{event}，{ending}。{extra}",
    "{who}报告：{shift}在{place}{act}时，{event}，{ending}。{extra}",
]
KIND_WORDS = {NM: "未遂事件", FA: "轻微伤害事件", INJ: "人身伤害事故", IncidentKind.ILLNESS: "职业健康事件",
              IncidentKind.TRAFFIC: "交通事故"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚"


def _shift_words(at: datetime.datetime, rng) -> str:
    hour = timezone.localtime(at).hour
    if hour < 8:
        return rng.choice(["夜班期间", f"凌晨{hour}时许", "夜班快结束时"])
    if hour < 16:
        return rng.choice(["白班期间", f"{hour}时许", "上午" if hour < 12 else "下午"])
    return rng.choice(["中班期间", f"{hour}时许", "傍晚" if hour < 19 else "晚上"])


def _narrative(b: Builder, plan: Plan, place: str, unit_name: str, job: str, job_en: str) -> str:
    rng, s = b.rng, plan.scenario
    act_i = rng.randrange(len(s.acts))
    event_i = rng.randrange(len(s.events))
    if plan.english and s.en:
        acts, events, nears = s.en
        act, event = acts[act_i % len(acts)], events[event_i % len(events)]
        local = timezone.localtime(plan.at)
        what = f"{plan.part.replace('_', ' ')} {plan.nature.replace('_', ' ')}"
        if plan.kind == NM:
            ending = rng.choice(nears) if nears else "nobody was hurt"
        elif plan.kind == FA:
            ending = rng.choice([f"{what}, treated with first aid on site", f"minor {what}; first aid only"])
        else:
            ending = rng.choice([f"{what}, taken to hospital", f"suffered a {what} and was seen by a doctor"])
        return rng.choice([
            f"At about {local:%H:%M} on {local:%d %B %Y}, a {job_en} was {act} at {place} when {event}; {ending}.",
            f"{job_en.capitalize()} {act} at {place}: {event}. Outcome: {ending}.",
            f"While {act} at {place} on the {plan.shift_word} shift, a {job_en} reported that {event}; {ending}.",
        ])
    act, event = s.acts[act_i], s.events[event_i]
    if plan.kind == NM:
        ending = rng.choice(s.near or ("所幸未造成人员伤害",))
        ending += rng.choice(["", "", "，所幸未造成人员伤害", "，未造成人员受伤", "，险些酿成事故"])
    else:
        part = rng.choice(PART_ZH.get(plan.part, ["身体"]))
        ending = rng.choice(["造成", "致", ""]) + f"{part}{NATURE_ZH.get(plan.nature, '受伤')}"
        if plan.outcome == "first_aid":
            ending += rng.choice(FA_ENDINGS)
        elif plan.outcome == "medical":
            ending += rng.choice([f"，送医院缝合{rng.randint(2, 9)}针", "，到医院就诊并开具处方药",
                                  "，送医院处理后返岗", "，经医院清创处理"])
        elif plan.outcome == "restricted":
            ending += rng.choice([f"，经医生建议调整为轻体力岗位{plan.days}天", f"，医嘱限制工作{plan.days}天"])
        elif plan.outcome in ("lost_time", "serious"):
            ending += f"，送医{'住院' if plan.outcome == 'serious' else ''}治疗，休工{plan.days}天"
        elif plan.outcome == "illness":
            ending += "，经职业病诊断机构确诊"
    surname = rng.choice(SURNAMES)
    who = rng.choice([f"{unit_name}一名{job}", f"{job}{surname}某", f"当班{job}", f"{unit_name}{job}{surname}某",
                      f"一名{job}"])
    extra = "".join(rng.sample(EXTRAS, rng.choice([0, 1, 1, 2])))
    return rng.choice(FRAMES).format(when=_when_zh(plan.at), shift=_shift_words(plan.at, rng), who=who, place=place,
                                     act=act, event=event, ending=ending, kind=KIND_WORDS.get(plan.kind, "事件"),
                                     extra=extra)


#
# Planting
#


def _plan_background(b: Builder) -> None:
    rng = b.rng
    scenarios = {branch: [s for s in GENERAL + BRANCH[branch] if not s.illness] for branch in BRANCH}
    quiet = PLANTED["under_reporting"]["workshop"]
    workshops = [w for branch in BRANCH for w in b.workshops[branch] if w.code != quiet]
    for kind, total in ((NM, NEAR_MISSES), (FA, FIRST_AID)):
        for _ in range(total):
            workshop = rng.choice(workshops)
            branch = workshop.code.split("-")[0]
            scenario = rng.choice(scenarios[branch])
            month = rng.randrange(MONTHS)
            english = bool(scenario.en) and rng.random() < 0.09
            plan = Plan(unit=b.unit_in(workshop.code), at=b.at_in(month), kind=kind, scenario=scenario,
                        outcome="first_aid" if kind == FA else "", english=english)
            b.plans.append(plan)

    # property damage, fires, releases and road accidents without injury
    for _ in range(48):
        category, agent, texts, branches = rng.choice(PROPERTY)
        text = rng.choice(texts)
        branch = rng.choice(branches)
        workshop = rng.choice([w for w in b.workshops[branch] if w.code != PLANTED["under_reporting"]["workshop"]])
        b.plans.append(Plan(unit=b.unit_in(workshop.code), at=b.at_in(rng.randrange(MONTHS)),
                            kind=IncidentKind.PROPERTY, scenario=None, description=text, category=category,
                            agent=agent, event_type="设备设施损坏 / damage to equipment",
                            loss=Decimal(rng.randrange(3000, 180000, 500))))
    for _ in range(11):
        category, agent, texts = rng.choice(FIRES)
        text = rng.choice(texts)
        branch = rng.choice(list(BRANCH))
        workshop = rng.choice([w for w in b.workshops[branch] if w.code != PLANTED["under_reporting"]["workshop"]])
        b.plans.append(Plan(unit=b.unit_in(workshop.code), at=b.at_in(rng.randrange(MONTHS)), kind=IncidentKind.FIRE,
                            scenario=None, description=text, category=category, agent=agent,
                            event_type="着火 / fire", loss=Decimal(rng.randrange(2000, 90000, 500))))
    for _ in range(12):
        category, agent, texts, branches = rng.choice(RELEASES)
        text = rng.choice(texts)
        branch = rng.choice(branches)
        workshop = rng.choice([w for w in b.workshops[branch] if w.code != PLANTED["under_reporting"]["workshop"]])
        b.plans.append(Plan(unit=b.unit_in(workshop.code), at=b.at_in(rng.randrange(MONTHS)),
                            kind=IncidentKind.ENVIRONMENT, scenario=None,
                            description=text.replace("{n}", str(rng.randint(20, 800))), category=category,
                            agent=agent, event_type="泄漏 / release", loss=Decimal(rng.randrange(1000, 60000, 500))))
    for _ in range(24):
        workshop = b.units[rng.choice(["LOGI-W02", "LOGI-W02", "LOGI-W04", "LOGI-W05"])]
        text = rng.choice(ROAD).replace("{road}", rng.choice(ROADS))
        b.plans.append(Plan(unit=b.unit_in(workshop.code), at=b.at_in(rng.randrange(MONTHS), 0.1),
                            kind=IncidentKind.TRAFFIC, scenario=None, description=text, category="02",
                            agent="重型货车 / heavy goods vehicle", event_type="道路交通事故 / road collision",
                            loss=Decimal(rng.randrange(2000, 40000, 500))))


def _recordable(b: Builder, *, unit, at, scenario, outcome=None, tag="", **extra) -> Plan:
    rng = b.rng
    if outcome is None:
        outcome = rng.choices(["medical", "restricted", "lost_time"], [45, 20, 35])[0]
    kind = IncidentKind.ILLNESS if scenario.illness else (
        IncidentKind.TRAFFIC if scenario.key == "truck" else INJ)
    plan = Plan(unit=unit, at=at, kind=kind, scenario=scenario, outcome="illness" if scenario.illness else outcome,
                tag=tag, english=bool(scenario.en) and rng.random() < 0.08, **extra)
    b.plans.append(plan)
    return plan


def _plan_recordables(b: Builder) -> None:
    """Each branch's schedule of recordable incidents, spread over its workshops in turn (so no workshop gets a
    run of them by chance), with the planted ones taking their slots."""
    rng = b.rng
    by_key = {s.key: s for branch in BRANCH for s in GENERAL + BRANCH[branch]}
    special = {  # (branch, month) → the slots the planted cases take
        ("MACH", m): ["press"] for m in range(MONTHS)
    }
    for m in range(MONTHS):
        special[("CONS", m)] = ["fall"] * CONS_FALLS[m]
    for m in (9, 19):
        special[("LOGI", m)] = ["forklift"]
    for m, what in ((1, "ur_lost"), (5, "ur_serious"), (9, "ur_lost"), (13, "ur_lost"), (17, "ur_serious"),
                    (21, "ur_lost")):
        special[("POWR", m)] = [what]
    special[("CHEM", 7)] = ["privacy_illness"]
    special[("CHEM", 14)] = ["chem_serious"]
    special[("LOGI", 12)] = ["road_serious"]
    special[("CONS", 4)] = ["needlestick"]
    special[("MACH", 8)] = ["press", "heat_illness"]  # July
    special[("POWR", 8)] = ["heat_illness"]

    rotation = {branch: 0 for branch in BRANCH}
    for branch, schedule in RECORDABLE_SCHEDULE.items():
        workshops = [w for w in b.workshops[branch] if w.code not in (
            PLANTED["under_reporting"]["workshop"], PLANTED["press"]["workshop"])]
        scenarios = [s for s in GENERAL + BRANCH[branch] if not s.illness and s.key not in ("fall", "truck")]
        for month, count in enumerate(schedule):
            slots = list(special.get((branch, month), []))
            assert len(slots) <= count, (branch, month)
            slots += [""] * (count - len(slots))
            for slot in slots:
                if slot in ("press", "fall", "forklift", "ur_lost", "ur_serious"):
                    continue  # planted below, counted here
                workshop = workshops[rotation[branch] % len(workshops)]
                rotation[branch] += 1
                unit = b.team(workshop.code)
                at = b.at_in(month)
                if slot == "privacy_illness":
                    _recordable(b, unit=unit, at=at, scenario=by_key["dermatitis"], tag="privacy",
                                privacy=PrivacyReason.EMPLOYEE_REQUEST)
                elif slot == "chem_serious":
                    _recordable(b, unit=b.team("CHEM-W02"), at=at, scenario=by_key["acid"], outcome="serious",
                                days=126)
                elif slot == "road_serious":
                    _recordable(b, unit=b.team("LOGI-W02"), at=b.moment(b.day_in(month), 5, 40),
                                scenario=by_key["truck"], outcome="serious", days=131)
                elif slot == "needlestick":
                    _recordable(b, unit=b.team("CONS-W02"), at=at, scenario=by_key["nail"], outcome="medical",
                                tag="privacy", privacy=PrivacyReason.CONTAMINATED_SHARPS,
                                description="{when}，土建二项目部一名普工在生活区清理垃圾时，被垃圾袋中的废弃注射器针头扎伤"
                                            "右手食指，针头带有血迹，送医院进行暴露后处置并随访检测。")
                elif slot == "heat_illness":
                    _recordable(b, unit=b.team("POWR-W01" if branch == "POWR" else "MACH-W04"),
                                at=b.moment(b.day_in(month), rng.randint(11, 15)), scenario=by_key["heat"])
                else:
                    road = workshop.code in ("LOGI-W02", "LOGI-W04") and rng.random() < 0.6
                    _recordable(b, unit=unit, at=at, scenario=by_key["truck"] if road else rng.choice(scenarios))


def _plan_press(b: Builder) -> None:
    """(a) 38 hand injuries and 18 near misses on the punch presses of 冲压车间, three in four at night."""
    rng, code = b.rng, PLANTED["press"]["workshop"]
    shifts = []
    for i in range(38 + 18):
        shifts.append("night" if i % 4 != 3 else ("middle" if i % 8 == 3 else "day"))
    first_aid_months = sorted(rng.sample(range(MONTHS), 14))
    cases = [(m, "recordable") for m in range(MONTHS)] + [(m, "first_aid") for m in first_aid_months]
    cases += [(m, "near") for m in sorted(rng.sample(range(MONTHS), 18))]
    for (month, what), shift in zip(cases, shifts, strict=True):
        hour = rng.choice([0, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7]) if shift == "night" else (
            rng.randint(16, 23) if shift == "middle" else rng.randint(8, 15))
        at = b.moment(b.day_in(month), hour)
        unit = b.team(code)
        if what == "recordable":
            extra = {}
            if month == 15:
                extra = {"outcome": "serious", "days": 112, "amputation": True, "nature": "amputation",
                         "part": "finger"}
            plan = _recordable(b, unit=unit, at=at, scenario=PRESS_SCENARIO, tag="press", **extra)
            plan.english = False
        else:
            b.plans.append(Plan(unit=unit, at=at, kind=FA if what == "first_aid" else NM, scenario=PRESS_SCENARIO,
                                outcome="first_aid" if what == "first_aid" else "", tag="press"))


def _plan_falls(b: Builder) -> None:
    """(b) CONS's falls from height: a few in the first 15 months, then rising; one fatal, two serious."""
    rng = b.rng
    fall = next(s for s in BRANCH["CONS"] if s.key == "fall")
    rise_units = PLANTED["falls"]["workshops"]
    for month, count in enumerate(CONS_FALLS):
        for j in range(count):
            workshop = rng.choice(rise_units) if month >= 15 else rng.choice([w.code for w in b.workshops["CONS"]])
            extra = {}
            if month == 21 and j == 0:
                extra = {"outcome": "fatal", "tag": "fatal"}
                workshop = "CONS-W03"
            elif (month, j) in ((20, 1), (23, 2)):
                extra = {"outcome": "serious", "days": 150 if month == 20 else 118}
            plan = _recordable(b, unit=b.team(workshop), at=b.at_in(month, 0.08), scenario=fall,
                               **({"tag": "fall"} | extra))
            plan.english = plan.english and month < 21


def _plan_forklift(b: Builder) -> None:
    """(d) The reversing-forklift cluster at 仓储中心: six before its action was verified, seven after."""
    rng, code = b.rng, PLANTED["forklift"]["workshop"]
    places = ["仓储中心A区拣货通道", "仓储中心B区拣货通道"]
    alarms = ["倒车报警器声音微弱", "倒车报警器未响"]
    victims = ["拣货员", "理货员", "仓管员"]
    before = [(3, NM, ""), (5, NM, ""), (6, FA, "first_aid"), (8, NM, ""), (9, INJ, "lost_time"), (10, NM, "")]
    after = [(13, NM, ""), (15, FA, "first_aid"), (16, NM, ""), (19, INJ, "restricted"), (21, NM, ""),
             (22, FA, "first_aid"), (23, NM, "")]
    for n, (month, kind, outcome) in enumerate(before + after):
        day = b.day_in(month)
        if month == 23:
            day = min(day, REFERENCE_DATE - datetime.timedelta(days=4))
        at = b.moment(day, rng.choice([9, 10, 14, 15, 17, 19, 21]))
        place, alarm, victim = rng.choice(places), rng.choice(alarms), rng.choice(victims)
        if kind == NM:
            ending = "躲避及时，险些被撞"
        elif kind == FA:
            ending = f"躲避不及，{rng.choice(['左肩', '右肩', '左臂'])}被擦伤"
        else:
            ending = f"躲避不及被撞倒，{rng.choice(['左小腿', '右脚踝'])}受伤"
        text = f"{place}内，一辆{FORKLIFT_MARK}、无人指挥，{alarm}，司机未观察车后情况，后方{victim}{ending}。"
        plan = Plan(unit=b.team(code), at=at, kind=kind, scenario=FORKLIFT_SCENARIO, outcome=outcome,
                    tag="forklift_before" if n < len(before) else "forklift_after", description=text,
                    days=rng.randint(12, 30) if outcome in ("lost_time", "restricted") else 0)
        if n == len(before) - 1:  # the sixth in seven months: now the key measure (camera, blue light, aisles)
            plan.extra["key_action"] = FORKLIFT_KEY_ACTION
        elif kind == INJ and n >= len(before):  # it came back: a stronger one
            plan.extra["key_action"] = FORKLIFT_SECOND_ACTION
        b.plans.append(plan)


def _plan_under_reporting(b: Builder) -> None:
    """(e) 燃料车间: serious injuries and lost-time cases, hardly any near misses or first aid."""
    rng, code = b.rng, PLANTED["under_reporting"]["workshop"]
    scenarios = {s.key: s for s in BRANCH["POWR"]}
    for month, what in ((1, "lost_time"), (5, "serious"), (9, "lost_time"), (13, "lost_time"), (17, "serious"),
                        (21, "lost_time")):
        scenario = scenarios[rng.choice(UNDER_REPORTING_SCENARIOS)] if what == "lost_time" else scenarios[
            "conveyor" if month == 5 else "trestle"]
        _recordable(b, unit=b.team(code), at=b.at_in(month), scenario=scenario, outcome=what, tag="under_reporting",
                    days=rng.randint(10, 45) if what == "lost_time" else (152 if month == 5 else 121))
    for month in (4, 16):
        b.plans.append(Plan(unit=b.team(code), at=b.at_in(month), kind=FA, scenario=scenarios["conveyor"],
                            outcome="first_aid", tag="under_reporting"))
    for month in (7, 19):
        b.plans.append(Plan(unit=b.team(code), at=b.at_in(month), kind=NM, scenario=scenarios["trestle"],
                            tag="under_reporting"))


#
# From plans to rows
#


class History:
    """Historical rows of one model from [(when, user, reason, {attname: value})], as hazards.demo.history_rows
    makes them, with the historical model and its tracked fields looked up once (not once per record)."""

    def __init__(self, model):
        self.model = model.history.model
        self.fields = [f.attname for f in self.model.tracked_fields if f.attname != "id"]

    def values(self, obj) -> dict:
        return {name: getattr(obj, name) for name in self.fields}

    def rows(self, obj, snapshots) -> list:
        rows = []
        for i, (when, user, reason, values) in enumerate(snapshots):
            row = self.model(history_date=when, history_user_id=user.pk if user else None,
                             history_change_reason=reason, history_type="+" if i == 0 else "~", **values)
            row.id = obj.pk
            rows.append(row)
        return rows


class Rows:
    def __init__(self):
        self.incidents: list[Incident] = []
        self.snapshots: list[list] = []
        self.people: list[tuple[InvolvedPerson, datetime.datetime, object]] = []  # (person, when, by whom)
        self.causes: list[tuple[Cause, datetime.datetime]] = []
        self.whys: list[WhyStep] = []
        self.findings: list[tuple[Finding, datetime.datetime]] = []
        self.gates: list[GateSign] = []
        self.sessions: list[LessonSession] = []
        self.timeline: list[TimelineEntry] = []
        self.actions: list[tuple[ActionItem, list]] = []


def _fill_person(b: Builder, plan: Plan, incident: Incident) -> InvolvedPerson | None:
    rng = b.rng
    if not plan.outcome:
        return None
    on = timezone.localtime(plan.at).date()
    person = plan.person or b.person_for(plan.unit, on, plan.scenario.positions if plan.scenario else ())
    if person is None:
        return None
    plan.person = person
    p = InvolvedPerson(incident=incident, person=person)
    p.person = person
    if person.employment_type != EmploymentType.EMPLOYEE:
        p.role, p.daily_supervised = PersonRole.CONTRACTOR, True
    p.nature, p.body_part = plan.nature, plan.part
    p.injury_text = f"{PART_ZH.get(plan.part, ['身体'])[0]}{NATURE_ZH.get(plan.nature, '受伤')}"[:300]
    p.object_substance = (plan.agent or plan.scenario.agent)[:200]
    p.began_work_at = datetime.time(0 if plan.at.hour < 8 else 8 if plan.at.hour < 16 else 16, 0)
    outcome = plan.outcome
    if outcome == "first_aid":
        p.outcome = Outcome.FIRST_AID
        p.treatments = sorted(set(rng.choice([FA_TREATMENTS.get(plan.nature, ["C", "E"]), ["C"], ["E"]])))
    elif outcome == "medical":
        p.outcome, p.medical_treatment = Outcome.MEDICAL, True
        p.treatments = ["C"] if rng.random() < 0.5 else []
        p.physician, p.treatment_facility = "门诊医生", "就近定点医院"
    elif outcome == "restricted":
        p.outcome, p.medical_treatment, p.restricted_days = Outcome.RESTRICTED, True, plan.days
        p.physician, p.treatment_facility = "骨科医生", "就近定点医院"
    elif outcome in ("lost_time", "serious"):
        p.outcome, p.medical_treatment, p.days_away = Outcome.LOST_TIME, True, plan.days
        p.restricted_days = rng.choice([0, 0, 0, 7, 14]) if outcome == "lost_time" else 0
        p.hospitalized = outcome == "serious" or (plan.days >= 45 and rng.random() < 0.3)
        p.emergency_room = p.hospitalized or rng.random() < 0.3
        p.amputation = plan.amputation
        p.physician, p.treatment_facility = "主治医生", "市第一人民医院"
    elif outcome == "fatal":
        p.outcome, p.hospitalized, p.emergency_room = Outcome.FATAL, True, True
        p.date_of_death = on
        p.treatment_facility = "市第一人民医院"
    elif outcome == "illness":
        p.outcome, p.is_illness, p.case_type = Outcome.MEDICAL, True, plan.scenario.illness
        p.medical_treatment = p.significant_diagnosis = True
        p.physician, p.treatment_facility = "职业病科医生", "市职业病防治院"
    if plan.privacy:
        p.privacy_reason = plan.privacy
        if plan.privacy == PrivacyReason.CONTAMINATED_SHARPS:
            p.contaminated_sharps, p.nature, p.body_part = True, InjuryNature.PUNCTURE, BodyPart.FINGER
            p.injury_text = "右手食指被污染针头刺伤"
    p.doing_before = (plan.scenario.acts[0] if plan.scenario else "")[:2000]
    services.snapshot_from_register(p, incident)
    services.person_figures(p, incident)
    return p


def _incident_figures(incident: Incident, people: list[InvolvedPerson]) -> None:
    """As services.refresh_figures aggregates them (no report to the authority changes afterwards)."""
    incident.deaths = sum(p.injury_class == InjuryClass.FATAL for p in people)
    incident.serious_injuries = sum(p.injury_class == InjuryClass.SERIOUS for p in people)
    incident.minor_injuries = sum(p.injury_class == InjuryClass.MINOR for p in people)
    incident.recordable_cases = sum(p.on_osha_log for p in people)
    casualties = incident.deaths + incident.serious_injuries + incident.minor_injuries
    incident.grade = (standards.accident_grade(incident.deaths, incident.serious_injuries, incident.direct_loss)
                      if casualties or incident.direct_loss else "")


def _complete(b: Builder, plan: Plan) -> None:
    """Fill in what the plan leaves open: the injury, the texts, the category and agent."""
    rng, s = b.rng, plan.scenario
    if s is not None:
        plan.category = plan.category or s.category
        plan.agent = plan.agent or s.agent
        plan.event_type = plan.event_type or s.event_type
        plan.nature = plan.nature or rng.choice(s.natures)
        plan.part = plan.part or rng.choice(s.parts)
        if plan.outcome in ("lost_time",) and not plan.days:
            plan.days = rng.choice([1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60])
        if plan.outcome == "restricted" and not plan.days:
            plan.days = rng.choice([2, 3, 5, 7, 10, 14, 21, 30])
        if plan.outcome == "fatal":
            plan.nature, plan.part = InjuryNature.MULTIPLE, BodyPart.MULTIPLE
    if plan.outcome and plan.person is None:
        plan.person = b.person_for(plan.unit, timezone.localtime(plan.at).date(), s.positions if s else ())
        if plan.person is None:  # nobody hired yet in that team: its workshop's people
            workshop = b.units.get(plan.unit.code.rsplit("-", 1)[0])
            if workshop is not None:
                plan.person = b.person_for(workshop, timezone.localtime(plan.at).date(), s.positions if s else ())
    branch = plan.unit.code.split("-")[0]
    workshop = plan.unit if plan.unit.kind == UnitKind.WORKSHOP else b.units[plan.unit.code.rsplit("-", 1)[0]]
    places = s.places if s and s.places else PLACES[branch]
    place = rng.choice([p for p in places if p != "冲压线" or workshop.code == PLANTED["press"]["workshop"]])
    plan.extra["location"] = f"{workshop.name}{place}"
    if plan.description and plan.scenario is None:  # damage, fire, release, road: framed with time and place
        loss = f"直接经济损失约{plan.loss:,.0f}元。" if rng.random() < 0.6 else ""
        plan.description = rng.choice(DAMAGE_FRAMES).format(
            when=_when_zh(plan.at), shift=_shift_words(plan.at, rng), place=place if rng.random() < 0.7 else "",
            text=plan.description, loss=loss, extra=rng.choice(["", "", "无人员受伤。", "已组织抢修。"]))
        return
    if plan.description:
        plan.description = plan.description.replace("{when}", _when_zh(plan.at))
        return
    job = plan.person.position.name if plan.person else rng.choice(["作业人员", "员工", "操作人员"])
    job_en = JOB_EN.get(plan.person.position.code, "worker") if plan.person else "worker"
    plan.shift_word = services.shift_for(plan.at)
    if plan.outcome == "fatal":
        plan.description = (f"{_when_zh(plan.at)}，{workshop.name}一名{job}在钢结构厂房约18米高处安装钢梁时，移动中"
                            "安全带未挂在可靠位置，从高处坠落至地面，经抢救无效死亡。事发时现场无人监护。")
        return
    plan.description = _narrative(b, plan, place if not plan.english else PLACES_EN.get(place, "the site"),
                                  plan.unit.name, job, job_en)


PLACES_EN = {"泵房": "the pump house", "装置区一层": "the plant's ground floor", "管廊": "the pipe rack",
             "罐区": "the tank farm", "化验室": "the laboratory", "机加工区": "the machining bay",
             "焊接工位": "the welding bay", "仓库A区": "warehouse A", "仓库B区": "warehouse B",
             "主通道": "the main aisle", "1#楼": "block 1", "2#楼": "block 2", "钢结构厂房": "the steel-frame hall",
             "外脚手架": "the external scaffold", "汽机房": "the turbine hall", "锅炉房": "the boiler house",
             "升压站": "the substation", "GIS室": "the GIS room"}


def _state_for(b: Builder, plan: Plan) -> str:
    if plan.state:
        return plan.state
    age = (REFERENCE_DATE - timezone.localtime(plan.at).date()).days
    if age <= 6:
        return IncidentState.REPORTED
    if plan.kind == NM and age > 40 and b.rng.random() < 0.03:
        return IncidentState.REPORTED  # a few were never followed up
    return IncidentState.CLOSED  # as far as the steps before the reference date go


def _materialise(b: Builder, plan: Plan, rows: Rows, tracked: list[str]) -> None:
    rng, staff = b.rng, b.staff
    unit = plan.unit
    workshop = unit if unit.kind == UnitKind.WORKSHOP else b.units[unit.code.rsplit("-", 1)[0]]
    reporter = staff.pick(unit, REPORTERS)
    points = b.risk_points.get(unit.pk) or b.risk_points.get(workshop.pk) or []
    if plan.tag == "press":
        points = [p for p in points if "冲压" in p.name] or points
    inc = Incident(
        kind=plan.kind, unit=unit, occurred_at=plan.at, description=plan.description[:8000],
        location=plan.extra["location"][:200], category=plan.category, shift=services.shift_for(plan.at),
        agent=plan.agent[:200], event_type=plan.event_type[:200], direct_loss=plan.loss, reported_by=reporter,
        risk_point=rng.choice(points) if (rng.random() < 0.2 or plan.tag == "press") and points else None,
        immediate_actions=rng.choice(IMMEDIATE.get(plan.kind, IMMEDIATE[INJ])),
    )
    person = _fill_person(b, plan, inc)
    people = [person] if person else []
    # Medical costs, wages and compensation of the cases with lost workdays (GB 6721), on top of any damage.
    if person and plan.outcome == "lost_time":
        inc.direct_loss += Decimal(rng.randrange(2000, 40000, 100))
    elif person and plan.outcome == "serious":
        inc.direct_loss += Decimal(rng.randrange(80000, 300000, 1000))
    elif person and plan.outcome == "fatal":
        inc.direct_loss += Decimal("1650000")
    _incident_figures(inc, people)
    # Reported on the spot; to the authority (Decree 493 Art. 9) within the hour when there are casualties or a loss.
    needs_authority = services.needs_authority_report(inc)
    reported_at = plan.at + datetime.timedelta(minutes=rng.randint(5, 30) if needs_authority else rng.randint(8, 90))
    reported_at = min(reported_at, b.cutoff - datetime.timedelta(minutes=1))
    inc.created_at = reported_at
    authority_at = reported_at + datetime.timedelta(minutes=rng.randint(5, 25))
    inc.witnesses = "同班组员工" if people and rng.random() < 0.5 else ""

    state = _state_for(b, plan)
    cutoff = b.cutoff
    steps = []  # (when, user, reason, changes)
    steps.append((reported_at, reporter, "reported", {}))
    if needs_authority:
        steps.append((authority_at, staff.pick(unit, APPROVERS), "reported to the authority",
                      {"authority_reported_at": authority_at}))
    children_at = reported_at + datetime.timedelta(minutes=rng.randint(10, 60))
    if person:
        rows.people.append((person, children_at, reporter))

    if state != IncidentState.REPORTED:
        start_at = b.office(reported_at, rng.choice([0, 0, 1, 1, 2]))
        investigator = staff.pick(unit, CHANGERS)
        lead = staff.principal(workshop) or staff.principal(unit)
        steps.append((start_at, investigator, "investigation started",
                      {"state": IncidentState.INVESTIGATING, "investigation_started_at": start_at,
                       "investigation_lead_id": lead.pk if lead else None}))
        done = _investigation(b, plan, inc, rows, start_at, investigator, workshop)
        if done is not None:
            close_at, closer = done
            steps.append((close_at, closer, "closed", {"state": IncidentState.CLOSED, "closed_at": close_at,
                                                       "closed_by_id": closer.pk}))
    # apply the steps that happened by the reference date
    inc.state = IncidentState.REPORTED
    snapshots = []
    for when, user, reason, changes in sorted(steps, key=lambda s: s[0]):
        if when >= cutoff:
            break
        for name, value in changes.items():
            setattr(inc, name, value)
        snapshots.append((when, user, reason, {n: getattr(inc, n) for n in tracked}))
    inc.version = len(snapshots)
    rows.incidents.append(inc)
    rows.snapshots.append(snapshots)


def _investigation(b: Builder, plan: Plan, inc: Incident, rows: Rows, start_at, investigator, workshop):
    """Causes, whys, findings, actions, a lessons session and the four gates; returns (closed at, by) if all
    happened before the reference date."""
    rng, staff, s = b.rng, b.staff, plan.scenario
    cutoff = b.cutoff
    serious = plan.outcome in ("medical", "restricted", "lost_time", "serious", "fatal", "illness")
    category = plan.category or "20"
    # causes
    direct_pool = list(s.causes) if s else [(MACHINE, COND, "设备设施存在缺陷"), (PEOPLE, ACT, "作业人员操作不当")]
    direct = rng.sample(direct_pool, min(len(direct_pool), 2 if serious else 1))
    indirect = [rng.choice(INDIRECT)] if serious or (plan.kind != NM and rng.random() < 0.3) else []
    root = rng.choice(ROOTS)
    causes_at = b.office(start_at, rng.randint(1, 4))
    for level, items in ((CauseLevel.DIRECT, direct), (CauseLevel.INDIRECT, indirect), (CauseLevel.ROOT, [root])):
        for factor, cause_type, text in items:
            if causes_at < cutoff:
                rows.causes.append((Cause(incident=inc, level=level, factor=factor, cause_type=cause_type,
                                          description=text, added_by=investigator), causes_at))
    if serious and causes_at < cutoff:
        chain = [f"为什么受伤？{direct[0][2]}", f"为什么会这样？{(indirect or direct)[0][2]}",
                 f"为什么没有被发现？{root[2]}", "为什么管理上没有堵住？同类风险未纳入岗位风险告知和班组检查"]
        rows.whys.extend(WhyStep(incident=inc, number=i, answer=a) for i, a in enumerate(chain, start=1))
        if plan.outcome in ("serious", "fatal") or plan.days > 40:
            rows.timeline.extend([
                TimelineEntry(incident=inc, at=plan.at, text="事故发生", added_by=investigator),
                TimelineEntry(incident=inc, at=plan.at + datetime.timedelta(minutes=5), text="现场人员停机并组织急救",
                              added_by=investigator),
                TimelineEntry(incident=inc, at=plan.at + datetime.timedelta(minutes=rng.randint(20, 40)),
                              text="伤者送医", added_by=investigator),
            ])
    # responsibility
    finding_at = b.office(start_at, rng.randint(3, 9))
    head = staff.principal(plan.unit) or staff.principal(workshop)
    if finding_at < cutoff:
        if serious:
            kind, text = rng.choice(FINDINGS)
            if plan.outcome in ("serious", "fatal"):
                kind, text = FindingKind.FINE, "车间主任对安全管理和现场监督不到位，负主要管理责任"
                head = staff.principal(workshop) or head
        else:
            kind, text = FindingKind.NO_ACTION, rng.choice(FINDINGS_LIGHT)
        rows.findings.append((Finding(incident=inc, person=head, name="" if head else "班组长",
                                      responsibility=text, kind=kind, decided_on=timezone.localtime(finding_at).date(),
                                      added_by=investigator), finding_at))
    # actions
    proposals = list(s.actions) if s else [(K, "对受损设备设施修复并举一反三检查")]
    if plan.extra.get("key_action"):
        proposals = [plan.extra["key_action"], FORKLIFT_SCENARIO.actions[0]]
    elif not serious:
        proposals = [rng.choice(proposals + NM_ACTIONS)]
    else:
        proposals = rng.sample(proposals, min(len(proposals), 2))
    verified_ats = []
    for kind, title in proposals:
        raised_at = b.office(start_at, rng.randint(1, 5))
        verified_at = _action(b, inc, plan, rows, kind, title, raised_at, investigator,
                              key=bool(plan.extra.get("key_action")))
        verified_ats.append(verified_at)
    # lessons
    session_on = timezone.localtime(b.office(start_at, rng.randint(3, 12))).date()
    inc.lessons_learned = LESSONS.get(category, LESSONS["20"])
    if timezone.make_aware(datetime.datetime.combine(session_on, datetime.time(17))) < cutoff:
        rows.sessions.append(LessonSession(incident=inc, held_on=session_on, attendees=rng.randint(6, 45),
                                           topic=f"{(s.agent if s else plan.agent).split(' / ')[0]}事件警示教育",
                                           added_by=investigator))
    # the gates, each once its facts hold
    session_at = timezone.make_aware(datetime.datetime.combine(session_on, datetime.time(17)))
    verified_last = None if any(v is None for v in verified_ats) else max(verified_ats)
    facts = {Gate.CAUSE: causes_at, Gate.ACCOUNTABILITY: finding_at, Gate.MEASURES: verified_last,
             Gate.EDUCATION: session_at}
    signed = []
    for gate, since in facts.items():
        if since is None:
            continue
        at = b.office(since, rng.choice([0, 1, 2]))
        if at >= cutoff:
            continue
        signer = staff.pick(plan.unit, APPROVERS)
        rows.gates.append(GateSign(incident=inc, gate=gate, evidence=GATE_EVIDENCE[gate], signed_by=signer,
                                   signed_at=at))
        signed.append(at)
    if len(signed) < 4 or plan.state == IncidentState.INVESTIGATING:
        return None
    close_at = b.office(max(signed), rng.choice([0, 1, 2, 3]))
    if close_at >= cutoff:
        return None
    return close_at, staff.pick(plan.unit, APPROVERS)


def _action(b: Builder, inc: Incident, plan: Plan, rows: Rows, kind, title, raised_at, raised_by, *, key=False):
    """One action raised by the investigation; returns when it was verified (None if not by the reference date)."""
    rng, staff, cutoff = b.rng, b.staff, b.cutoff
    if raised_at >= cutoff:
        return None
    unit = plan.unit
    owner = staff.person(unit)
    raised_on = timezone.localtime(raised_at).date()
    due = raised_on + datetime.timedelta(days=rng.choice([7, 14, 14, 21, 30]) if not key else 30)
    item = ActionItem(unit=unit, title=title[:200], description=f"源自事件：{inc.description[:120]}", kind=kind,
                      owner=owner, due_date=due, status=ActionStatus.OPEN, created_by=raised_by, created_at=raised_at)
    steps = [(raised_at, raised_by, "raised", {"status": ActionStatus.OPEN})]
    doer = owner.user if owner.user_id else staff.pick(unit, CHANGERS)
    span = (due - raised_on).days
    done_at = b.office(raised_at, max(1, round(span * rng.choice([0.4, 0.6, 0.8, 0.9, 1.0, 1.2]))))
    verified_at = None
    if done_at < cutoff:
        steps.append((done_at, doer, "done", {"status": ActionStatus.DONE, "completed_at": done_at,
                                               "completed_by_id": doer.pk, "completion_note": "已按要求完成"}))
        at = b.office(done_at, rng.randint(1, 7))
        if at < cutoff:
            verifier = staff.pick(unit, CHANGERS, exclude={doer.pk, owner.user_id})
            verified_at = at
            steps.append((at, verifier, "verified effective", {
                "status": ActionStatus.VERIFIED, "verified_at": at, "verified_by_id": verifier.pk,
                "verification_note": rng.choice(VERIFY_NOTES)}))
    rows.actions.append((item, steps, inc))
    return verified_at


@register_demo_step(70, "incidents")
def build_demo_incidents(ctx) -> str:
    from zeroharm.org.models import OrgUnit

    group = (ctx.objects.get("units") or {}).get("ZH") or OrgUnit.objects.filter(code="ZH").first()
    if group is None:
        return "no demo group: nothing to do"
    existing = Incident.objects.filter(unit__path__startswith=group.path)
    if existing.exists():
        return f"already loaded ({existing.count()} incidents); nothing was added"
    b = Builder(ctx)
    _plan_background(b)
    _plan_recordables(b)
    _plan_press(b)
    _plan_falls(b)
    _plan_forklift(b)
    _plan_under_reporting(b)
    plans = sorted(b.plans, key=lambda p: (p.at, p.unit.code, p.kind))
    for plan in plans:
        _complete(b, plan)
    # the last two of the forklift cluster: one under investigation, one just reported
    cluster = [p for p in plans if p.tag == "forklift_after"]
    cluster[-2].state, cluster[-1].state = IncidentState.INVESTIGATING, IncidentState.REPORTED

    rows = Rows()
    tracked = History(Incident).fields
    incident_type = ContentType.objects.get_for_model(Incident)
    for plan in plans:
        _materialise(b, plan, rows, tracked)
    counts = _save(rows, incident_type)
    kinds = Counter(i.kind for i in rows.incidents)
    states = Counter(i.state for i in rows.incidents)
    ctx.objects["incidents"] = rows.incidents
    return (f"{len(rows.incidents)} incidents ({', '.join(f'{n} {k}' for k, n in kinds.most_common())}; "
            f"{states['closed']} closed, {states['investigating']} under investigation, {states['reported']} "
            f"reported), {counts['people']} people involved, {counts['causes']} causes, {counts['actions']} actions, "
            f"{counts['gates']} gate confirmations, {counts['history']} history rows")


@transaction.atomic
def _save(rows: Rows, incident_type) -> dict:
    """Insert everything in bulk: incidents and their history, then what hangs off them, then the actions."""
    incidents = Incident.objects.bulk_create(rows.incidents, batch_size=1000)
    history = History(Incident)
    rows_out = [row for inc, snaps in zip(incidents, rows.snapshots, strict=True) for row in history.rows(inc, snaps)]
    Incident.history.model.objects.bulk_create(rows_out, batch_size=2000)
    stamp_from_history(Incident, [i.pk for i in incidents])
    count = len(rows_out)

    def attach(objs):
        for obj in objs:
            obj.incident_id = obj.incident.pk
        return objs

    def with_history(model, pairs) -> int:
        """Records whose history is the one row of their creation (as the services leave it)."""
        created = model.objects.bulk_create(attach([obj for obj, *_rest in pairs]), batch_size=2000)
        history = History(model)
        out = []
        for obj, (_obj, when, user) in zip(created, pairs, strict=True):
            out += history.rows(obj, [(when, user, "", history.values(obj))])
        model.history.model.objects.bulk_create(out, batch_size=2000)
        return len(out)

    count += with_history(InvolvedPerson, rows.people)
    count += with_history(Finding, [(f, when, f.added_by) for f, when in rows.findings])
    # Causes and gate confirmations without their creation rows: thousands of rows nobody reads, and the step.
    Cause.objects.bulk_create(attach([c for c, _when in rows.causes]), batch_size=2000)
    GateSign.objects.bulk_create(attach(rows.gates), batch_size=2000)
    WhyStep.objects.bulk_create(attach(rows.whys), batch_size=2000)
    LessonSession.objects.bulk_create(attach(rows.sessions), batch_size=2000)
    TimelineEntry.objects.bulk_create(attach(rows.timeline), batch_size=2000)

    # actions, with the incident as their source, each step a history row
    history = History(ActionItem)
    items, snapshots = [], []
    for item, steps, inc in rows.actions:
        item.source_type, item.source_id = incident_type, inc.pk
        snaps = []
        for version, (when, user, reason, changes) in enumerate(steps, start=1):
            for name, value in changes.items():
                setattr(item, name, value)
            item.version = version
            snaps.append((when, user, reason, history.values(item)))
        items.append(item)
        snapshots.append(snaps)
    created = ActionItem.objects.bulk_create(items, batch_size=1000)
    action_history = [row for item, snaps in zip(created, snapshots, strict=True) for row in history.rows(item, snaps)]
    ActionItem.history.model.objects.bulk_create(action_history, batch_size=2000)
    stamp_from_history(ActionItem, [item.pk for item in created])
    return {"people": len(rows.people), "causes": len(rows.causes), "actions": len(created),
            "gates": len(rows.gates), "history": count + len(action_history)}
