"""A whole tree inserted at once, for test fixtures and benchmarks (the demo makes its tree through
org.services.unit_create): paths computed here as treebeard would, each unit with its "created" history row."""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from zeroharm.org.choices import UnitKind
from zeroharm.org.models import OrgUnit

__all__ = ["build_tree"]


def _path(parent_path: str, index: int) -> str:
    return parent_path + OrgUnit._int2str(index).rjust(OrgUnit.steplen, "0")


def build_tree(spec: list[tuple], *, root_code: str, root_name: str, root_index: int = 1) -> list[OrgUnit]:
    """Bulk-insert a whole tree. `spec` is [(code, name, [(code, name, [(code, name), ...]), ...]), ...]."""
    units = []
    root = OrgUnit(
        code=root_code, name=root_name, kind=UnitKind.GROUP, path=_path("", root_index), depth=1, numchild=len(spec)
    )
    units.append(root)
    for b_index, (b_code, b_name, workshops) in enumerate(spec, start=1):
        branch = OrgUnit(
            code=b_code,
            name=b_name,
            kind=UnitKind.BRANCH,
            path=_path(root.path, b_index),
            depth=2,
            numchild=len(workshops),
        )
        units.append(branch)
        for w_index, (w_code, w_name, teams) in enumerate(workshops, start=1):
            workshop = OrgUnit(
                code=w_code,
                name=w_name,
                kind=UnitKind.WORKSHOP,
                path=_path(branch.path, w_index),
                depth=3,
                numchild=len(teams),
            )
            units.append(workshop)
            for t_index, (t_code, t_name) in enumerate(teams, start=1):
                units.append(
                    OrgUnit(
                        code=t_code,
                        name=t_name,
                        kind=UnitKind.TEAM,
                        path=_path(workshop.path, t_index),
                        depth=4,
                        numchild=0,
                    )
                )
    return bulk_create_with_history(units, OrgUnit, batch_size=2000)
