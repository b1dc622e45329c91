"""The fields a column of someone else's file can fill, and the guess of which column fills which."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

__all__ = ["Target", "TARGETS", "TARGET_KEYS", "TARGETS_BY_KEY", "guess_columns"]


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
    table: bool = False  # the file's words can be translated into ours by a value table of the mapping


TARGETS: tuple[Target, ...] = (
    Target(
        "occurred_at",
        gettext_lazy("When it happened"),
        gettext_lazy(
            "A date, or a date and time (1/31/2015, 2015-01-31 14:30, an Excel date), in the order chosen below. "
            "A date alone is recorded at noon with “time of day cannot be determined”. The second column may hold "
            "the time (945, 14:30, 2:30 PM). Without a date column, give a date for every row below."
        ),
        required=True,
        slots=2,
        joiner=" ",
        aliases=(
            "eventdate",
            "occurredat",
            "incidentdate",
            "accidentdate",
            "accidentdt",
            "dateofincident",
            "date",
            "发生时间",
            "事故时间",
            "发生日期",
            "事故日期",
            "日期",
            "时间",
        ),
    ),
    Target(
        "description",
        gettext_lazy("What happened (narrative)"),
        required=True,
        slots=2,
        joiner="\n",
        aliases=(
            "finalnarrative",
            "narrative",
            "description",
            "whathappened",
            "事故经过",
            "经过",
            "事故简要经过",
            "描述",
            "事故描述",
        ),
    ),
    Target(
        "location",
        gettext_lazy("Where"),
        gettext_lazy("Several columns are joined with commas, e.g. address, city, state."),
        slots=4,
        aliases=("address1", "address2", "city", "state", "location", "place", "地点", "事故地点", "发生地点"),
    ),
    Target(
        "event_type",
        gettext_lazy("Event or exposure"),
        slots=2,
        aliases=("eventtitle", "eventtype", "accidenttype", "事件类型", "伤害方式"),
    ),
    Target(
        "agent",
        gettext_lazy("Agent or equipment"),
        slots=2,
        aliases=("sourcetitle", "agent", "equipment", "injurysource", "致害物", "起因物", "设备"),
    ),
    Target(
        "category",
        gettext_lazy("Accident category (GB 6441)"),
        gettext_lazy("A code 01–20 or the category's name, or the file's own words translated by the value table."),
        aliases=("category", "gb6441", "accidentcategory", "事故类别", "事故类型"),
        table=True,
    ),
    Target(
        "event_code",
        gettext_lazy("OIICS event code"),
        gettext_lazy("When the category is not given, it is derived from this code (and the source code)."),
        aliases=("event", "eventcode", "oiicsevent"),
    ),
    Target("source_code", gettext_lazy("OIICS source code"), aliases=("source", "sourcecode", "oiicssource")),
    Target(
        "kind",
        gettext_lazy("What kind of event"),
        gettext_lazy("A kind's code or name, or the file's own words translated by the value table."),
        aliases=("kind", "eventkind", "事件种类"),
        table=True,
    ),
    Target(
        "external_ref",
        gettext_lazy("External reference"),
        gettext_lazy(
            "The file's own key (e.g. UPA). A row whose reference was already imported is refused, "
            "so a file cannot land twice."
        ),
        aliases=("upa", "externalref", "externalreference", "reference", "ref", "编号", "事故编号"),
    ),
    Target(
        "direct_loss",
        gettext_lazy("Direct economic loss (CNY)"),
        aliases=("directloss", "directeconomicloss", "loss", "直接经济损失", "经济损失"),
    ),
    Target(
        "nature",
        gettext_lazy("Nature of injury"),
        gettext_lazy("Kept as written; common terms are also filed under the closed list."),
        aliases=("naturetitle", "natureofinjury", "natureinjury", "injurynature", "伤害性质", "受伤性质"),
    ),
    Target(
        "body_part",
        gettext_lazy("Body part"),
        gettext_lazy("Kept as written; common terms are also filed under the closed list."),
        aliases=("partofbodytitle", "bodypart", "injbodypart", "partofbody", "受伤部位", "伤害部位"),
    ),
    Target(
        "outcome",
        gettext_lazy("Outcome for the person (degree of injury)"),
        gettext_lazy(
            "Our outcome's name (e.g. Fatal, Days away from work), or the file's own words translated by the value "
            "table (FATALITY = fatal). It is the outcome of the row's first person."
        ),
        aliases=("outcome", "degreeinjury", "degreeofinjury", "injurydegree", "伤害程度", "伤害后果", "后果"),
        table=True,
    ),
    Target(
        "people_injured",
        gettext_lazy("Number injured"),
        gettext_lazy("How many people were hurt (not counting those killed); the row gets that many people."),
        aliases=("injured", "noinjuries", "numberinjured", "injuries", "受伤人数", "伤者人数"),
    ),
    Target(
        "people_killed",
        gettext_lazy("Number killed"),
        gettext_lazy("How many people died; that many of the row's people are recorded as fatal."),
        aliases=("killed", "deaths", "fatalities", "numberkilled", "nofatalities", "死亡人数"),
    ),
    Target(
        "hospitalized",
        gettext_lazy("Number hospitalised"),
        gettext_lazy(
            "A count of people; each of them is recorded as an in-patient, and there are at least as many "
            "people involved."
        ),
        aliases=("hospitalized", "hospitalised", "住院人数", "住院"),
    ),
    Target(
        "amputation",
        gettext_lazy("Amputations"),
        gettext_lazy(
            "A number of amputations (not of people: one person may lose two fingers); above 0, the first "
            "person is recorded with an amputation."
        ),
        aliases=("amputation", "amputations", "截肢人数", "截肢"),
    ),
    Target(
        "days_away",
        gettext_lazy("Days away from work"),
        gettext_lazy("The days lost by the row's first person; they decide its GB 6441 class (minor, serious)."),
        aliases=("daysaway", "dayslost", "lostdays", "daysawayfromwork", "损失工作日", "歇工天数", "休工天数"),
    ),
)
TARGET_KEYS = [t.key for t in TARGETS]
TIME_ALIASES = ("accidenttime", "eventtime", "incidenttime", "timeofday", "time", "hour", "发生时刻")
TARGETS_BY_KEY = {t.key: t for t in TARGETS}


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
    times = [by_norm[a] for a in TIME_ALIASES if a in by_norm and by_norm[a] not in taken]
    if times and guessed.get("occurred_at"):
        guessed["occurred_at"].append(times[0])  # the second column of "when" is the time
    return guessed
