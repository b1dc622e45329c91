"""The navigation skeleton holding every module of the product map (the product map: README, "What is in it").

Sections stay hidden until an installed app registers an entry the user may see.
"""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import STAFF, NavItem, define_nav_section, register_nav, register_scan

# The audience's own entries first: a worker's reports and work, a unit head's units (registered by each app).
define_nav_section("mine", _("Start here"), 0, label_by_audience=True)
define_nav_section("org", _("Organisation"), 10)
define_nav_section("prevention", _("Dual prevention"), 20)
define_nav_section("incidents", _("Incidents and analysis"), 30)
define_nav_section("people_dev", _("Training and teams"), 40)
define_nav_section("responsibility", _("Responsibility and rewards"), 50)
define_nav_section("campaigns", _("Campaigns and reports"), 60)
define_nav_section("compliance", _("Laws and emergencies"), 70)
define_nav_section("admin", _("Administration"), 90, audiences=STAFF)

# Anyone signed in may verify a PDF (the page shows only what they may read): "org" is the area every role reads.
register_nav("responsibility", NavItem(_("Verify a signed PDF"), "signatures:verify", "org", order=90, audiences=STAFF))


@register_scan("core.planner_statistics")
def planner_statistics() -> str:
    """Keep SQLite's query-planner statistics fresh (ANALYZE, at most once a day).

    Without them SQLite picks indexes by guesswork and can walk a million-row index for a small team's
    list (benchmarks/README.md). PostgreSQL's autovacuum keeps its own statistics: nothing to do there.
    """
    import time

    from django.conf import settings
    from django.db import connection

    if connection.vendor != "sqlite":
        return "not needed on this database"
    stamp = settings.VAR_DIR / "planner-statistics.stamp"
    if stamp.exists() and time.time() - stamp.stat().st_mtime < 24 * 3600:
        return "fresh"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return "ANALYZE done"


@register_scan("core.tallies")
def tallies_fold() -> str:
    """Fold the per-unit tallies' days that are now long past into one row per unit (core.tallies), so the table
    keeps a row per day only for the recent past and the future. Every figure is the same before and after."""
    from zeroharm.core.tallies import fold

    return f"{fold()} units' tallies folded"
