"""Demo logins, one per persona, each with its role over the right unit."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.demo import DEMO_PASSWORD
from zeroharm.core.registry import demo_hooks, register_demo_step
from zeroharm.core.roles import Role

__all__ = ["PERSONAS", "demo_logins"]

# (persona, username, role, unit code, whose login: the unit's principal or a person found by position)
PERSONAS = [
    ("Administrator", "admin", Role.ADMIN, "ZH"),
    ("Group safety manager", "safety", Role.SAFETY_MANAGER, "ZH"),
    ("Branch leader", "branch", Role.UNIT_LEADER, "MACH"),
    ("Workshop director", "director", Role.SUPERVISOR, "MACH-W01"),
    ("Team monitor", "monitor", Role.SUPERVISOR, "MACH-W01-T01"),
    ("Employee", "worker", Role.EMPLOYEE, "MACH-W01-T01"),
    ("Auditor", "auditor", Role.AUDITOR, "ZH"),
    ("Other branch leader", "chemlead", Role.UNIT_LEADER, "CHEM"),
]


def demo_logins() -> list[tuple[str, str, str]]:
    from zeroharm.org.models import OrgUnit

    names = dict(OrgUnit.objects.filter(code__in=[p[3] for p in PERSONAS]).values_list("code", "name"))
    return [(persona, username, f"{Role(role).label} · {names.get(code, code)}")
            for persona, username, role, code in PERSONAS]


demo_hooks["logins"] = demo_logins


@register_demo_step(20, "logins")
def build_demo_logins(ctx) -> str:
    from zeroharm.org.models import Person

    units = ctx.objects["units"]
    password = make_password(DEMO_PASSWORD)
    for _persona, username, role, code in PERSONAS:
        unit = units[code]
        if username == "worker":
            person = Person.objects.filter(unit=unit).exclude(pk=unit.principal_id).order_by("employee_no").first()
        else:
            person = Person.objects.get(pk=unit.principal_id)
        user = User.objects.create(username=username, password=password, first_name=person.name,
                                   email=f"{username}@demo.zeroharm.invalid", is_staff=role == Role.ADMIN)
        person.user = user
        person.save(update_fields=["user"])
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return f"{len(PERSONAS)} logins"
