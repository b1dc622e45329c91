"""The training area's menu entries, tasks and scans (core.registry), each under its area's heading."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import STAFF, NavItem, register_nav

# catalogue and plans
register_nav("people_dev", NavItem(_("Courses"), "training:course_list", "training", order=10))
register_nav(
    "people_dev",
    NavItem(_("Training requirements"), "training:requirement_list", "training", order=12, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training plans"), "training:plan_list", "training", order=16, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training matrix"), "training:matrix", "training", order=14, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training figures"), "training:figures", "training", order=18, audiences=STAFF),
)

# --- people: inductions from what happens to a person, certificates, cleared to work, archives

from django.db.models.signals import post_save, pre_save  # noqa: E402

from zeroharm.core.events import subscribe  # noqa: E402
from zeroharm.core.registry import register_person_panel, register_scan  # noqa: E402
from zeroharm.org.models import Person  # noqa: E402
from zeroharm.training.services import inductions  # noqa: E402  (registers its after_credit listener)
from zeroharm.training.views_people import person_clearance_panel  # noqa: E402


def _person_stored(sender, instance, raw=False, **kwargs):
    """Remember the unit and position a person had before this save: a change of either is a job change."""
    if raw or instance._state.adding or instance.pk is None:
        return
    instance._training_was = Person.objects.filter(pk=instance.pk).values_list("unit_id", "position_id").first()


def _person_saved(sender, instance, created, raw=False, **kwargs):
    """Every single write of a person (page, API, import row): a hire or a job change opens an induction."""
    if raw:
        return
    user = getattr(instance, "_history_user", None)
    if created:
        inductions.inductions_for_new_people([instance], acting_user=user)
        return
    was = getattr(instance, "_training_was", None)
    if was and instance.status == "active" and was != (instance.unit_id, instance.position_id):
        inductions.person_moved(instance, acting_user=user)
    instance._training_was = (instance.unit_id, instance.position_id)


pre_save.connect(_person_stored, sender=Person, dispatch_uid="training.person_stored")
post_save.connect(_person_saved, sender=Person, dispatch_uid="training.person_saved")
subscribe("org.people_added", inductions.inductions_for_new_people)

register_person_panel(person_clearance_panel)


@register_scan("training.certificates")
def certificate_reminder_scan() -> str:
    from django.utils import timezone

    from zeroharm.training.scans_people import certificate_reminders

    return certificate_reminders(today=timezone.localdate())
