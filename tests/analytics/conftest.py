"""Fixtures of the analysis tests: a VAR_DIR of their own for the narrative index and the category model."""

from __future__ import annotations

import pytest


@pytest.fixture
def var_dir(settings, tmp_path):
    from zeroharm.analytics import similarity

    settings.VAR_DIR = tmp_path
    similarity.reset_cache()
    yield tmp_path
    similarity.reset_cache()
