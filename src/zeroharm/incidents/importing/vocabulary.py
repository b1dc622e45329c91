"""Nature of injury and body part: the common OIICS titles (and Chinese terms) onto the closed lists."""

from __future__ import annotations

import re

from zeroharm.incidents.choices import BodyPart, InjuryNature

__all__ = ["NATURE_RULES", "BODY_RULES", "nature_for", "body_part_for"]


def _rules(*pairs: tuple[str, str]) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern, re.IGNORECASE), value) for pattern, value in pairs]


# Ordered: the first match wins ("chemical burn" before "burn", "heat burn" before "heat").
NATURE_RULES = _rules(
    (r"\bmultiple\b|fractures?\b.*\band\b|\band\b.*\bfractures?\b", InjuryNature.MULTIPLE),
    (r"amputat|截肢|断指", InjuryNature.AMPUTATION),
    (r"fractur|骨折", InjuryNature.FRACTURE),
    (r"dislocat|脱臼|脱位", InjuryNature.DISLOCATION),
    (r"crush|挤压|压伤", InjuryNature.CRUSH),
    (r"chemical burn|化学灼伤|化学烧伤", InjuryNature.CHEMICAL_BURN),
    (r"electr|触电|电击", InjuryNature.ELECTRIC),
    (r"\bburns?\b|scald|烧伤|烫伤|灼伤|灼烫", InjuryNature.BURN),
    (r"heat (exhaustion|stroke|cramps|syncope|fatigue|prostration)|effects of heat|中暑", InjuryNature.HEAT),
    (r"concussion|脑震荡", InjuryNature.CONCUSSION),
    (r"respirator|呼吸", InjuryNature.RESPIRATORY),
    (r"poison|toxic|中毒", InjuryNature.POISONING),
    (r"asphyx|suffocat|drown|窒息|溺水", InjuryNature.ASPHYXIA),
    (r"\bcuts?\b|lacerat|割伤|切伤|裂伤|划伤", InjuryNature.CUT),
    (r"punctur|刺伤|扎伤", InjuryNature.PUNCTURE),
    (r"bruis|contusion|挫伤|淤伤", InjuryNature.CONTUSION),
    (r"sprain|strain|tears? to muscle|扭伤|拉伤", InjuryNature.SPRAIN),
    (r"foreign bod(y|ies) in (the )?eye|眼内异物", InjuryNature.EYE_INJURY),
    (r"dermatitis|skin disorder|皮肤", InjuryNature.SKIN_DISORDER),
    (r"hearing|听力", InjuryNature.HEARING_LOSS),
)

BODY_RULES = _rules(
    (r"\bmultiple\b|\band\b|whole body|多处|多部位|全身", BodyPart.MULTIPLE),
    (r"^internal\b", BodyPart.INTERNAL),
    (r"finger|thumb|手指|指尖|拇指|食指|中指|无名指|小指", BodyPart.FINGER),
    (r"\btoe|脚趾|足趾", BodyPart.TOE),
    (r"wrist|手腕|腕", BodyPart.WRIST),
    (r"\bhands?\b|\bhand\(s\)|手", BodyPart.HAND),
    (r"\beyes?\b|\beye\(s\)|眼", BodyPart.EYE),
    (
        r"\bface\b|\bjaw\b|\bchin\b|\bnose\b|\bmouth\b|\bears?\b|\bear\(s\)|\blips?\b|\bteeth\b|\btooth\b|forehead|cheek|面部|脸|下巴|额",
        BodyPart.FACE,
    ),
    (r"\bskull\b|\bhead\b|\bscalp\b|\bbrain\b|cranial|头|脑", BodyPart.HEAD),
    (r"\bneck\b|颈", BodyPart.NECK),
    (r"\bback\b|spine|spinal|lumbar|thoracic|coccyg|sacr|背|腰|脊", BodyPart.BACK),
    (r"\bchest\b|\bribs?\b|sternum|胸|肋", BodyPart.CHEST),
    (r"abdom|腹", BodyPart.ABDOMEN),
    (r"shoulder|clavicle|scapula|肩", BodyPart.SHOULDER),
    (r"\belbows?\b|\belbow\(s\)|forearm|\barms?\b|\barm\(s\)|upper extremit|臂|肘", BodyPart.ARM),
    (r"\bhips?\b|\bhip\(s\)|pelvi|buttock|髋|臀|骨盆", BodyPart.HIP),
    (r"\bknees?\b|\bknee\(s\)|膝", BodyPart.KNEE),
    (r"ankle|踝", BodyPart.ANKLE),
    (r"\bfoot\b|\bfeet\b|\bheels?\b|\bheel\(s\)|\bsoles?\b|脚|足", BodyPart.FOOT),
    (r"\blegs?\b|\bleg\(s\)|thigh|\bcalf\b|\bshin|lower extremit|腿", BodyPart.LEG),
    (r"genital|reproductive|testi|scrot|penis|vagin|uter|ovar|生殖", BodyPart.INTIMATE),
    (
        r"internal|organ|body system|circulat|nervous|\blungs?\b|\bheart\b|\bliver\b|kidney|spleen|内脏|器官",
        BodyPart.INTERNAL,
    ),
)


_EXCEPT = re.compile(r"\(except[^)]*\)|,\s*except\b.*$", re.IGNORECASE)


def _first_rule(text: str, rules) -> str:
    text = _EXCEPT.sub("", text)  # "Hand(s), except finger(s)" is about the hand
    for pattern, value in rules:
        if pattern.search(text):
            return str(value)
    return ""


def nature_for(text: str) -> str:
    """The InjuryNature of a nature-of-injury text: obvious terms mapped, anything else "other"; blank stays blank."""
    text = (text or "").strip()
    if not text:
        return ""
    return _first_rule(text, NATURE_RULES) or InjuryNature.OTHER.value


def body_part_for(text: str) -> str:
    """The BodyPart of a body-part text where obvious; blank otherwise (the list has no "other")."""
    return _first_rule((text or "").strip(), BODY_RULES)
