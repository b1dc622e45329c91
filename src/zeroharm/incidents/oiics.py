"""OIICS 2.01 event codes (US BLS/OSHA) to GB 6441-1986 accident categories (事故类别).

The US OSHA Severe Injury Reports classify each case by its *event or exposure* (what happened) and
its *source* (the object, substance or motion that did the harm), both in the hierarchical OIICS 2.01
code list: a code's digits are its path in the tree (``4`` falls, ``43`` falls to a lower level,
``4331`` other fall to a lower level of less than 6 feet). GB 6441 names one accident category per
case, mostly by the agent (vehicle, machine, lifting equipment, electricity...), so the mapping is:

1. the **event code**, by the longest prefix in :data:`EVENT_RULES` (``"433"`` beats ``"43"`` beats
   ``"4"``); an unknown or empty code is "20" (other injury);
2. then the **source code** may override it, by the first rule of :data:`SOURCE_RULES` whose event
   prefixes and source prefixes both match: GB 6441 files a load dropped by a crane under "04"
   (lifting), not "01" (object strike), and a finger caught in a machine under "03" even when OIICS
   only says "contact with objects and equipment, unspecified".

Both tables carry the OIICS titles and the reason for each choice; `docs/oiics-gb6441-mapping.md`
is the same table in prose, with the accuracy of the category suggester trained on the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from zeroharm.incidents.choices import AccidentCategory as C

__all__ = ["EventRule", "SourceRule", "EVENT_RULES", "SOURCE_RULES", "gb6441_for", "event_rule_for"]


@dataclass(frozen=True)
class EventRule:
    prefix: str  # an OIICS event code (any level of the tree); every code below it inherits the rule
    category: str  # GB 6441 code "01".."20"
    title: str  # the OIICS 2.01 title of `prefix`
    reason: str = ""


@dataclass(frozen=True)
class SourceRule:
    events: tuple[str, ...]  # event code prefixes the rule applies to
    sources: tuple[str, ...]  # source code prefixes that decide it
    category: str
    title: str  # what the sources are, in OIICS words
    reason: str = ""


def _r(prefix: str, category: C, title: str, reason: str = "") -> EventRule:
    return EventRule(prefix, category.value, title, reason)


EVENT_RULES: tuple[EventRule, ...] = (
    # 1 — violence and animals: GB 6441 has no category for them.
    _r(
        "1",
        C.OTHER,
        "Violence and other injuries by persons or animals",
        "assaults, self-harm and animal bites are no GB 6441 agent",
    ),
    # 2 — transportation: vehicle injury (车辆伤害) when a motor vehicle is involved.
    _r(
        "2",
        C.VEHICLE,
        "Transportation incidents",
        "车辆伤害 covers people struck, run over, crushed or thrown by a moving motor vehicle",
    ),
    _r("21", C.OTHER, "Aircraft incidents", "aircraft are no 企业机动车辆 (works vehicle)"),
    _r("213", C.FIRE, "Explosion or fire on aircraft", "a fire, whatever carries it"),
    _r("223", C.FIRE, "Explosion or fire on rail vehicle—transportation incident", "a fire, whatever carries it"),
    _r(
        "23",
        C.OTHER,
        "Animal and other non-motorized vehicle transportation incidents",
        "pedal cycles and ridden animals are no motor vehicles",
    ),
    _r("25", C.OTHER, "Water vehicle incidents", "vessels are no 企业机动车辆; drowning is coded 561 when it happened"),
    _r("253", C.FIRE, "Explosion or fire on water vehicle", "a fire, whatever carries it"),
    _r("257", C.MECHANICAL, "Machinery or equipment incident on water vehicle", "machinery, wherever it stands"),
    # 3 — fires and explosions.
    _r("3", C.FIRE, "Fires and explosions", "unspecified: the fire is the more frequent of the two"),
    _r(
        "314",
        C.BURNS,
        "Ignition of clothing from controlled heat source",
        "a flame burn from a torch or stove, no fire spreading: 灼烫 (flame burns)",
    ),
    _r("32", C.OTHER_EXPLOSION, "Explosions", "其他爆炸: dust, vapour and gas explosions outside mines"),
    _r(
        "323",
        C.VESSEL_EXPLOSION,
        "Explosion of pressure vessel, piping, or tire",
        "容器爆炸 (physical explosion of a pressurised container); tyres and boilers by source, below",
    ),
    _r("324", C.BLASTING, "Demolition or blasting explosion", "放炮: injuries from blasting work"),
    # 4 — falls, slips and trips: GB 6441 knows only the fall from height.
    _r(
        "4",
        C.OTHER,
        "Falls, slips, trips",
        "unspecified falls are mostly slips on the level; ladders, scaffolds and roofs by source, below",
    ),
    _r("43", C.FALL_FROM_HEIGHT, "Falls to lower level", "高处坠落, whatever the height"),
    _r("44", C.FALL_FROM_HEIGHT, "Jumps to lower level", "高处坠落"),
    _r(
        "45",
        C.FALL_FROM_HEIGHT,
        "Fall or jump curtailed by personal fall arrest system",
        "a fall from height that the harness stopped",
    ),
    # 5 — exposures.
    _r(
        "5",
        C.OTHER,
        "Exposure to harmful substances or environments",
        "unspecified exposures (in the 2015 file mostly fluid burns and heat) name no GB 6441 agent",
    ),
    _r("51", C.ELECTRIC_SHOCK, "Exposure to electricity", "触电, direct or indirect (arc flash included)"),
    _r("53", C.BURNS, "Exposure to temperature extremes", "灼烫 when a hot or cold object or substance is touched"),
    _r(
        "531",
        C.OTHER,
        "Exposure to environmental heat",
        "heat stroke is an occupational illness (职业性中暑), not 灼烫: GB 6441 burns need a hot object",
    ),
    _r("532", C.OTHER, "Exposure to environmental cold", "frostbite and hypothermia are no burns"),
    _r("55", C.POISONING, "Exposure to other harmful substances", "中毒: inhaled, ingested or injected"),
    _r(
        "5544",
        C.BURNS,
        "Exposure through intact skin, eyes, or other exposed tissue",
        "acid and caustic splashes: 灼烫 explicitly covers chemical burns (化学灼伤)",
    ),
    _r("56", C.POISONING, "Exposure to oxygen deficiency, n.e.c.", "窒息: oxygen depletion, choking"),
    _r("561", C.DROWNING, "Drowning, submersion, n.e.c.", "淹溺"),
    # 6 — contact with objects and equipment.
    _r(
        "6",
        C.OTHER,
        "Contact with objects and equipment",
        "unspecified contact: by source below (machinery 03, lifting 04, vehicles 02)",
    ),
    _r("62", C.OBJECT_STRIKE, "Struck by object or equipment", "物体打击: falling, flying, rolling objects"),
    _r("621", C.VEHICLE, "Struck by powered vehicle—nontransport", "车辆伤害: struck, run over or pinned by a vehicle"),
    _r(
        "6213",
        C.MECHANICAL,
        "Struck by swinging part of powered vehicle",
        "the vehicle works as a machine (excavator bucket, truck door), not driving: 机械伤害",
    ),
    _r(
        "6214",
        C.MECHANICAL,
        "Struck by falling part of powered vehicle still attached",
        "forks, beds, booms of a standing vehicle: 机械伤害",
    ),
    _r(
        "625",
        C.OTHER,
        "Injured by handheld object or equipment",
        "knives and hammers are no GB 6441 agent; powered tools by source, below",
    ),
    _r("63", C.OTHER, "Struck against object or equipment", "bumping into something: no agent"),
    _r("6311", C.MECHANICAL, "Struck against moving part of machinery or equipment", "机械伤害 (碰撞)"),
    _r(
        "64",
        C.MECHANICAL,
        "Caught in or compressed by equipment or objects",
        "机械伤害: caught, drawn in, crushed by machinery",
    ),
    _r(
        "642",
        C.OBJECT_STRIKE,
        "Compressed or pinched by shifting objects or equipment",
        "mostly loads, pipes and parts shifting onto a hand: 物体打击; machines, cranes, vehicles by source",
    ),
    _r("643", C.OTHER, "Compressed or pinched between two stationary objects", "no moving agent"),
    _r(
        "65",
        C.COLLAPSE,
        "Struck, caught, or crushed in collapsing structure, equipment, or material",
        "坍塌: trenches, structures, stacked material",
    ),
    _r("652", C.ROOF_FALL, "Mine collapse or cave-in", "冒顶片帮 (roof fall and rib spalling underground)"),
    _r("66", C.OTHER, "Rubbed or abraded by friction or pressure", ""),
    _r("67", C.OTHER, "Rubbed, abraded, or jarred by vibration", ""),
    # 7 — overexertion and bodily reaction: no GB 6441 agent.
    _r("7", C.OTHER, "Overexertion and bodily reaction", "strains and sprains"),
    # 9999 — nonclassifiable.
    _r("9999", C.OTHER, "Nonclassifiable", "no event recorded"),
)

_MACHINERY = ("3",)  # OIICS source division 3: machinery (cranes and hoists are matched first)
_LIFTING = ("343", "344", "345", "3465", "43")
_MOTOR_VEHICLES = ("84", "86")
_GENERIC_CONTACT = ("60", "620", "629", "640", "642", "643", "649", "69")

SOURCE_RULES: tuple[SourceRule, ...] = (
    SourceRule(
        ("6",),
        _LIFTING,
        C.LIFTING.value,
        "Cranes (343), overhead hoists (344), derricks (345), material and personnel hoists (3465), "
        "hoisting accessories: hooks, slings (43)",
        "起重伤害 covers anyone struck, caught or crushed in lifting work, which OIICS files under 62/64",
    ),
    SourceRule(("32",), ("2121",), C.BOILER_EXPLOSION.value, "Boilers (2121)", "锅炉爆炸"),
    SourceRule(
        ("32",),
        ("185", "7813", "782"),
        C.GUNPOWDER_EXPLOSION.value,
        "Explosives, blasting agents (185), explosive devices (7813), ammunition (782)",
        "火药爆炸 when the explosive itself went off outside blasting work",
    ),
    SourceRule(
        ("323",),
        ("481",),
        C.OTHER_EXPLOSION.value,
        "Tires and inner tubes (481)",
        "a burst tyre is no pressure vessel: 其他爆炸",
    ),
    SourceRule(
        ("320", "322", "329"),
        ("212",),
        C.VESSEL_EXPLOSION.value,
        "Containers—pressurized (212)",
        "容器爆炸 when the exploding thing was a pressurised container",
    ),
    SourceRule(
        ("40", "49"),
        ("74", "634", "635", "654", "3467"),
        C.FALL_FROM_HEIGHT.value,
        "Ladders (74), scaffolds (634), towers and poles (635), roofs (654), aerial lifts (3467)",
        "an unspecified fall from a ladder, scaffold, pole, roof or lift is a fall from height",
    ),
    SourceRule(
        ("625",),
        ("72",),
        C.MECHANICAL.value,
        "Handtools—powered (72)",
        "机械伤害 names tools (工具) of machines: saws, grinders, drills",
    ),
    SourceRule(_GENERIC_CONTACT, ("8634",), C.MECHANICAL.value, "Power take-off (8634)", "a PTO shaft is machinery"),
    SourceRule(
        _GENERIC_CONTACT,
        _MOTOR_VEHICLES,
        C.VEHICLE.value,
        "Highway vehicles, motorized (84); off-road and industrial vehicles—powered (86): forklifts",
        "车辆伤害: pinned or struck by a works vehicle",
    ),
    SourceRule(
        _GENERIC_CONTACT,
        _MACHINERY,
        C.MECHANICAL.value,
        "Machinery (3)",
        "机械伤害: an unspecified contact with a machine is the machine's",
    ),
)

_EVENTS = {rule.prefix: rule for rule in EVENT_RULES}


def _clean(code: object) -> str:
    """'4331', ' 4331 ', 4331 or '4331.0' -> '4331'; None and 'nan' -> ''."""
    text = "" if code is None else str(code).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text if text.isdigit() else ""


def event_rule_for(event_code: str) -> EventRule | None:
    """The rule of the longest prefix of `event_code` in EVENT_RULES, or None."""
    code = _clean(event_code)
    for length in range(len(code), 0, -1):
        rule = _EVENTS.get(code[:length])
        if rule is not None:
            return rule
    return None


def gb6441_for(event_code: str, source_code: str = "") -> str:
    """GB 6441 category code ("01".."20") of an OIICS 2.01 event code, refined by its source code.

    >>> gb6441_for("4331"), gb6441_for("422"), gb6441_for("6412"), gb6441_for("6233", "3436")
    ('09', '20', '03', '04')
    """
    event, source = _clean(event_code), _clean(source_code)
    if source:
        for rule in SOURCE_RULES:
            if event.startswith(rule.events) and source.startswith(rule.sources):
                return rule.category
    rule = event_rule_for(event)
    return rule.category if rule else C.OTHER.value
