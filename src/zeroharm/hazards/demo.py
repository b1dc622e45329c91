"""Demo hidden dangers: 2,000+ over the last thirteen months, in every state, each one as the services left it.

Every record is lived through step by step (report → assess → assign → start → request acceptance →
[reject → request again] → accept → [write off]), with the nightly deadline scan's reminder, overdue mark
and escalations (docs/standards/hidden-dangers.md#deadlines-and-escalation) and extension decisions
in between; the steps that fall before now are applied, so the row, its history (one row per step,
named as the services name them) and its
dates agree. Anonymous reports name nobody, fixes on the spot wait for a second person, and major ones
carry a governance plan, a report to the authority and supervision entries. Texts are Chinese, as in the
risk register demo. Everything comes from the shared seeded generator and is inserted in bulk.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from zeroharm.core.registry import register_demo_step
from zeroharm.core.roles import Role
from zeroharm.hazards.models import (
    Category,
    ExtensionRequest,
    ExtensionStatus,
    GovernancePlan,
    HazardPhoto,
    HiddenDanger,
    Level,
    PhotoStage,
    Source,
    State,
    SupervisionEntry,
)
from zeroharm.org.choices import PersonStatus, UnitKind

__all__ = ["build_demo_hazards", "TEMPLATES", "MAJOR_TEMPLATES", "DemoStaff", "category_for", "history_rows",
           "stamp_from_history"]

C, A, M, E = Category.UNSAFE_CONDITION, Category.UNSAFE_ACT, Category.MANAGEMENT, Category.ENVIRONMENT
TOTAL = 2150  # records at scale 1
HORIZON_DAYS = 400  # found over the last thirteen months or so

PLACES = {
    "CHEM": ["罐区", "泵房", "装置区一层", "装置区二层平台", "压缩机厂房", "装卸站台", "控制室", "化验室", "配电室",
             "管廊", "仓库"],
    "MACH": ["冲压线", "焊接工位", "机加工区", "行车轨道下方", "熔炼区", "浇注区", "总装线", "热处理炉旁", "配电室",
             "成品仓库", "主通道"],
    "LOGI": ["仓库A区", "仓库B区", "装卸月台", "停车场", "充电间", "危化品库", "维修间", "主通道", "办公楼"],
    "CONS": ["1#楼", "2#楼", "3#楼地下室", "基坑北侧", "钢筋加工场", "塔吊作业区", "施工升降机", "材料堆场", "生活区",
             "临时配电房"],
    "POWR": ["锅炉房", "汽机房", "集控室", "升压站", "输煤栈桥", "煤场", "化学水处理间", "电缆夹层", "蓄电池室",
             "GIS室"],
}

# (category, description, measures, place or None for any place of the branch); {n} becomes a number.
GENERAL = [
    (C, "消防通道堆放纸箱、托盘等杂物，通道有效宽度不足1.2米", "清理通道杂物，施划禁止占用标线，纳入班组日常巡查",
     None),
    (C, "配电箱门未关闭且无“当心触电”警示标识", "关闭箱门并加锁，补贴警示标识，明确专人管理", None),
    (C, "{n}号灭火器压力指针在红区，已失效", "更换失效灭火器，全面检查区域内灭火器压力", None),
    (C, "安全出口指示灯不亮，应急照明灯蓄电池失效", "更换应急照明灯蓄电池和损坏的指示灯，进行断电试验", None),
    (C, "临时用电线路私拉乱接，电缆拖地且绝缘层破损", "拆除私接线路，按规范架空敷设并加装漏电保护器", None),
    (C, "插座面板破损，带电部分外露", "更换破损面板，排查同区域插座开关", None),
    (C, "钢梯扶手松动，踏步防滑条脱落", "紧固扶手，更换防滑条", None),
    (C, "洗眼器水压不足，出水呈锈色", "冲洗管路并更换阀芯，纳入每周试放水检查", None),
    (C, "急救箱药品过期，部分物品缺失", "补齐并更换过期药品，建立药品检查台账", None),
    (C, "消火栓箱内水带缺失，箱门被物料遮挡", "补齐水带、水枪，清理箱前物料并标识禁止遮挡区域", None),
    (A, "作业人员在生产区域吸烟", "对当事人进行教育考核，在区域入口增设禁烟标识", None),
    (A, "员工未按规定佩戴安全帽进入生产现场", "现场纠正并开展班前教育，区域入口加强检查", None),
    (A, "作业人员在运行设备旁使用手机", "对当事人进行教育，重申现场手机管理规定", None),
    (A, "检修人员未办理作业票即开始作业", "立即停止作业，补办作业票并进行安全交底", None),
    (A, "员工下班后未关闭设备电源，设备长时间空转", "教育当事人，交接班检查表增加断电确认项", None),
    (M, "特种作业人员{n}名操作证过期未复审", "组织复审取证，复审完成前暂停其特种作业", None),
    (M, "班组安全活动记录缺失，近{n}周未开展安全活动", "按规定恢复每周安全活动，车间每月检查记录", None),
    (M, "岗位安全操作规程未更新，与现有工艺不符", "组织修订操作规程并培训考试", None),
    (M, "本年度未开展现场处置方案演练", "制定演练计划，本月内组织演练并评估总结", None),
    (M, "新入职员工{n}人未完成三级安全教育即上岗", "暂停其上岗，补齐三级安全教育并考试合格", None),
    (M, "劳保用品发放台账不全，部分员工未领取防护眼镜", "补发劳保用品，完善发放台账", None),
    (M, "安全检查表未按规定频次填写，存在漏检", "明确检查责任人，车间每周抽查检查表", None),
    (E, "通道地面积水、油污，易滑倒", "清理地面油污，查找漏点并设置防滑警示", None),
    (E, "作业区域照明不足，局部照度低于标准要求", "增设照明灯具并检测照度", None),
    (E, "厂房屋顶漏雨，雨水滴落至电气设备附近", "修补屋面，对附近电气设备做防水遮挡并检测绝缘", None),
    (E, "高温季节作业场所通风降温设施不足", "增设轴流风机和冷风机，调整高温时段作业安排", None),
]

BRANCH = {
    "CHEM": [
        (C, "液氨储罐区{n}号有毒气体检测报警仪故障，未及时修复", "更换检测探头并标定，修复前每两小时便携式检测一次",
         "罐区"),
        (C, "硫酸输送泵{n}#机械密封泄漏，地面有酸液", "停泵更换机械密封，中和清理地面酸液", "泵房"),
        (C, "合成塔平台防护栏杆锈蚀断裂", "更换锈蚀栏杆并刷防锈漆，排查同类平台", "装置区二层平台"),
        (C, "{n}块就地压力表超过检定有效期", "更换检定合格的压力表，完善计量器具检定台账", None),
        (C, "防爆区域使用非防爆照明灯具", "更换为防爆灯具，排查区域内全部电气设备防爆等级", "装置区一层"),
        (C, "装卸鹤管静电接地线断开", "恢复静电接地并检测接地电阻", "装卸站台"),
        (C, "安全阀前切断阀未铅封常开", "对切断阀铅封常开，建立铅封台账", "管廊"),
        (C, "紧急喷淋装置防冻伴热失效", "修复伴热带，试验喷淋装置", "罐区"),
        (C, "空分冷箱区氧含量检测仪显示异常", "校准检测仪，检查冷箱密封", "压缩机厂房"),
        (C, "污水池盖板缺失，孔洞无防护", "补装盖板并设置围栏和警示标识", None),
        (A, "操作人员未佩戴防酸面罩进行取样作业", "现场纠正，取样点张贴防护要求并配备面罩", "泵房"),
        (A, "进入有限空间作业前未检测气体", "立即停止作业，检测合格并办理作业票后再作业", None),
        (A, "动火作业现场未配备灭火器，监护人离岗", "停止动火，配齐消防器材，监护人到岗后恢复", None),
        (A, "装卸液氨时未连接静电接地夹", "停止装卸，连接接地后恢复，教育装卸人员", "装卸站台"),
        (M, "盲板抽堵作业未编制盲板位置图", "补充盲板位置图，作业票审批增加核查环节", None),
        (M, "工艺联锁摘除未履行审批手续", "恢复联锁，补办联锁摘除审批并追究责任", "控制室"),
        (M, "危化品安全技术说明书未张贴于使用岗位", "补齐并张贴安全技术说明书，组织岗位学习", "化验室"),
        (E, "罐区防火堤内杂草丛生", "清除杂草，纳入每月定期清理", "罐区"),
        (E, "雨水排放口切断阀处于常开状态，泄漏物可能外排", "关闭切断阀，挂牌管理并制定开关制度", None),
    ],
    "MACH": [
        (C, "{n}#冲压机光电保护装置失效", "停机修复光电保护装置，修复并校验安全距离前禁止使用", "冲压线"),
        (C, "车床卡盘旋转部位防护罩缺失", "加装防护罩并与主轴联锁", "机加工区"),
        (C, "砂轮机托架与砂轮间隙大于3mm，防护罩缺失", "调整托架间隙，加装防护罩", "机加工区"),
        (C, "{n}#行车吊钩防脱钩装置损坏", "更换防脱钩装置，检查全部吊钩", "行车轨道下方"),
        (C, "{n}#行车钢丝绳断丝超标仍在使用", "立即停用，更换钢丝绳并做载荷试验", "行车轨道下方"),
        (C, "焊机外壳未接地，焊把线绝缘破损", "补做保护接地，更换破损焊把线", "焊接工位"),
        (C, "乙炔瓶与氧气瓶间距不足5米且未固定", "设置气瓶固定架，分开存放并保持安全间距", "焊接工位"),
        (C, "设备急停按钮失效", "修复急停回路并测试", None),
        (C, "浇包耳轴磨损超标", "更换耳轴并探伤", "浇注区"),
        (C, "热处理炉炉门联锁失效", "修复炉门联锁并试验", "热处理炉旁"),
        (A, "冲压工手伸入模具区域取件", "教育当事人，配备专用取件工具", "冲压线"),
        (A, "操作钻床时戴手套", "现场纠正，重申旋转设备禁止戴手套规定", "机加工区"),
        (A, "行车司机歪拉斜吊", "停止作业，对司机和司索工教育考核", "行车轨道下方"),
        (A, "作业人员在吊物下方通行", "现场制止，吊装区域设置警戒", "总装线"),
        (M, "检修时未执行上锁挂牌", "补充上锁挂牌程序培训，配备个人安全锁", None),
        (M, "吊索具无定期检查标识", "对吊索具全面检查并挂检查色标", None),
        (M, "设备点检表填写不全，存在代签", "规范点检记录，车间每周抽查", None),
        (E, "铸造车间粉尘浓度高，除尘器除尘效果差", "更换除尘滤袋，检测粉尘浓度", "熔炼区"),
        (E, "焊接烟尘排放不畅，作业点无局部排风", "加装移动式焊烟净化器", "焊接工位"),
    ],
    "LOGI": [
        (C, "{n}号叉车倒车报警器失灵", "维修倒车报警器，叉车每日出车前点检", None),
        (C, "{n}号叉车货叉根部有裂纹", "停用叉车，更换货叉并探伤", "维修间"),
        (C, "货架立柱被撞变形，未设置防撞护栏", "卸载并更换立柱，加装防撞护栏", None),
        (C, "装卸平台调节板边缘无警示、护栏缺失", "加装护栏，涂刷黄黑警示色", "装卸月台"),
        (C, "危化品运输车辆紧急切断阀动作不灵", "车辆停运，维修紧急切断阀并检测", "停车场"),
        (C, "车载灭火器过期", "更换车载灭火器，出车检查表增加灭火器检查项", "停车场"),
        (C, "电动叉车充电区未与货物存放区隔离", "设置独立充电区并配备灭火器", "充电间"),
        (C, "卸货月台防撞胶条脱落", "更换防撞胶条", "装卸月台"),
        (A, "叉车司机在库内超速行驶", "教育当事人，叉车加装限速器", None),
        (A, "叉车货叉载人登高作业", "现场制止并考核，配备登高作业平台", None),
        (A, "驾驶员连续驾驶超过4小时未停车休息", "约谈驾驶员，调整排班并加强动态监控", None),
        (A, "搬运工攀爬货架取货", "现场制止，配备移动登高梯", None),
        (A, "危化品运输车辆押运员不在岗", "车辆停运，配齐押运员后出车", "停车场"),
        (M, "危险货物运输车辆动态监控报警未及时处置", "完善监控值班制度，报警处置闭环记录", None),
        (M, "仓库货物超高堆放，未标识限高", "降低堆垛高度，货架张贴限高标识", None),
        (M, "外来车辆驾驶员入场未进行安全告知", "门岗增设安全告知和签字确认", None),
        (E, "库区人车混行，无人车分流标线", "施划人行通道和车辆通道标线，设置隔离护栏", "主通道"),
        (E, "冬季装卸区地面结冰未及时清理", "清除冰雪，铺设防滑垫", "装卸月台"),
    ],
    "CONS": [
        (C, "外脚手架{n}层连墙件缺失", "按方案补设连墙件，验收合格后使用", None),
        (C, "脚手架剪刀撑不连续，扣件松动", "补设剪刀撑，紧固扣件并复验", None),
        (C, "{n}层楼层临边防护栏杆缺失", "补设临边防护栏杆和挡脚板", None),
        (C, "楼板预留洞口未覆盖、无警示", "设置固定盖板并标识", None),
        (C, "塔吊起重力矩限制器失效", "停止使用，修复限位装置并检测", "塔吊作业区"),
        (C, "施工升降机防坠安全器超期未检测", "停用升降机，送检防坠安全器", "施工升降机"),
        (C, "开关箱未做到“一机一闸一漏”", "整改开关箱，每台设备独立设置开关和漏电保护", "临时配电房"),
        (C, "基坑周边未设置防护栏杆，堆土距坑边不足1米", "设置防护栏杆，清运坑边堆土", "基坑北侧"),
        (C, "钢丝绳绳卡数量不足且方向错误", "按规范重新设置绳卡", "塔吊作业区"),
        (A, "高处作业人员未系挂安全带", "现场制止，教育并考核，设置安全带挂点", None),
        (A, "工人沿脚手架攀爬上下", "现场制止，设置专用上下通道", None),
        (A, "起重吊装无专人指挥", "停止吊装，配备持证信号工", "塔吊作业区"),
        (A, "电焊作业未清理下方可燃物、无接火措施", "停止作业，清理可燃物并设置接火盆", None),
        (M, "危险性较大的分部分项工程专项方案未经审批即施工", "停止施工，方案审批并交底后复工", None),
        (M, "司索工{n}人无证上岗", "停止其作业，安排持证人员上岗并组织培训取证", None),
        (M, "分部分项工程安全技术交底无签字记录", "重新组织交底并签字存档", None),
        (E, "基坑降水不到位，坑底积水", "增设降水井和抽水泵，排除坑底积水", "基坑北侧"),
        (E, "六级大风天气未停止高处作业", "停止高处和吊装作业，完善恶劣天气停工制度", None),
    ],
    "POWR": [
        (C, "{n}号锅炉安全阀超期未校验", "安排校验安全阀，校验前加强压力监视", "锅炉房"),
        (C, "汽包就地水位计显示模糊", "冲洗水位计，更换云母片", "锅炉房"),
        (C, "高温蒸汽管道保温层破损", "修复保温层并挂防烫警示", "汽机房"),
        (C, "电缆沟盖板缺失，沟内积水", "补齐盖板，抽排积水并检查电缆", "电缆夹层"),
        (C, "{n}号高压开关柜五防闭锁失效", "修复五防闭锁，修复前执行双人操作确认", "升压站"),
        (C, "输煤皮带拉绳开关失效", "修复拉绳开关并试验", "输煤栈桥"),
        (C, "氢气系统法兰跨接线缺失", "补设跨接线并检测电阻", "汽机房"),
        (C, "蓄电池室防爆排风机损坏", "更换防爆排风机", "蓄电池室"),
        (A, "倒闸操作未执行监护制度", "重申两票三制，对当事人考核", "升压站"),
        (A, "巡检人员进入高压室未穿绝缘靴", "现场纠正，高压室入口配备绝缘靴", "升压站"),
        (A, "输煤皮带运行中清理积煤", "立即停止，教育当事人，清理前停机挂牌", "输煤栈桥"),
        (M, "工作票安全措施填写不全", "规范工作票填写，每月抽查考核", None),
        (M, "接地线未编号管理", "对接地线编号并建立领用登记", "升压站"),
        (M, "化学水车间运行规程未修订", "修订运行规程并组织学习考试", "化学水处理间"),
        (E, "输煤栈桥煤粉积尘严重", "清理积尘，检修除尘器并增加喷淋", "输煤栈桥"),
        (E, "酸碱储罐区通风不良，有刺激性气味", "增设机械通风，检查储罐密封", "化学水处理间"),
    ],
}

# Major hidden dangers: (category, description, measures, place, contingency plan, cause)
MAJOR_TEMPLATES = {
    "CHEM": [
        (C, "液氨储罐区紧急切断阀失效，有毒气体报警与喷淋水幕未实现联锁",
         "更换紧急切断阀，完善报警与喷淋联锁，经联锁测试和专家验收后投用", "罐区",
         "整改期间降低储存量至设计储量的50%以下，增加巡检频次至每小时一次，罐区配备正压式空气呼吸器和应急抢险队伍24小时值守",
         "设备老化，联锁改造项目未按计划实施"),
        (C, "合成气压缩机出口管道测厚减薄超标，仍在运行", "更换减薄管段，整改前降压运行并加密测厚",
         "压缩机厂房", "降压至设计压力的80%运行，每天测厚一次，现场设置警戒区并准备紧急停车方案",
         "介质冲刷腐蚀，定点测厚频次不足"),
        (M, "重点监管危险化工工艺装置安全仪表系统长期旁路运行", "恢复安全仪表系统，完成功能安全评估和联锁回路测试",
         "控制室", "旁路期间装置降负荷运行，关键参数由专人监盘，制定手动紧急停车程序并演练",
         "仪表故障后未及时修复，旁路审批管理失控"),
    ],
    "MACH": [
        (C, "{n}#桥式起重机主梁下挠超标，制动器制动力不足",
         "停用起重机，更换制动器并对主梁进行矫正加固，经检验合格后使用", "行车轨道下方",
         "整改期间该起重机停用，改用汽车吊并编制专项吊装方案，吊装区域设警戒", "长期超负荷使用，定期检验后未及时维修"),
        (C, "熔炼炉冷却水系统无备用水源，炉下坑内存在积水", "增设应急水源和断水报警，清除炉下积水并做防水处理",
         "熔炼区", "整改期间限制熔炼量，配备移动应急水泵，炉下区域禁止人员停留", "原设计缺陷，防水设施失效"),
        (C, "喷漆房可燃气体报警与通风联锁失效", "修复可燃气体报警器和通风联锁，更换防爆风机", "总装线",
         "停止喷漆作业直至联锁恢复，现场配备灭火器材并清除可燃物", "设备维护不到位，联锁长期未测试"),
    ],
    "LOGI": [
        (M, "危化品仓库混存禁忌物料，氧化剂与易燃液体同库存放", "分区分库储存，完善禁忌物料配存表，清理超量库存",
         "危化品库", "立即转移氧化剂至临时专用库，加强库区温湿度监测和巡查，禁止一切火源",
         "仓储计划失控，库管员不熟悉禁忌要求"),
        (C, "危化品运输罐车罐体超期未检验仍在运营", "罐车立即停运，送检罐体，检验合格后恢复运营", "停车场",
         "停运期间调配合规车辆承运，对同批次车辆全面排查", "车辆年检管理台账不全"),
        (C, "仓库自动喷水灭火系统停用", "修复消防泵和报警阀组，系统联动测试合格后恢复", "仓库A区",
         "系统恢复前安排专人24小时消防巡查，增配推车式灭火器，减少库存", "消防泵故障后未及时维修"),
    ],
    "CONS": [
        (C, "深基坑支护结构出现裂缝，位移超过预警值未处置", "暂停坑边作业，加设内支撑并加密监测，经专家论证后恢复施工",
         "基坑北侧", "基坑周边设置警戒区，撤离坑边堆载和机械，准备回填物资和抢险队伍", "超挖和坑边超载"),
        (C, "高大模板支撑体系未按专项方案搭设", "拆除不合格部分，按方案重新搭设并验收", "2#楼",
         "禁止浇筑混凝土，支撑区域下方禁止人员通行", "现场交底不到位，施工班组擅自变更"),
        (C, "塔吊基础积水，地脚螺栓松动", "排水并紧固地脚螺栓，检测塔身垂直度，合格后使用", "塔吊作业区",
         "塔吊停止使用，大风天气前做好锚固", "排水措施缺失，日常检查不到位"),
    ],
    "POWR": [
        (C, "{n}号锅炉汽包安全阀全部超期且一只拒动", "停炉校验并更换拒动安全阀，完成整定后投运", "锅炉房",
         "整改前降压运行并安排专人监视汽包压力，制定紧急停炉和对空排汽预案", "检修计划安排不当"),
        (E, "输煤系统煤粉积尘严重，除尘系统停用，存在粉尘爆炸风险", "全面清理积尘，修复除尘器，增设喷雾抑尘",
         "输煤栈桥", "每班清扫积尘，禁止动火作业，配备消防水枪", "除尘设备故障，清扫制度未落实"),
        (C, "升压站主变压器消防喷淋系统失效", "修复雨淋阀和探测装置，联动试验合格", "升压站",
         "加强主变巡视和油温监视，现场配备推车式干粉灭火器", "设备老化，定期试验流于形式"),
    ],
}
TEMPLATES = {"GENERAL": GENERAL, **BRANCH}

AUTHORITIES = {
    "CHEM": ("南京市江北新区应急管理局", "宁应隐督"), "MACH": ("徐州市应急管理局", "徐应隐督"),
    "LOGI": ("苏州市应急管理局", "苏应隐督"), "CONS": ("无锡市住房和城乡建设局", "锡建安督"),
    "POWR": ("盐城市应急管理局", "盐应隐督"),
}
REJECTIONS = [
    "现场复查发现仍未整改到位，防护措施不完整", "整改后照片与现场不符，请补充",
    "同类问题在相邻区域仍然存在，请一并整改",
    "临时措施不能替代永久整改", "未提供检测合格报告",
]
ACCEPTANCE_NOTES = ["现场复查，整改到位", "复查合格，同意销号", "整改措施有效，资料齐全", "经现场验证符合要求", ""]
EXPLANATIONS = [
    "备件采购周期长，厂家供货延迟", "需停车检修才能实施，等待检修窗口", "施工单位人员未能按期到场",
    "整改涉及设计变更，方案审批时间较长", "资金审批流程未按时完成",
]
EXTENSION_REASONS = [
    "备件需从厂家订购，到货时间晚于原定期限", "整改需结合装置停车检修进行", "方案需经专家论证，论证会已排期",
    "施工受连续雨天影响无法按期完成",
]
SUPERVISION_NOTES = [
    "现场检查临时措施落实到位，整改按计划推进", "督促加快施工进度，材料已到场", "检查发现警戒区标识破损，已要求恢复",
    "整改负责人汇报进度，完成约一半工程量", "复核应急物资配备齐全，值守人员在岗", "抽查巡检记录完整",
]
HARMS = [
    "一旦发生事故可能造成多人伤亡和重大财产损失；整改需停产改造和专业施工，难度较大",
    "可能引发火灾爆炸或中毒事故，影响周边企业和人员；整改涉及工艺变更，技术难度较大",
    "可能造成群死群伤事故；整改需外委专业单位并协调生产计划",
]
ACT_WORDS = ("未佩戴", "未系", "吸烟", "攀爬", "跨越", "使用手机", "超速", "载人", "歪拉", "通行", "戴手套", "违章")
MANAGEMENT_WORDS = ("记录", "台账", "制度", "规程", "培训", "证", "计划", "方案", "预案", "交底", "审批", "标识")
ENVIRONMENT_WORDS = ("照明", "积水", "通风", "粉尘", "高温", "结冰", "油污", "杂草", "大风", "积尘")


def category_for(text: str) -> str:
    """The category a free text most likely belongs to (for failed inspection items, which have none)."""
    if any(w in text for w in ACT_WORDS):
        return A
    if any(w in text for w in ENVIRONMENT_WORDS):
        return E
    if any(w in text for w in MANAGEMENT_WORDS):
        return M
    return C


#
# Who does what: the demo logins, by the units their roles cover
#

CHANGERS = {Role.SUPERVISOR, Role.UNIT_LEADER, Role.SAFETY_MANAGER, Role.ADMIN}
APPROVERS = {Role.UNIT_LEADER, Role.SAFETY_MANAGER, Role.ADMIN}
REPORTERS = CHANGERS | {Role.EMPLOYEE}


class DemoStaff:
    """The demo logins whose roles cover a unit, nearest first, and the unit's active people."""

    def __init__(self, rng, units: dict, people: list):
        from zeroharm.accounts.demo import PERSONAS
        from zeroharm.accounts.models import User
        from zeroharm.org.models import Person

        self.rng = rng
        self.units = units
        self.by_path = {u.path: u for u in units.values()}
        users = {u.username: u for u in User.objects.filter(username__in=[p[1] for p in PERSONAS])}
        self.grants = [(users[name], role, units[code]) for _p, name, role, code in PERSONAS
                       if name in users and code in units]
        # The logins were linked to people after the organisation step kept its copies: bring those up to date.
        linked = dict(Person.objects.filter(user__isnull=False).values_list("pk", "user_id"))
        self.members: dict[int, list] = {}
        for p in people:
            if p.pk in linked and p.user_id != linked[p.pk]:
                p.user_id = linked[p.pk]
            if p.status == PersonStatus.ACTIVE and not p.is_archived:
                self.members.setdefault(p.unit_id, []).append(p)
        self._chains: dict = {}

    def chain(self, unit, roles) -> list:
        key = (unit.pk, frozenset(roles))
        if key not in self._chains:
            found = [(g[2].depth, g[0].username != "safety", g[0]) for g in self.grants
                     if g[1] in roles and unit.path.startswith(g[2].path)]
            self._chains[key] = [u for *_k, u in sorted(found, key=lambda f: (-f[0], f[1]))]
        return self._chains[key]

    def pick(self, unit, roles, exclude=()):
        """Someone entitled, preferably the nearest (a team's monitor before the group's safety manager)."""
        candidates = [u for u in self.chain(unit, roles) if u.pk not in exclude]
        if not candidates:
            candidates = [u for u in self.chain(unit, {Role.ADMIN, Role.SAFETY_MANAGER}) if u.pk not in exclude]
        weights = [6, 3, 2, 1, 1, 1][:len(candidates)]
        return self.rng.choices(candidates, weights)[0]

    def parent(self, unit):
        return self.by_path.get(unit.path[:-unit.steplen]) if unit.depth > 1 else None

    def principal(self, unit):
        return unit.principal if unit.principal_id and unit.principal.status == PersonStatus.ACTIVE else None

    def person(self, unit):
        """A rectification owner: the unit's head or one of its people."""
        members = self.members.get(unit.pk) or []
        head = self.principal(unit)
        if head and (not members or self.rng.random() < 0.45):
            return head
        return self.rng.choice(members) if members else self.principal(self.parent(unit))


def history_rows(model, obj, snapshots) -> list:
    """Historical rows of `obj` from [(when, user, reason, {attname: value})], the first one a creation."""
    historical = model.history.model
    rows = []
    for i, (when, user, reason, values) in enumerate(snapshots):
        row = historical(history_date=when, history_user_id=user.pk if user else None,
                         history_change_reason=reason, history_type="+" if i == 0 else "~", **values)
        row.id = obj.pk
        rows.append(row)
    return rows


def stamp_from_history(model, pks) -> None:
    """Set created_at and updated_at (which bulk inserts set to now) from the first and last history rows, in one
    statement instead of a bulk update."""
    from django.db.models import OuterRef, Subquery

    rows = model.history.model.objects.filter(id=OuterRef("pk")).values("history_date")
    model.objects.filter(pk__in=pks).update(created_at=Subquery(rows.order_by("history_date", "history_id")[:1]),
                                            updated_at=Subquery(rows.order_by("-history_date", "-history_id")[:1]))


def _tracked(model) -> list[str]:
    return [f.attname for f in model.history.model.tracked_fields]


@dataclass(order=True)
class Ev:
    at: datetime.datetime
    seq: int
    user: object = field(compare=False, default=None)
    reason: str = field(compare=False, default="")
    changes: dict = field(compare=False, default_factory=dict)
    record: bool = field(compare=False, default=True)  # leaves a history row


@dataclass
class Life:
    hd: HiddenDanger
    events: list
    major: tuple | None = None
    extension: dict | None = None
    snapshots: list = field(default_factory=list)
    updated: datetime.datetime | None = None


class Builder:
    def __init__(self, ctx):
        self.rng = ctx.rng
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.staff = DemoStaff(self.rng, ctx.objects["units"], ctx.objects["people"])
        self.tracked = _tracked(HiddenDanger)
        self.seq = 0
        self.risk_points: dict[int, list] = {}
        for point in ctx.objects.get("risk_points", []):
            self.risk_points.setdefault(point.unit_id, []).append(point)

    # time
    def at(self, day: datetime.date, lo: int = 8, hi: int = 18) -> datetime.datetime:
        t = datetime.time(self.rng.randint(lo, hi - 1), self.rng.randint(0, 59))
        return timezone.make_aware(datetime.datetime.combine(day, t))

    def later(self, prev: datetime.datetime, days: int) -> datetime.datetime:
        if days <= 0:
            return prev + datetime.timedelta(minutes=self.rng.randint(15, 150))
        return self.at(timezone.localdate(prev) + datetime.timedelta(days=days))

    def on_or_after(self, prev: datetime.datetime, day: datetime.date) -> datetime.datetime:
        return self.later(prev, 0) if day <= timezone.localdate(prev) else self.at(day)

    def ev(self, at, user=None, reason="", record=True, **changes) -> Ev:
        self.seq += 1
        return Ev(at, self.seq, user, reason, changes, record)

    def scan_at(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(1, self.rng.randint(0, 30))))

    # text
    def text(self, template) -> str:
        return template[1].replace("{n}", str(self.rng.randint(1, 12)))

    def location(self, branch: str, workshop, unit, template) -> str:
        place = template[3] or self.rng.choice(PLACES[branch])
        prefix = workshop.name if workshop else unit.name
        return f"{prefix}{place}"

    def life(self, *, unit, found_on, source=Source.REPORT, template=None, level=Level.GENERAL, anonymous=False,
             reporter=None, owner=None, period=None, fate=None, start=None, extension=None, reject=None,
             accept=True, item_result=None, inspection_point=None, location=None, description=None,
             category=None, rect_on=None, stop=None, close=True) -> Life:
        rng, staff = self.rng, self.staff
        branch = unit.code.split("-")[0]
        workshop = unit if unit.kind == UnitKind.WORKSHOP else staff.parent(unit) if unit.kind == UnitKind.TEAM \
            else None
        major = None
        if level == Level.MAJOR:
            major = template
        if template is None and description:
            template = (category, description, "按检查标准整改不合格项，并举一反三排查同类问题", None)
        template = template or rng.choice(BRANCH.get(branch, []) * 2 + GENERAL)
        description = description or self.text(template)
        category = category or template[0]
        spot = source == Source.SPOT_FIX
        reporter = None if anonymous else (reporter or staff.pick(unit, REPORTERS))
        report_at = self.at(found_on)
        if report_at > self.now:  # found today, before now
            report_at = self.now - datetime.timedelta(seconds=1)
        points = self.risk_points.get(unit.pk) or (self.risk_points.get(workshop.pk) if workshop else None)
        risk_point = inspection_point.risk_point if inspection_point else (
            rng.choice(points) if points and rng.random() < 0.3 else None)
        hd = HiddenDanger(
            unit=unit, location=location or self.location(branch, workshop, unit, template),
            description=description, source=source, found_on=found_on, reported_by=reporter,
            is_anonymous=anonymous, inspection_point=inspection_point, item_result=item_result,
            risk_point=risk_point, created_at=report_at,
        )
        events = []
        if spot:
            note = f"已现场整改：{template[2]}"
            hd.state, hd.level = State.PENDING_ACCEPTANCE, Level.GENERAL
            hd.rectified_by, hd.rectified_at, hd.rectification_note = reporter, report_at, note
            events.append(self.ev(report_at, reporter, "fixed on the spot"))
            if accept:
                accept_at = self.later(report_at, rng.choice([0, 0, 0, 1, 1, 2]))
                acceptor = staff.pick(unit, CHANGERS, exclude={reporter.pk})
                events.append(self.ev(accept_at, acceptor, "accepted and closed", state=State.CLOSED,
                                      accepted_by_id=acceptor.pk, accepted_at=accept_at,
                                      acceptance_note=rng.choice(ACCEPTANCE_NOTES), **self._close(hd, accept_at)))
            return Life(hd, events)

        events.append(self.ev(report_at, reporter, "reported"))
        if stop == State.REPORTED:
            return Life(hd, events)
        approvers = APPROVERS if level == Level.MAJOR else CHANGERS
        assess_at = self.later(report_at, rng.choice([0, 0, 1, 1, 2]))
        assessor = staff.pick(unit, CHANGERS if level == Level.GENERAL else APPROVERS)
        events.append(self.ev(assess_at, assessor, "assessed", state=State.ASSESSED,
                              level=level, category=category, assessed_by_id=assessor.pk, assessed_at=assess_at))
        if stop == State.ASSESSED:
            return Life(hd, events, major)
        assign_at = self.later(assess_at, rng.choice([0, 0, 1, 2]))
        assign_on = timezone.localdate(assign_at)
        assigner = staff.pick(unit, approvers)
        if owner is None:
            owner = staff.person(unit) if level == Level.GENERAL else (
                staff.principal(workshop or unit) or staff.person(unit))
        period = period or (rng.randint(30, 150) if major else rng.choice([3, 5, 7, 7, 10, 14, 15, 20, 30, 45]))
        deadline = assign_on + datetime.timedelta(days=period)
        budget = (Decimal(rng.randrange(50_000, 900_000, 10_000)) if major
                  else Decimal(rng.choice([0, 0, 0, 200, 500, 800, 1500, 3000, 6000, 12000])))
        events.append(self.ev(
            assign_at, assigner, "rectification assigned", state=State.ASSIGNED, owner_id=owner.pk,
            measures=template[2], budget_amount=budget, deadline=deadline, original_deadline=deadline,
            contingency_plan=major[4] if major else "", assigned_by_id=assigner.pk, assigned_at=assign_at))
        owner_user = owner.user if owner.user_id else None
        doer = owner_user or staff.pick(unit, CHANGERS)
        last = assign_at
        if start if start is not None else rng.random() < 0.7:
            last = self.later(assign_at, rng.randint(0, min(3, period)))
            events.append(self.ev(last, doer, "rectification started", state=State.IN_RECTIFICATION))

        # An extension, asked for a week or more before the deadline and decided within days.
        ext = None
        if extension is None and period >= 14 and rng.random() < 0.08:
            extension = rng.choice([ExtensionStatus.APPROVED] * 3 + [ExtensionStatus.REFUSED])
        if extension:
            asked_on = min(assign_on + datetime.timedelta(days=rng.randint(2, max(2, period - 8))),
                           deadline - datetime.timedelta(days=7))
            asked_at = self.on_or_after(last, asked_on)
            wanted = min(deadline + datetime.timedelta(days=rng.randint(7, 45)),
                         assign_on + datetime.timedelta(days=365))
            decider = staff.pick(unit, APPROVERS, exclude={doer.pk, owner.user_id})
            ext = {"asked_at": asked_at, "by": doer, "current": deadline, "wanted": wanted, "status": extension,
                   "reason": rng.choice(EXTENSION_REASONS), "decider": decider}
            if extension != ExtensionStatus.PENDING:
                decided_at = self.later(asked_at, rng.randint(1, 3))
                ext["decided_at"] = decided_at
                if extension == ExtensionStatus.APPROVED:
                    events.append(self.ev(decided_at, decider, "deadline extended",
                                          deadline=wanted, reminded_on=None))
                    deadline = wanted
                last = max(last, decided_at)

        # When the rectification is reported done: on time mostly, late for some, not yet for a few.
        fate = fate or rng.choices(["on_time", "late", "stuck"], [84, 14.5, 1.5])[0]
        if fate == "stuck" and found_on < self.today - datetime.timedelta(days=150):
            fate = "late"  # the long-forgotten ones were done in the end
        if rect_on is None:
            if fate == "on_time":
                share = rng.uniform(0.2, 1.0)
                rect_on = assign_on + datetime.timedelta(days=round(share * (deadline - assign_on).days))
            elif fate == "late":
                rect_on = deadline + datetime.timedelta(days=rng.choice([1, 2, 3, 5, 8, 12, 15, 20, 30, 45]))
        rect_at = self.on_or_after(last, rect_on) if rect_on else None
        acceptor = staff.pick(unit, approvers, exclude={doer.pk, owner.user_id})
        rejected = None
        if rect_at and (reject if reject is not None else rng.random() < 0.07):
            rejected = (rect_at, self.later(rect_at, rng.choice([0, 1, 2])), rng.choice(REJECTIONS))
            rect_at = self.later(rejected[1], rng.randint(2, 8))

        # The nightly deadline scan: remind at T-3, overdue the day after the deadline (escalated one level up),
        # escalated again ten days later and listed for the monthly safety meeting.
        end = timezone.localdate(rect_at) if rect_at else None
        remind_on = max(deadline - datetime.timedelta(days=3), assign_on + datetime.timedelta(days=1))
        if remind_on <= deadline and (end is None or end >= remind_on):
            events.append(self.ev(self.scan_at(remind_on), record=False, reminded_on=remind_on))
        overdue_on = deadline + datetime.timedelta(days=1)
        if end is None or end >= overdue_on:
            first_up = staff.parent(unit) or unit
            events.append(self.ev(self.scan_at(overdue_on), None, "overdue: escalated one level",
                                  overdue_since=overdue_on, escalated_to_id=first_up.pk, escalated_on=overdue_on))
            again_on = deadline + datetime.timedelta(days=10)  # as hazards.scans: T + 10
            if end is None or end >= again_on:
                second_up = staff.parent(first_up) or first_up
                events.append(self.ev(self.scan_at(again_on), None,
                                      "still overdue: escalated again, listed for the safety meeting",
                                      escalated_again_on=again_on, escalated_to_id=second_up.pk,
                                      for_safety_meeting=True))
            explain_on = overdue_on + datetime.timedelta(days=rng.randint(1, 4))
            if (end is None or end > explain_on) and rng.random() < 0.85:
                events.append(self.ev(self.at(explain_on), doer, "delay explained",
                                      overdue_explanation=rng.choice(EXPLANATIONS)))
        if rect_at is None:
            return Life(hd, events, major, ext)

        note = f"已完成整改：{template[2]}"
        if rejected:
            first_at, rejected_at, reason = rejected
            events.append(self.ev(first_at, doer, "acceptance requested", state=State.PENDING_ACCEPTANCE,
                                  rectification_note=note, rectified_by_id=doer.pk, rectified_at=first_at))
            events.append(self.ev(rejected_at, acceptor, "rejected", state=State.IN_RECTIFICATION,
                                  rejection_reason=reason))
            note += "；已按复查意见补充整改"
        events.append(self.ev(rect_at, doer, "acceptance requested", state=State.PENDING_ACCEPTANCE,
                              rectification_note=note, rectified_by_id=doer.pk, rectified_at=rect_at))
        if not accept:
            return Life(hd, events, major, ext)
        accept_at = self.later(rect_at, rng.choice([0, 0, 1, 1, 2, 3]))
        accepted = {"accepted_by_id": acceptor.pk, "accepted_at": accept_at,
                    "acceptance_note": rng.choice(ACCEPTANCE_NOTES)}
        if major:
            events.append(self.ev(accept_at, acceptor, "accepted", state=State.ACCEPTED, **accepted))
            if close:
                close_at = self.later(accept_at, rng.randint(3, 20))
                closer = staff.pick(unit, APPROVERS)
                events.append(self.ev(close_at, closer, "written off", state=State.CLOSED, close=True))
        else:
            events.append(self.ev(accept_at, acceptor, "accepted and closed", state=State.CLOSED, close=True,
                                  **accepted))
        return Life(hd, events, major, ext)

    @staticmethod
    def _close(hd, at) -> dict:
        closed_on = timezone.localdate(at)
        return {"closed_at": at, "days_to_close": max((closed_on - hd.found_on).days, 0),
                "closed_on_time": hd.deadline is None or closed_on <= hd.deadline}

    def play(self, life: Life) -> None:
        """Apply the events that have happened by now, in order, keeping a history snapshot after each."""
        hd = life.hd
        hd.version = 0
        for event in sorted(life.events):
            if event.at > self.now:
                break
            changes = dict(event.changes)
            if changes.pop("close", False):
                changes.update(self._close(hd, event.at))
            for name, value in changes.items():
                setattr(hd, name, value)
            if not event.record:
                continue
            if hd.version:
                hd.version += 1
            else:
                hd.version = 1
            life.updated = event.at
            life.snapshots.append((event.at, event.user, event.reason,
                                   {name: getattr(hd, name) for name in self.tracked if name != "id"}))


def _photo(reference: str, stage: str, on: datetime.date, seed: int) -> ContentFile:
    from PIL import Image, ImageDraw, ImageFont

    colour = (150 + seed * 37 % 80, 110 + seed * 53 % 90, 90 + seed * 71 % 100)
    if stage == PhotoStage.AFTER:
        colour = (90, 160 + seed % 60, 110)
    image = Image.new("RGB", (480, 360), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 463, 343), outline=(255, 255, 255), width=3)
    font = ImageFont.load_default(size=34)
    draw.text((40, 120), reference, fill=(255, 255, 255), font=font)
    draw.text((40, 180), f"{stage.upper()}  {on:%Y-%m-%d}", fill=(255, 255, 255), font=ImageFont.load_default(size=22))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return ContentFile(out.getvalue(), name=f"demo-{reference}-{stage}.jpg")


def _failed_items(limit: int) -> list:
    """Failed inspection items nobody has turned into a hidden danger yet (from the inspections demo)."""
    try:
        from zeroharm.inspections.models import ItemResult, Outcome
    except ImportError:  # pragma: no cover
        return []
    return list(ItemResult.objects.filter(outcome=Outcome.FAIL, hidden_danger__isnull=True)
                .select_related("inspection__unit", "inspection__point__risk_point", "item")
                .order_by("id")[:limit])


@register_demo_step(60, "hazards")
def build_demo_hazards(ctx) -> str:
    b = Builder(ctx)
    rng, staff, today = b.rng, b.staff, b.today
    units = ctx.objects["units"]
    total = max(50, round(TOTAL * ctx.scale))
    teams = sorted((u for u in units.values() if u.kind == UnitKind.TEAM), key=lambda u: u.code)
    workshops = sorted((u for u in units.values() if u.kind == UnitKind.WORKSHOP), key=lambda u: u.code)
    branches = sorted((u for u in units.values() if u.kind == UnitKind.BRANCH), key=lambda u: u.code)
    lives: list[Life] = []

    # 1. Failed inspection items become hidden dangers of the inspection's unit, found on its date.
    for result in _failed_items(int(total * 0.3)):
        inspection = result.inspection
        found = timezone.localdate(inspection.done_at) if inspection.done_at else inspection.due_date
        if found > today or found < today - datetime.timedelta(days=HORIZON_DAYS) or inspection.unit.depth < 2:
            continue
        point = inspection.point
        text = (result.note or "").strip() or f"检查不合格：{result.item.question}"
        where = (point.location or point.name) if point else inspection.unit.name
        reporter = inspection.done_by if inspection.done_by_id else None
        lives.append(b.life(unit=inspection.unit, found_on=found, source=Source.INSPECTION, item_result=result,
                            inspection_point=point, location=where[:200], description=text,
                            category=category_for(text), reporter=reporter))

    # 2. Reports and fixes on the spot over the last thirteen months, a few majors among them.
    while len(lives) < total:
        found = today - datetime.timedelta(days=int(HORIZON_DAYS * rng.random() ** 1.15))
        r = rng.random()
        unit = rng.choice(teams) if r < 0.72 else rng.choice(workshops) if r < 0.96 else rng.choice(branches)
        branch = unit.code.split("-")[0]
        kind = rng.choices(["report", "spot", "anonymous", "major"], [73, 16, 8.5, 2.5])[0]
        if kind == "major" and branch in MAJOR_TEMPLATES and unit.kind != UnitKind.BRANCH:
            lives.append(b.life(unit=unit, found_on=found, level=Level.MAJOR,
                                template=rng.choice(MAJOR_TEMPLATES[branch])))
        elif kind == "spot":
            lives.append(b.life(unit=unit, found_on=found, source=Source.SPOT_FIX))
        else:
            lives.append(b.life(unit=unit, found_on=found, anonymous=kind == "anonymous"))

    # 3. Something to do for every demo persona.
    lives += _persona_records(b, units)

    for life in lives:
        b.play(life)
    hazards = HiddenDanger.objects.bulk_create([life.hd for life in lives], batch_size=1000)
    history = [row for life in lives for row in history_rows(HiddenDanger, life.hd, life.snapshots)]
    HiddenDanger.history.model.objects.bulk_create(history, batch_size=2000)
    stamp_from_history(HiddenDanger, [hd.pk for hd in hazards])
    for life in lives:
        life.hd.created_at, life.hd.updated_at = life.snapshots[0][0], life.updated

    extensions = _extensions(b, lives)
    plans, entries = _governance(b, lives)
    photos = _photos(b, lives)
    ctx.objects["hidden_dangers"] = hazards
    ctx.objects["hazard_staff"] = staff
    states = {s: 0 for s in State.values}
    for hd in hazards:
        states[hd.state] += 1
    overdue = sum(1 for hd in hazards if hd.state != State.CLOSED and hd.overdue_since)
    return (f"{len(hazards)} hidden dangers ({states[State.CLOSED]} closed, {len(hazards) - states[State.CLOSED]} "
            f"open, {overdue} overdue, {sum(1 for life in lives if life.major)} major), {len(history)} history rows, "
            f"{extensions} extension requests, {plans} governance plans, {entries} supervision entries, "
            f"{photos} photos")


def _persona_records(b: Builder, units: dict) -> list[Life]:
    """The worker owns open rectifications (one overdue); the director and monitor have some to accept; the
    branch leader has an extension to decide and an open major one with its governance plan."""
    from zeroharm.accounts.models import User

    users = {u.username: u for u in User.objects.filter(
        username__in=["worker", "monitor", "director", "branch"]).select_related("person")}
    if len(users) < 4 or "MACH-W01-T01" not in units:
        return []
    today = b.today
    team, workshop = units["MACH-W01-T01"], units["MACH-W01"]
    worker = users["worker"].person
    monitor = users["monitor"].person
    days = datetime.timedelta
    mach = BRANCH["MACH"]
    lives = [
        # the worker's: overdue for three days, due in six, due the day after tomorrow (reminded)
        b.life(unit=team, found_on=today - days(13), template=mach[0], owner=worker, period=8, fate="stuck",
               start=True, reporter=users["monitor"], extension=False),
        b.life(unit=team, found_on=today - days(3), template=mach[11], owner=worker, period=7, fate="stuck",
               start=False, reporter=users["director"], extension=False),
        b.life(unit=team, found_on=today - days(6), template=GENERAL[5], owner=worker, period=6, fate="stuck",
               start=True, reporter=users["monitor"], extension=False),
        # awaiting the monitor's or the director's acceptance
        b.life(unit=team, found_on=today - days(9), template=mach[7], owner=worker, period=10, start=True,
               rect_on=today - days(1), accept=False, reject=False, extension=False, reporter=users["monitor"]),
        b.life(unit=team, found_on=today - days(5), template=GENERAL[1], owner=worker, period=7, start=True,
               rect_on=today - days(1), accept=False, reject=False, extension=False, reporter=users["director"]),
        b.life(unit=units.get("MACH-W01-T02", team), found_on=today - days(8), template=mach[5], owner=monitor,
               period=10, start=True, rect_on=today - days(2), accept=False, reject=False, extension=False),
        b.life(unit=workshop, found_on=today - days(12), template=mach[16], period=14, start=True,
               rect_on=today - days(1), accept=False, reject=False, extension=False),
        # the branch leader's: an extension request to decide, a major one under a governance plan
        b.life(unit=units.get("MACH-W01-T03", team), found_on=today - days(20), template=mach[4], period=30,
               start=True, fate="stuck", extension=ExtensionStatus.PENDING, owner=users["director"].person),
        b.life(unit=workshop, found_on=today - days(40), level=Level.MAJOR, template=MAJOR_TEMPLATES["MACH"][0],
               period=90, start=True, fate="stuck", extension=False),
        b.life(unit=units.get("MACH-W04", workshop), found_on=today - days(80), level=Level.MAJOR,
               template=MAJOR_TEMPLATES["MACH"][1], period=60, start=True, rect_on=today - days(6), reject=False,
               extension=False, close=False),
        # to be assessed and assigned
        b.life(unit=team, found_on=today, anonymous=True, template=GENERAL[0], stop=State.REPORTED),
        b.life(unit=units.get("MACH-W01-T02", team), found_on=today - days(1), template=mach[13],
               reporter=users["monitor"], stop=State.ASSESSED),
        b.life(unit=units.get("CHEM-W01", workshop), found_on=today - days(1), template=BRANCH["CHEM"][6],
               stop=State.REPORTED),
    ]
    pending = lives[7]
    pending.extension["asked_at"] = b.at(today - days(1))
    pending.extension["by"] = users["director"]
    return lives


def _extensions(b: Builder, lives: list[Life]) -> int:
    requests, snapshots = [], []
    tracked = _tracked(ExtensionRequest)
    for life in lives:
        ext = life.extension
        if not ext or ext["asked_at"] > b.now:
            continue
        decided = ext.get("decided_at")
        request = ExtensionRequest(hidden_danger=life.hd, current_deadline=ext["current"],
                                   requested_deadline=ext["wanted"], reason=ext["reason"], requested_by=ext["by"],
                                   status=ExtensionStatus.PENDING)
        request.requested_at = ext["asked_at"]
        steps = [(ext["asked_at"], ext["by"], "", {n: getattr(request, n) for n in tracked if n != "id"})]
        if decided and decided <= b.now:
            request.status, request.decided_by, request.decided_at = ext["status"], ext["decider"], decided
            request.decision_note = "同意延期，延期期间落实临时防范措施" if ext["status"] == ExtensionStatus.APPROVED \
                else "理由不充分，请按原期限完成整改"
            steps.append((decided, ext["decider"], "", {n: getattr(request, n) for n in tracked if n != "id"}))
        requests.append(request)
        snapshots.append(steps)
    created = ExtensionRequest.objects.bulk_create(requests)
    for request, steps in zip(created, snapshots, strict=True):
        request.requested_at = steps[0][0]
        for _when, _user, _reason, values in steps:
            values["requested_at"] = request.requested_at
            values["hidden_danger_id"] = request.hidden_danger_id
    ExtensionRequest.objects.bulk_update(created, ["requested_at"])
    ExtensionRequest.history.model.objects.bulk_create(
        [row for request, steps in zip(created, snapshots, strict=True)
         for row in history_rows(ExtensionRequest, request, steps)])
    return len(created)


def _governance(b: Builder, lives: list[Life]) -> tuple[int, int]:
    """Plans for every major hidden danger once assessed, reported to the authority (always before the write-off,
    mostly within the week), and supervision visits every few weeks until it is closed."""
    rng, staff = b.rng, b.staff
    plans, snapshots, entries = [], [], []
    for life in lives:
        hd, major = life.hd, life.major
        if not major or not hd.assessed_at:
            continue
        branch = hd.unit.code.split("-")[0]
        authority, abbr = AUTHORITIES[branch]
        deadline = hd.deadline or (timezone.localdate(hd.assessed_at) + datetime.timedelta(days=60))
        written_at = min(b.later(hd.assessed_at, 0), b.now)
        written_on = timezone.localdate(written_at)
        author = staff.pick(hd.unit, APPROVERS)
        owner = hd.owner.name if hd.owner_id else "整改负责人"
        head = staff.principal(b.staff.units[branch])
        reported_on = written_on + datetime.timedelta(days=rng.randint(1, 6))
        if hd.closed_at:
            reported_on = min(reported_on, timezone.localdate(hd.closed_at))
        report = reported_on <= b.today and (hd.state in (State.ACCEPTED, State.CLOSED) or rng.random() < 0.8)
        plan = GovernancePlan(
            hidden_danger=hd,
            goals_and_tasks=f"在{deadline:%Y年%m月%d日}前彻底消除“{hd.description}”重大事故隐患，治理期间不发生生产安全事故。",
            methods_and_measures=f"{hd.measures or major[2]}。治理期间落实临时防范措施，加强监测监控。",
            funds_and_materials=(f"治理资金{hd.budget_amount or 0}元，在安全生产费用中列支；"
                                 "所需材料、设备由物资部门在开工前到位。"),
            organisation_and_people=(f"成立以{head.name if head else '分公司总经理'}为组长的隐患治理领导小组，"
                                     f"{owner}为整改负责人，{hd.unit.name}具体实施，安全管理部门全过程监督。"),
            time_limit_and_requirements=(f"{written_on:%Y年%m月%d日}至{deadline:%Y年%m月%d日}完成治理，每周报告进度，"
                                         "完成后申请验收并报告销号。"),
            safety_and_emergency=f"{major[4]}；治理作业严格执行作业票制度，现场设专人监护，配备应急物资。",
            current_state_and_cause=f"{hd.description}。主要原因：{major[5]}。",
            harm_and_difficulty=rng.choice(HARMS),
            authority=authority if report else "",
            reported_to_authority_on=reported_on if report else None,
            authority_reference=f"{abbr}〔{reported_on.year}〕{rng.randint(10, 299)}号" if report else "",
        )
        tracked = [n for n in _tracked(GovernancePlan) if n != "id"]
        steps = []
        if report:
            draft = {n: getattr(plan, n) for n in tracked}
            draft.update(authority="", reported_to_authority_on=None, authority_reference="")
            steps.append((written_at, author, "", draft))
            plan.version = 2
            steps.append((b.at(reported_on), author, "", {n: getattr(plan, n) for n in tracked}))
            if steps[1][0] <= steps[0][0]:
                steps[1] = (b.later(written_at, 0), *steps[1][1:])
        else:
            steps.append((written_at, author, "", {n: getattr(plan, n) for n in tracked}))
        plans.append(plan)
        snapshots.append(steps)
        # supervision until closed
        until = timezone.localdate(hd.closed_at) if hd.closed_at else b.today
        day = written_on + datetime.timedelta(days=rng.randint(5, 14))
        while day <= until:
            entries.append(SupervisionEntry(hidden_danger=hd, on=day, note=rng.choice(SUPERVISION_NOTES),
                                            by=staff.pick(hd.unit, CHANGERS)))
            day += datetime.timedelta(days=rng.randint(10, 28))
    created = GovernancePlan.objects.bulk_create(plans)
    for plan, steps in zip(created, snapshots, strict=True):
        plan.updated_at = steps[-1][0]
        for _when, _user, _reason, values in steps:
            values["hidden_danger_id"] = plan.hidden_danger_id
    GovernancePlan.objects.bulk_update(created, ["updated_at"])
    GovernancePlan.history.model.objects.bulk_create(
        [row for plan, steps in zip(created, snapshots, strict=True)
         for row in history_rows(GovernancePlan, plan, steps)])
    SupervisionEntry.objects.bulk_create(entries)
    return len(created), len(entries)


def _photos(b: Builder, lives: list[Life]) -> int:
    """A few dozen small generated photos: as found, and after rectification for those done."""
    candidates = [life.hd for life in lives if life.hd.found_on >= b.today - datetime.timedelta(days=60)]
    chosen = b.rng.sample(candidates, min(18, len(candidates)))
    photos = []
    for i, hd in enumerate(sorted(chosen, key=lambda h: h.pk)):
        photos.append(HazardPhoto(hidden_danger=hd, stage=PhotoStage.BEFORE,
                                  image=_photo(hd.reference, PhotoStage.BEFORE, hd.found_on, i)))
        photos[-1].when = hd.created_at
        if hd.rectified_at:
            photos.append(HazardPhoto(hidden_danger=hd, stage=PhotoStage.AFTER,
                                      image=_photo(hd.reference, PhotoStage.AFTER, timezone.localdate(hd.rectified_at),
                                                   i)))
            photos[-1].when = hd.rectified_at
    created = HazardPhoto.objects.bulk_create(photos)
    for photo in created:
        photo.created_at = photo.when
    HazardPhoto.objects.bulk_update(created, ["created_at"])
    return len(created)
