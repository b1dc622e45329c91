"""Importing historical incidents from someone else's spreadsheet, with a column mapping the user chooses.

The platform's import (`core.imports`) reads files with fixed column names and saves row by row through
the services. Historical incident files come with *their* columns (the OSHA Severe Injury Reports: `UPA`,
`EventDate`, `Final Narrative`, `Address1`, `City`, `State`, `EventTitle`, `NatureTitle`, …), and ten
thousand rows at a time; so here:

- the file is read by `core.imports.read_table` (xlsx or csv, encodings, size limit) and its problems are
  `ImportFileError`s; each refused row is a `core.imports.RowError` (row as numbered in Excel, column, value,
  why) and the outcome an `ImportResult`;
- a `ColumnMapping` says which of the file's columns fill which incident field (a field may take several
  columns, joined), plus values fixed for every row (the unit, required; the kind and the category);
- every row is parsed and checked first, without writing anything; any refused row means nothing is
  written, and the result lists every refused row;
- only then, in one transaction, incidents and the people involved are inserted in chunks with
  `bulk_create_with_history` (one "imported" history row each), their computed figures (GB 6441 class,
  OSHA recordability and column, the Decree 493 grade) already derived in memory by `figures`, which
  gives exactly what `services.refresh_figures` gives (tested on every imported incident).

What the people involved become (OSHA counts "Hospitalized" and "Amputation"): a row that names an
injury (nature or body part) or counts someone gets max(hospitalised, amputations, 1) people; the first
`hospitalised` of them were in-patients, the first `amputations` lost a part. A person hospitalised or with
an amputation had medical treatment beyond first aid (outcome "medical treatment", so OSHA-recordable,
column J); anyone else in such a row is recorded as "first aid only", the least serious hurt outcome,
because the file says nothing more. Days away are not in such files, so no GB 6441 class is invented.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from zeroharm.analytics.oiics import gb6441_for
from zeroharm.core.imports import DATE_INPUT_FORMATS, ImportFileError, ImportResult, RowError, read_table
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.incidents import services, standards
from zeroharm.incidents.choices import (
    AccidentCategory,
    BodyPart,
    IncidentKind,
    InjuryClass,
    InjuryNature,
    OshaCaseType,
    Outcome,
    PersonRole,
)
from zeroharm.incidents.models import MAX_NARRATIVE, Incident, InvolvedPerson

__all__ = [
    "Target", "TARGETS", "TARGET_KEYS", "ColumnMapping", "IncidentImportResult", "guess_columns", "import_incidents",
    "parse_when", "nature_for", "body_part_for", "read_file", "MAX_PEOPLE_PER_ROW", "CHUNK",
]

CHUNK = 500  # incidents per bulk insert
MAX_PEOPLE_PER_ROW = 100  # a larger count is a wrong column, not a real accident
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Target:
    """An incident field a column of the file can fill."""

    key: str
    label: str
    help: str = ""
    required: bool = False
    slots: int = 1  # how many of the file's columns it may take, joined by `joiner`
    joiner: str = ", "
    # Header names (lowercase, only letters and digits kept) that suggest this field, best first.
    aliases: tuple[str, ...] = ()


TARGETS: tuple[Target, ...] = (
    Target("occurred_at", gettext_lazy("When it happened"),
           gettext_lazy("A date, or a date and time (1/31/2015, 2015-01-31 14:30, an Excel date). A date alone "
                        "is recorded at noon with “time of day cannot be determined”. A second column may "
                        "hold the time."),
           required=True, slots=2, joiner=" ",
           aliases=("eventdate", "occurredat", "incidentdate", "accidentdate", "accidentdt", "dateofincident",
                    "date", "发生时间", "事故时间", "发生日期", "事故日期", "日期", "时间")),
    Target("description", gettext_lazy("What happened (narrative)"), required=True, slots=2, joiner="\n",
           aliases=("finalnarrative", "narrative", "description", "whathappened", "事故经过", "经过", "事故简要经过",
                    "描述", "事故描述")),
    Target("location", gettext_lazy("Where"), gettext_lazy("Several columns are joined with commas, e.g. "
                                                           "address, city, state."),
           slots=4, aliases=("address1", "address2", "city", "state", "location", "place", "地点", "事故地点",
                             "发生地点")),
    Target("event_type", gettext_lazy("Event or exposure"), slots=2,
           aliases=("eventtitle", "eventtype", "accidenttype", "事件类型", "伤害方式")),
    Target("agent", gettext_lazy("Agent or equipment"), slots=2,
           aliases=("sourcetitle", "agent", "equipment", "致害物", "起因物", "设备")),
    Target("category", gettext_lazy("Accident category (GB 6441)"),
           gettext_lazy("A code 01–20 or the category's name."),
           aliases=("category", "gb6441", "accidentcategory", "事故类别", "事故类型")),
    Target("event_code", gettext_lazy("OIICS event code"),
           gettext_lazy("When the category is not given, it is derived from this code (and the source code)."),
           aliases=("event", "eventcode", "oiicsevent")),
    Target("source_code", gettext_lazy("OIICS source code"), aliases=("source", "sourcecode", "oiicssource")),
    Target("kind", gettext_lazy("What kind of event"), aliases=("kind", "eventkind", "事件种类")),
    Target("external_ref", gettext_lazy("External reference"),
           gettext_lazy("The file's own key (e.g. UPA). A row whose reference was already imported is refused, "
                        "so a file cannot land twice."),
           aliases=("upa", "externalref", "externalreference", "reference", "ref", "编号", "事故编号")),
    Target("direct_loss", gettext_lazy("Direct economic loss (CNY)"),
           aliases=("directloss", "directeconomicloss", "loss", "直接经济损失", "经济损失")),
    Target("nature", gettext_lazy("Nature of injury"),
           gettext_lazy("Kept as written; common terms are also filed under the closed list."),
           aliases=("naturetitle", "natureofinjury", "natureinjury", "injurynature", "伤害性质", "受伤性质")),
    Target("body_part", gettext_lazy("Body part"),
           gettext_lazy("Kept as written; common terms are also filed under the closed list."),
           aliases=("partofbodytitle", "bodypart", "injbodypart", "partofbody", "受伤部位", "伤害部位")),
    Target("hospitalized", gettext_lazy("Number hospitalised"),
           gettext_lazy("A count; each of them is recorded as an in-patient."),
           aliases=("hospitalized", "hospitalised", "住院人数", "住院")),
    Target("amputation", gettext_lazy("Number of amputations"),
           aliases=("amputation", "amputations", "截肢人数", "截肢")),
)
TARGET_KEYS = [t.key for t in TARGETS]
_TARGETS = {t.key: t for t in TARGETS}


def _norm(header: str) -> str:
    return "".join(ch for ch in header.lower() if ch.isalnum())


def guess_columns(headers: list[str]) -> dict[str, list[str]]:
    """For each field, the file's columns whose names suggest it (e.g. the OSHA file's): {field: [header]}."""
    by_norm: dict[str, str] = {}
    for header in headers:
        if header:
            by_norm.setdefault(_norm(header), header)
    taken: set[str] = set()
    guessed: dict[str, list[str]] = {}
    for target in TARGETS:
        found = [by_norm[a] for a in target.aliases if a in by_norm and by_norm[a] not in taken]
        # Every address part that is there, in the file's order; one column for the other fields.
        found = sorted(found, key=headers.index)[: target.slots] if target.key == "location" else found[:1]
        if found:
            guessed[target.key] = found
            taken.update(found)
    return guessed


@dataclass
class ColumnMapping:
    """Which columns fill which field, and the values fixed for every row."""

    columns: dict[str, list[str]]
    unit: object  # org.OrgUnit
    kind: str = ""  # for rows without a kind of their own; "" = injury
    category: str = ""  # for rows whose category is neither given nor derived

    def as_saved(self) -> tuple[dict, dict]:
        """The JSON of an ImportMapping: (columns, fixed)."""
        fixed = {"unit": self.unit.code}
        if self.kind:
            fixed["kind"] = self.kind
        if self.category:
            fixed["category"] = self.category
        return {k: list(v) for k, v in self.columns.items() if v}, fixed

    def resolve(self, headers: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Each mapped field's (column, index) pairs; a missing column or required field is a file error."""
        index = {}
        for i, header in enumerate(headers):
            if header and header not in index:
                index[header] = i
        plan: dict[str, list[tuple[str, int]]] = {}
        missing = []
        for key, names in self.columns.items():
            if key not in _TARGETS:
                continue
            pairs = []
            for name in names:
                if not name:
                    continue
                if name not in index:
                    missing.append(_("“%(column)s” (for %(field)s)") % {"column": name, "field": _TARGETS[key].label})
                    continue
                pairs.append((name, index[name]))
            if pairs:
                plan[key] = pairs
        if missing:
            raise ImportFileError(_("The file has no column %(columns)s. Choose the file's columns again.")
                                  % {"columns": ", ".join(missing)})
        unmapped = [str(t.label) for t in TARGETS if t.required and t.key not in plan]
        if unmapped:
            raise ImportFileError(_("Choose the column for: %(fields)s.") % {"fields": ", ".join(unmapped)})
        return plan


@dataclass
class IncidentImportResult(ImportResult):
    rows: int = 0
    people: int = 0
    seconds: float = 0.0


def read_file(uploaded, encoding: str = "auto") -> tuple[list[str], list[list[str]]]:
    """Headers and rows by the platform's reader (type, size, encoding, empty file checked there)."""
    return read_table(uploaded, encoding)


#
# Parsing one value
#

class Refused(ValueError):
    """One value cannot be read; the message says why (the value is named by the caller)."""


_DATE_FORMATS = [*DATE_INPUT_FORMATS, "%Y年%m月%d日"]
_DATETIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M%p",
    "%d.%m.%Y %H:%M", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M", "%Y年%m月%d日%H时%M分", "%Y年%m月%d日 %H时%M分",
]
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # Excel's day 0, with its 1900 leap-year bug folded in
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01: a bare number outside is no date (e.g. a year)


def parse_when(text: str, *, tz=None) -> tuple[datetime.datetime, bool]:
    """(aware datetime, time_unknown) from a date, a date and time, or an Excel serial day number.

    A date alone lands at local noon with time_unknown=True, so it stays on the right day in every zone
    and the shift is not guessed. US order for slashes (1/2/2015 is 2 January), as the OSHA files.
    """
    tz = tz or timezone.get_current_timezone()
    text = " ".join(text.split())
    moment: datetime.datetime | None = None
    date_only = False
    if _SERIAL.match(text) and _SERIAL_RANGE[0] <= float(text) < _SERIAL_RANGE[1]:
        days = Decimal(text)
        moment = _EXCEL_EPOCH + datetime.timedelta(seconds=round(float(days * 86400)))
        date_only = days == days.to_integral_value()
    if moment is None:
        for fmt in _DATE_FORMATS:
            try:
                moment, date_only = datetime.datetime.strptime(text, fmt), True
                break
            except ValueError:
                continue
    if moment is None:
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            for fmt in _DATETIME_FORMATS:
                try:
                    moment = datetime.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
    if moment is None:
        raise Refused(_("is not a date (e.g. 2015-01-31, 1/31/2015, 2015-01-31 14:30 or an Excel date)"))
    if moment.year < 1900:
        raise Refused(_("is before 1900"))
    if date_only:
        moment = datetime.datetime.combine(moment.date(), datetime.time(12, 0))
    moment = moment.astimezone(tz) if timezone.is_aware(moment) else timezone.make_aware(moment, tz)
    return moment, date_only


_WHOLE = re.compile(r"^-?\d+(\.0*)?$")


def parse_count(text: str) -> int:
    """A number of people: "1", "1.00", blank (0)."""
    text = text.strip()
    if not text:
        return 0
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise Refused(_("is not a number")) from exc
    if value < 0:
        raise Refused(_("is negative; a count cannot be"))
    if value != value.to_integral_value() or not _WHOLE.match(text.replace(",", "")):
        raise Refused(_("is not a whole number"))
    if value > MAX_PEOPLE_PER_ROW:
        raise Refused(_("is more than %(n)s people in one incident; is it the right column?")
                      % {"n": MAX_PEOPLE_PER_ROW})
    return int(value)


_MONEY_NOISE = re.compile(r"[\s¥￥$]|CNY|RMB|元", re.IGNORECASE)
_MONEY = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def parse_money(text: str) -> Decimal:
    text = _MONEY_NOISE.sub("", text)
    if not text:
        return Decimal("0")
    if not _MONEY.match(text):
        raise Refused(_("is not an amount of money"))
    value = Decimal(text.replace(",", ""))
    if value < 0:
        raise Refused(_("is negative; a loss cannot be"))
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value >= Decimal("1e12"):
        raise Refused(_("is too large"))
    return value


def _choice_lookup(choices) -> dict[str, str]:
    """Stored value and label, in every language of the site, lower-cased → stored value."""
    lookup = {}
    for stored, label in choices:
        lookup[str(stored).lower()] = stored
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[str(label).lower()] = stored
    return lookup


_CODE_PREFIX = re.compile(r"^(\d{1,2})(?:\D|$)")


def parse_category(text: str, lookup: dict[str, str]) -> str:
    found = lookup.get(text.lower())
    if found:
        return found
    match = _CODE_PREFIX.match(text)
    if match and 1 <= int(match.group(1)) <= 20:
        return f"{int(match.group(1)):02d}"
    raise Refused(_("is not a GB 6441 accident category (a code 01–20 or its name)"))


_OIICS_CODE = re.compile(r"^\d{1,6}(\.0)?$")


#
# Nature of injury and body part: the common OIICS titles (and Chinese terms) onto the closed lists
#

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
    (r"\bface\b|\bjaw\b|\bchin\b|\bnose\b|\bmouth\b|\bears?\b|\bear\(s\)|\blips?\b|\bteeth\b|\btooth\b|forehead|cheek|面部|脸|下巴|额",
     BodyPart.FACE),
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
    (r"internal|organ|body system|circulat|nervous|\blungs?\b|\bheart\b|\bliver\b|kidney|spleen|内脏|器官",
     BodyPart.INTERNAL),
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


#
# Parsing every row
#

@dataclass
class _Row:
    number: int
    incident: dict
    people: list[dict] = field(default_factory=list)


class _Parser:
    def __init__(self, mapping: ColumnMapping, plan: dict[str, list[tuple[str, int]]]):
        self.mapping = mapping
        self.plan = plan
        self.kinds = _choice_lookup(IncidentKind.choices)
        self.categories = _choice_lookup(AccidentCategory.choices)
        self.when_cache: dict[str, tuple[datetime.datetime, bool]] = {}
        self.now = timezone.now() + datetime.timedelta(minutes=5)
        self.tz = timezone.get_current_timezone()
        self.natures: dict[str, str] = {}
        self.parts: dict[str, str] = {}

    def value(self, cells: list[str], key: str) -> tuple[str, str]:
        """(column name(s), the text): several columns joined, empty parts left out."""
        pairs = self.plan.get(key)
        if not pairs:
            return "", ""
        target = _TARGETS[key]
        parts = [cells[i].strip() if i < len(cells) else "" for _name, i in pairs]
        return " + ".join(name for name, _i in pairs), target.joiner.join(p for p in parts if p)

    def parse(self, number: int, cells: list[str], errors: list[RowError]) -> _Row | None:
        fields: dict = {}
        before = len(errors)

        def refuse(column, value, message):
            shown = f"'{value}' {message}" if value else message
            errors.append(RowError(number, column, value, shown))

        def text(key, limit):
            column, value = self.value(cells, key)
            if len(value) > limit:
                refuse(column, "", _("the text is longer than %(n)s characters (%(length)s)")
                       % {"n": limit, "length": len(value)})
            return column, value

        column, raw = self.value(cells, "occurred_at")
        if not raw:
            refuse(column, "", _("the date is empty"))
        else:
            try:
                if raw not in self.when_cache:
                    self.when_cache[raw] = parse_when(raw, tz=self.tz)
                occurred_at, time_unknown = self.when_cache[raw]
                if occurred_at > self.now:
                    raise Refused(_("is in the future"))
                fields["occurred_at"], fields["time_unknown"] = occurred_at, time_unknown
            except Refused as exc:
                refuse(column, raw, str(exc))

        column, description = text("description", MAX_NARRATIVE)
        description = description.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not description:
            refuse(column, "", _("the narrative is empty"))
        fields["description"] = description
        for key in ("location", "event_type", "agent"):
            fields[key] = text(key, Incident._meta.get_field(key).max_length)[1]
        column, ref = text("external_ref", Incident._meta.get_field("external_ref").max_length)
        fields["external_ref"] = ref

        column, raw = self.value(cells, "kind")
        kind = self.mapping.kind or IncidentKind.INJURY
        if raw:
            kind = self.kinds.get(raw.lower(), "")
            if not kind:
                refuse(column, raw, _("is not a kind of event (one of: %(kinds)s)")
                       % {"kinds": ", ".join(IncidentKind.values)})
        fields["kind"] = kind

        column, raw = self.value(cells, "category")
        category = ""
        if raw:
            try:
                category = parse_category(raw, self.categories)
            except Refused as exc:
                refuse(column, raw, str(exc))
        if not category:
            column, event = self.value(cells, "event_code")
            if event:
                if _OIICS_CODE.match(event):
                    category = gb6441_for(event, self.value(cells, "source_code")[1])
                else:
                    refuse(column, event, _("is not an OIICS event code"))
        fields["category"] = category or self.mapping.category

        column, raw = self.value(cells, "direct_loss")
        fields["direct_loss"] = Decimal("0")
        if raw:
            try:
                fields["direct_loss"] = parse_money(raw)
            except Refused as exc:
                refuse(column, raw, str(exc))

        counts = {}
        for key in ("hospitalized", "amputation"):
            column, raw = self.value(cells, key)
            try:
                counts[key] = parse_count(raw)
            except Refused as exc:
                refuse(column, raw, str(exc))
                counts[key] = 0
        nature_text = self.value(cells, "nature")[1]
        part_text = self.value(cells, "body_part")[1]
        if len(errors) > before:
            return None
        return _Row(number, fields, self._people(fields, nature_text, part_text, counts))

    def _people(self, fields, nature_text, part_text, counts) -> list[dict]:
        hospitalized, amputations = counts["hospitalized"], counts["amputation"]
        if not (nature_text or part_text or hospitalized or amputations):
            return []
        if nature_text not in self.natures:
            self.natures[nature_text] = nature_for(nature_text)
        if part_text not in self.parts:
            self.parts[part_text] = body_part_for(part_text)
        illness = fields["kind"] == IncidentKind.ILLNESS
        injury_text = "; ".join(t for t in (nature_text, part_text) if t)
        limit = InvolvedPerson._meta.get_field("injury_text").max_length
        if len(injury_text) > limit:
            injury_text = injury_text[: limit - 1] + "…"
        people = []
        for i in range(max(hospitalized, amputations, 1)):
            treated = i < hospitalized or i < amputations
            people.append({
                "role": PersonRole.EMPLOYEE, "outcome": Outcome.MEDICAL if treated else Outcome.FIRST_AID,
                "medical_treatment": treated, "hospitalized": i < hospitalized, "amputation": i < amputations,
                "nature": self.natures[nature_text], "body_part": self.parts[part_text], "injury_text": injury_text,
                "is_illness": illness, "case_type": OshaCaseType.OTHER_ILLNESS if illness else OshaCaseType.INJURY,
            })
        return people


def _duplicates(parsed: list[_Row], column: str, errors: list[RowError]) -> None:
    """A reference twice in the file, or already in the database (any unit: the key is global)."""
    first_row: dict[str, int] = {}
    for row in parsed:
        ref = row.incident["external_ref"]
        if not ref:
            continue
        if ref in first_row:
            errors.append(RowError(row.number, column, ref, _("'%(ref)s' is also on row %(row)s: a reference can be "
                                                               "imported once") % {"ref": ref, "row": first_row[ref]}))
        else:
            first_row[ref] = row.number
    refs = list(first_row)
    existing: set[str] = set()
    for start in range(0, len(refs), CHUNK):
        existing.update(Incident.objects.filter(external_ref__in=refs[start:start + CHUNK])
                        .values_list("external_ref", flat=True))
    for ref in sorted(existing, key=first_row.get):
        errors.append(RowError(first_row[ref], column, ref,
                               _("'%(ref)s' was already imported: an incident with this external reference "
                                 "exists") % {"ref": ref}))


def _preview_line(row: _Row, mapping: ColumnMapping) -> dict:
    f = row.incident
    people = row.people
    return {
        "row": row.number, "occurred_at": f["occurred_at"], "time_unknown": f["time_unknown"],
        "unit": mapping.unit, "kind": IncidentKind(f["kind"]).label,
        "category": AccidentCategory(f["category"]).label if f["category"] else "",
        "category_code": f["category"], "description": f["description"], "location": f["location"],
        "event_type": f["event_type"], "agent": f["agent"], "external_ref": f["external_ref"],
        "direct_loss": f["direct_loss"], "people": len(people),
        "hospitalized": sum(p["hospitalized"] for p in people), "amputations": sum(p["amputation"] for p in people),
        "nature": InjuryNature(people[0]["nature"]).label if people and people[0]["nature"] else "",
        "body_part": BodyPart(people[0]["body_part"]).label if people and people[0]["body_part"] else "",
        "injury_text": people[0]["injury_text"] if people else "",
    }


def check_unit(user, unit) -> None:
    if unit is None or unit.is_archived or not units_for(user, Incident.scope_area, Action.IMPORT).filter(
            pk=unit.pk).exists():
        raise PermissionDenied(_("You may not import incidents into this unit."))


def import_incidents(mapping: ColumnMapping, headers: list[str], rows: Iterable[list[str]], user, *,
                     commit: bool) -> IncidentImportResult:
    """Check every row; when none is refused and `commit`, write them all in one transaction.

    Raises ImportFileError when the mapping does not fit the file, PermissionDenied when the unit is not in
    the user's import scope.
    """
    started = time.perf_counter()
    check_unit(user, mapping.unit)
    plan = mapping.resolve(headers)
    parser = _Parser(mapping, plan)
    result = IncidentImportResult()
    parsed: list[_Row] = []
    for number, cells in enumerate(rows, start=2):  # row 1 holds the headers, as in Excel
        result.rows += 1
        row = parser.parse(number, cells, result.errors)
        if row is not None:
            parsed.append(row)
    if result.rows == 0:
        raise ImportFileError(_("The file has column names but no rows."))
    _duplicates(parsed, parser.value([], "external_ref")[0], result.errors)
    result.errors.sort(key=lambda e: e.row)
    result.preview = [_preview_line(row, mapping) for row in parsed[:PREVIEW_ROWS]]
    result.people = sum(len(row.people) for row in parsed)
    if not result.errors and commit:
        try:
            with transaction.atomic():
                _write(parsed, mapping, user)
        except IntegrityError:
            result.errors.append(RowError(0, "", "", _("Another import added some of these references meanwhile; "
                                                       "nothing was imported. Check the file again.")))
        else:
            result.created = len(parsed)
            result.committed = True
    result.seconds = time.perf_counter() - started
    return result


def _write(parsed: list[_Row], mapping: ColumnMapping, user) -> None:
    reason = gettext_noop("imported")
    for start in range(0, len(parsed), CHUNK):
        chunk = parsed[start:start + CHUNK]
        incidents, people = [], []
        for row in chunk:
            f = row.incident
            incident = Incident(unit=mapping.unit, reported_by=user,
                                shift="" if f["time_unknown"] else services.shift_for(f["occurred_at"]), **f)
            involved = [InvolvedPerson(incident=incident, **p) for p in row.people]
            figures(incident, involved)
            incidents.append(incident)
            people.extend(involved)
        bulk_create_with_history(incidents, Incident, batch_size=CHUNK, default_user=user,
                                 default_change_reason=reason)
        if people:
            bulk_create_with_history(people, InvolvedPerson, batch_size=CHUNK, default_user=user,
                                     default_change_reason=reason)


def figures(incident: Incident, people: list[InvolvedPerson]) -> None:
    """The computed figures of a new incident and its people, in memory, as `services.refresh_figures` derives
    them (per person by the same function; the sums as there): one UPDATE per incident and one per person
    would take most of the import's time. tests/test_incident_import.py checks the two agree on every
    imported incident."""
    for p in people:
        services.person_figures(p, incident)
    incident.deaths = sum(p.injury_class == InjuryClass.FATAL for p in people)
    incident.serious_injuries = sum(p.injury_class == InjuryClass.SERIOUS for p in people)
    incident.minor_injuries = sum(p.injury_class == InjuryClass.MINOR for p in people)
    incident.recordable_cases = sum(p.on_osha_log for p in people)
    casualties = incident.deaths + incident.serious_injuries + incident.minor_injuries
    incident.grade = (standards.accident_grade(incident.deaths, incident.serious_injuries, incident.direct_loss)
                      if casualties or incident.direct_loss else "")
    # supplementary_due stays False: an imported incident was never reported to the authority here.
