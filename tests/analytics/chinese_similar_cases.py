"""A Chinese evaluation set for similar incidents (issue 16, point 3): the same accident told differently.

Each group is one accident written three ways, by different people: other words for the same things (叉车 and
铲车, 砸 and 击中, 摔下 and 坠落), another order (the injury first, or the cause), more or fewer details; not
light edits of one sentence. The distractors share a machine, a place or a body part with some group but tell
another accident. Used by tests/analytics/test_chinese_similar.py and printed by benchmarks/similar_accuracy.py.
"""

from __future__ import annotations

GROUPS: dict[str, list[str]] = {
    "冲床压手": [
        "冲压车间夜班，操作工在冲床上调整模具时设备突然下行，右手被压伤。",
        "一名员工右手被冲床压伤，当时他正在夜班换模，冲头意外落下。",
        "夜里换冲压模具，冲床滑块突然动作，操作人员右手掌被压，送医治疗。",
    ],
    "叉车倒车撞人": [
        "仓库内叉车倒车时撞倒一名拣货员，致其左腿骨折。",
        "拣货员在仓库通道被倒行的铲车撞到，左小腿骨折。",
        "铲车司机后退时没看到身后的拣货员工，将其撞倒，造成左腿骨折。",
    ],
    "脚手架坠落": [
        "架子工在三层脚手架上作业时未系安全带，从约六米高处坠落，腰部受伤。",
        "工人未挂安全带，从脚手架上摔下来，高度六米左右，伤及腰椎。",
        "搭设脚手架的工人失足跌落，落差约六米，当时没有系挂安全带，腰部骨折。",
    ],
    "吊物坠落": [
        "行车吊运钢卷时钢丝绳断裂，钢卷坠落砸伤下方的司索工。",
        "桥式起重机起吊钢卷，吊索突然断开，卷材掉下砸中地面指挥人员。",
        "司索工在吊物下方指挥，行车钢丝绳断了，钢卷落下把他砸伤。",
    ],
    "检修触电": [
        "电工检修配电柜时未断电，手触带电母排触电。",
        "维修配电箱时没有停电，电工碰到带电的铜排被电击。",
        "配电柜检修作业未执行停电挂牌，检修电工遭电击受伤。",
    ],
    "有限空间中毒": [
        "工人进入污水池清淤，吸入硫化氢中毒晕倒。",
        "清理污水井时作业人员硫化氢中毒，昏迷在井下。",
        "一名员工下到污水池底部清理淤泥，被有毒气体熏倒，为硫化氢中毒。",
    ],
    "油污滑倒": [
        "机加工车间地面有油污，员工行走时滑倒，右手腕骨折。",
        "员工在车间走动时踩到地上的机油摔倒，右腕骨折。",
        "因地面油渍未及时清理，一名工人滑了一跤，摔伤右手腕。",
    ],
    "砂轮片破裂": [
        "砂轮机打磨时砂轮片破裂，碎片飞出击中操作工面部。",
        "操作人员在砂轮机上磨工件，砂轮碎裂，飞出的碎块打伤脸部。",
        "打磨作业中砂轮突然爆裂，崩出的碎片砸中员工脸部。",
    ],
    "皮带卷入": [
        "皮带输送机运行中清理托辊粘料，手臂被卷入。",
        "员工在输送带未停机的情况下清理滚筒上的积料，左臂被皮带绞进去。",
        "输送皮带没有停下来，工人去清理托辊上的物料，胳膊卷进皮带受伤。",
    ],
    "钢水烫伤": [
        "炼钢车间出钢时钢水喷溅，烫伤炉前工双腿。",
        "转炉出钢过程中发生喷溅，高温钢液溅到炉前操作工腿上造成烧伤。",
        "炉前工在出钢时被飞溅的钢水灼伤了两条腿。",
    ],
    "货架纸箱砸头": [
        "货架顶层的纸箱掉落，砸中下方理货员头部。",
        "理货员在货架下整理货物，上层一箱货物滑落打到他的头。",
        "仓库货架最高层一只纸箱跌落，击中正在下面工作的员工头部。",
    ],
    "沟槽坍塌": [
        "开挖管沟时沟壁坍塌，掩埋了沟底作业的工人。",
        "管道沟槽边坡突然塌方，在槽底施工的工人被土方埋住。",
        "工人在沟底铺设管道，侧壁土方垮塌，将其掩埋。",
    ],
    "焊接引燃火灾": [
        "仓库内动火焊接，火花引燃纸箱起火，焊工手臂烧伤。",
        "焊工在库房电焊作业，焊渣溅到包装纸箱上着火，其手臂被烧伤。",
        "库房里进行电焊，飞溅的焊花点燃了旁边的纸质包装，引发火灾，焊工烧伤胳膊。",
    ],
    "车床衣袖卷入": [
        "车工操作车床时衣袖被旋转的卡盘缠住，手臂受伤。",
        "车床卡盘转动中把操作人员的袖口绞住，将其手臂带入受伤。",
        "车工袖口未扎紧，被转动的车床卡盘卷入，造成手臂骨折。",
    ],
    "剪板机切指": [
        "剪板机剪切钢板时，操作工左手手指被切断。",
        "操作人员在剪板机送料时左手伸入刀口下方，手指被剪断。",
        "使用剪板机裁板，工人左手指头被剪刀切掉两节。",
    ],
    "梯子滑倒坠落": [
        "电工站在人字梯上更换灯管，梯子滑开人摔下，头部着地。",
        "换灯管时人字梯脚滑动，站在梯上的电工跌落，磕伤头部。",
        "一名电工在梯子上换灯，梯子突然滑倒，他从上面摔下来撞到头。",
    ],
    "化学品溅眼": [
        "员工倒换硫酸时酸液溅入眼睛，未戴护目镜。",
        "分装硫酸过程中酸液飞溅进员工眼内，当时他没有佩戴防护眼镜。",
        "没戴护目镜的工人在倾倒浓硫酸时被溅到眼睛，造成灼伤。",
    ],
    "叉车货物倒塌": [
        "叉车搬运堆高的托盘时货物倾倒，砸伤旁边的搬运工脚部。",
        "铲车运送码得过高的托盘货物，货堆倒下压到一旁搬运工的脚。",
        "托盘上的货物堆得太高，叉车行驶中货物倒落，砸中旁边工人的脚。",
    ],
    "注塑机合模夹手": [
        "注塑机安全门联锁失效，操作工取件时手被合模夹伤。",
        "操作人员伸手到注塑机模具间取产品，模具突然合拢夹伤手，安全门联锁已坏。",
        "注塑机防护门联锁不起作用，员工取制品时被合上的模具夹住了手。",
    ],
    "锅炉蒸汽烫伤": [
        "锅炉房检修阀门时蒸汽泄漏，烫伤维修工面部和颈部。",
        "维修工在锅炉房拆阀门，高温蒸汽喷出，脸和脖子被烫伤。",
        "检修蒸汽阀过程中管道里的蒸汽冲出，维修人员面颈部烫伤。",
    ],
    "搬运扭伤腰": [
        "搬运工搬运重物时姿势不当，扭伤腰部。",
        "员工抬起一箱很重的零件时弯腰用力，把腰闪了。",
        "人工搬运沉重物料，因动作不对造成腰部扭伤。",
    ],
    "粉尘爆炸": [
        "抛光车间铝粉尘爆炸，三名工人烧伤。",
        "打磨抛光作业场所铝粉积聚后发生爆燃，三人被烧伤。",
        "铝制品抛光时空气中的铝粉尘遇火花爆炸，造成三名员工烧伤。",
    ],
    "塔吊吊钩脱钩": [
        "塔吊吊运钢筋时吊钩脱钩，钢筋滑落砸伤地面工人。",
        "塔式起重机起吊的一捆钢筋从吊钩上脱出，掉下来击中下方作业人员。",
        "工地上塔吊吊着钢筋，吊钩保险失灵导致脱钩，钢筋落下砸到工人。",
    ],
    "屋顶采光板踏穿": [
        "工人在厂房屋顶检修时踩破采光板，从屋顶坠落。",
        "维修屋面时员工一脚踏穿了彩钢屋顶上的采光带，摔到地面。",
        "屋面采光板被踩碎，正在屋顶作业的工人掉了下去。",
    ],
}

DISTRACTORS: list[str] = [
    "冲床光电保护装置被短接，但当班未发生伤害，检查时发现并整改。",
    "叉车在厂区道路行驶时与货车发生剐蹭，无人受伤。",
    "脚手架验收时发现扣件缺失，已停止使用并加固。",
    "行车司机在操作室内突发疾病，被同事送医。",
    "配电室发生短路跳闸，全厂停电两小时。",
    "污水处理站水泵故障，污水外溢到路面。",
    "员工下班途中在厂门口骑车摔倒，擦伤膝盖。",
    "砂轮机防护罩缺失，检查中责令停用。",
    "输送带跑偏撕裂，停产抢修一个班次。",
    "炼钢车间天车轨道螺栓松动，检修时更换。",
    "仓库货架立柱被叉车撞弯，货物未倒塌。",
    "管沟开挖时挖断自来水管，造成停水。",
    "食堂厨师切菜时被菜刀划伤左手食指。",
    "车床加工时铁屑飞出划伤操作工手背。",
    "剪板机脚踏开关失灵，维修工修理后恢复。",
    "保安夜间巡逻时被台阶绊倒，扭伤脚踝。",
    "实验室员工打翻盐酸瓶，未造成伤害，已清理。",
    "货车司机装车时从车厢上跳下，崴伤右脚。",
    "注塑机液压油管爆裂，油喷到地面，无人受伤。",
    "锅炉水位计损坏，司炉工及时停炉更换。",
    "员工在办公室搬椅子时椅子腿断裂，摔倒擦伤。",
    "抛光车间除尘器滤袋破损，粉尘外逸，停机更换。",
    "塔吊基础积水，安全检查时要求抽排。",
    "彩钢屋面漏雨，雨水滴到配电柜上，及时断电处理。",
]


def items() -> tuple[list[tuple[int, str]], dict[int, str]]:
    """(id, narrative) of every group member and distractor, and the group of each member's id."""
    out: list[tuple[int, str]] = []
    group_of: dict[int, str] = {}
    for name, narratives in GROUPS.items():
        for narrative in narratives:
            group_of[len(out) + 1] = name
            out.append((len(out) + 1, narrative))
    for narrative in DISTRACTORS:
        out.append((len(out) + 1, narrative))
    return out, group_of


def evaluate(similar, k: int = 5) -> dict:
    """Each member asked in turn (itself left out): the share of its group's other members among the k it gets
    back (recall@k), the share whose first answer is of its group (top-1), and the queries that missed.
    `similar(text, k, exclude_id)` -> [(id, score)] is the lookup under test."""
    pairs, group_of = items()
    found = first = wanted = 0
    misses = []
    for narrative_id, narrative in pairs:
        group = group_of.get(narrative_id)
        if group is None:
            continue
        hits = [i for i, _score in similar(narrative, k, narrative_id)]
        others = {i for i, g in group_of.items() if g == group and i != narrative_id}
        got = len(others & set(hits))
        found, wanted = found + got, wanted + len(others)
        first += bool(hits) and hits[0] in others
        if got < len(others):
            misses.append((group, narrative))
    queries = sum(len(v) for v in GROUPS.values())
    return {"recall": found / wanted, "top1": first / queries, "queries": queries, "misses": misses}
