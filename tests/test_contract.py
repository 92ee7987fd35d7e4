"""Every registered dataset importer satisfies the importer contract."""

from __future__ import annotations

import types

import pytest
from tokenatlas.graph.sources.contract import Importer, importer
from tokenatlas.graph.sources.registry import IMPORTERS, importers


def test_every_registered_importer_satisfies_the_contract():
    assert all(isinstance(i, Importer) for i in IMPORTERS)
    assert list(importers()) == ["models-dev", "epoch", "lmarena", "open-llm-leaderboard"]


def test_a_module_missing_part_of_the_contract_is_refused():
    module = types.ModuleType("half_done")
    module.DATASET, module.FILE = "half-done", "half-done.csv"
    with pytest.raises(TypeError, match="half_done is not an importer: no SOURCE, TIER"):
        importer(module)
