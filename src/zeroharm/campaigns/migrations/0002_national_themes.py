"""The national Safety Production Month themes of 2018–2025 (STANDARDS §15.2–15.5): data, since they change every
year. Consultation days were checked for 2024 and 2025 only; 2026 is not known yet and is left out."""

import datetime

from django.db import migrations

EVERYONE = "人人讲安全、个个会应急"
THEMES = [
    (2018, "生命至上、安全发展", "Life first, safe development", None),
    (2019, "防风险、除隐患、遏事故", "Prevent risks, remove hidden dangers, curb accidents", None),
    (2020, "消除事故隐患 筑牢安全防线", "Eliminate accident hazards, build a solid line of defence", None),
    (2021, "落实安全责任 推动安全发展", "Fulfil safety responsibilities, promote safe development", None),
    (2022, "遵守安全生产法 当好第一责任人", "Abide by the Work Safety Law, be the first person responsible", None),
    (2023, EVERYONE, "Everyone talks safety, everyone can respond to emergencies", None),
    (
        2024,
        f"{EVERYONE}——畅通生命通道",
        "Everyone talks safety, everyone can respond to emergencies: keep escape routes and exits clear",
        datetime.date(2024, 6, 16),
    ),
    (
        2025,
        f"{EVERYONE}——查找身边安全隐患",
        "Everyone talks safety, everyone can respond to emergencies: find the hidden dangers around you",
        datetime.date(2025, 6, 16),
    ),
]


def fill(apps, schema_editor):
    theme = apps.get_model("campaigns", "NationalTheme")
    for year, zh, en, day in THEMES:
        theme.objects.update_or_create(
            year=year, defaults={"edition": year - 2001, "theme_zh": zh, "theme_en": en, "consultation_day": day}
        )


def empty(apps, schema_editor):
    apps.get_model("campaigns", "NationalTheme").objects.filter(year__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(fill, empty)]
