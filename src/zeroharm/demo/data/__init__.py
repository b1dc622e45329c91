"""The demo group as data: one YAML file per domain, read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

__all__ = ["load"]

HERE = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict:
    """The content of ``data/<name>.yaml`` (callers must not change it: it is shared)."""
    with (HERE / f"{name}.yaml").open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER)  # noqa: S506 - a safe loader: libyaml's when installed (ten times faster)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
