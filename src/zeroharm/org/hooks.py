from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.cache import register_counted
from zeroharm.core.registry import STAFF, NavItem, OpenTask, register_nav, register_task_provider
from zeroharm.core.roles import Audience
from zeroharm.core.tallies import register_tally
from zeroharm.org.choices import PersonStatus

register_nav("mine", NavItem(_("My units"), "org:tree", "org", order=10, audiences=frozenset({Audience.UNIT_HEADS})))
register_nav("org", NavItem(_("Unit tree"), "org:tree", "org", order=10))
register_nav("org", NavItem(_("Units"), "org:orgunit_list", "org", order=20))
register_nav("org", NavItem(_("People"), "org:person_list", "people", order=30, audiences=STAFF))
register_nav("org", NavItem(_("Positions"), "org:position_list", "org", order=40, audiences=STAFF))
register_nav("org", NavItem(_("Man-hours"), "org:manhours_list", "manhours", order=50, audiences=STAFF))
register_nav(
    "admin",
    NavItem(_("Names of the levels"), "org:kind_labels", "org", order=35, check=lambda user: _may_name_levels(user)),
)

# Active people per unit (core.tallies): the headcounts of the home page.
register_tally("org.Person", "active", Q(status=PersonStatus.ACTIVE, is_archived=False))


def _may_name_levels(user) -> bool:
    from zeroharm.org.services import can_change_catalogue

    return can_change_catalogue(user)


@register_task_provider
def org_open_tasks(user) -> list[OpenTask]:
    """Units without a first responsible person, and last month's man-hours still missing, in the user's scope."""
    import datetime

    from django.urls import reverse
    from django.utils.http import urlencode

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere, units_for
    from zeroharm.org.models import ManHours, OrgUnit

    tasks = []
    if can_anywhere(user, OrgUnit, Action.CHANGE):
        missing = units_for(user, "org", Action.CHANGE).filter(is_archived=False, principal__isnull=True).count()
        if missing:
            tasks.append(OpenTask(_("Units without a first responsible person"), reverse("org:orgunit_list"), missing))
    if can_anywhere(user, ManHours, Action.ADD):
        first_of_month = datetime.date.today().replace(day=1)
        last_month = (first_of_month - datetime.timedelta(days=1)).replace(day=1)
        teams = units_for(user, "manhours", Action.ADD).filter(kind="team", is_archived=False)
        reported = ManHours.objects.filter(month=last_month, unit__in=teams).values("unit")
        missing = teams.exclude(pk__in=reported).count()
        if missing:
            url = f"{reverse('org:manhours_list')}?{urlencode({'month_after': last_month.isoformat()})}"
            tasks.append(
                OpenTask(
                    _("Teams without man-hours for %(month)s") % {"month": f"{last_month:%Y-%m}"},
                    url,
                    missing,
                    due=first_of_month,
                )
            )
    return tasks


# The home page's figures count these, and lists' filter forms offer units and positions (core.cache forgets what it
# kept when one is written).
register_counted("org.OrgUnit", "org.Person", "org.ManHours", "org.Position", "org.UnitKindLabel")
