"""DataLoaders, created per request and named by what they load.

Each batches the keys one GraphQL request asks for into one `graph.analytics.catalog`
call (one SQL statement), so a page of 100 models costs the same number of
statements as a page of 1; the small tables answers cite (sources, licences,
providers, benchmarks) are not loaded here but read from memory
(Context.row). They never outlive their request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session
from strawberry.dataloader import DataLoader
from tokenatlas.graph.analytics import catalog
from tokenatlas.graph.lineage import licences
from tokenatlas.graph.provenance import conflicts
from tokenatlas.graph.store.tables import (
    LineageEdge,
    LineageSummary,
    Model,
    Vendor,
)


def _loader(fetch: Callable[[Sequence[Any]], list[Any]]) -> DataLoader:
    async def load(keys: list[Any]) -> list[Any]:
        return fetch(keys)

    return DataLoader(load_fn=load)


def _loader_with_args(fetch: Callable[..., list[Any]]) -> DataLoader:
    """Keys are (id, *args): one fetch per distinct argument tuple."""

    async def load(keys: list[tuple]) -> list[Any]:
        groups: dict[tuple, list[Any]] = defaultdict(list)
        for k in keys:
            groups[k[1:]].append(k[0])
        found: dict[tuple, Any] = {}
        for args, ids in groups.items():
            for i, result in zip(ids, fetch(ids, *args), strict=True):
                found[(i, *args)] = result
        return [found[k] for k in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, session: Session):
        s = session
        self.model_by_id = _loader(lambda ids: catalog.by_ids(s, Model, ids))
        self.vendor_by_id = _loader(lambda ids: catalog.by_ids(s, Vendor, ids))
        self.aliases_by_model_id = _loader(lambda ids: catalog.aliases_of(s, ids))
        self.aliases_by_vendor_id = _loader(lambda ids: catalog.vendor_aliases_of(s, ids))
        self.endpoints_by_model_id = _loader(lambda ids: catalog.endpoints_of(s, ids))
        self.claims_by_model_id = _loader(lambda ids: catalog.claims_of(s, ids))
        self.models_by_vendor_id = _loader(lambda ids: catalog.models_of_vendors(s, ids))
        self.parent_edges_by_model_id = _loader(lambda ids: catalog.lineage_of(s, ids, upward=True))
        self.child_edges_by_model_id = _loader(lambda ids: catalog.lineage_of(s, ids, upward=False))
        self.lineage_by_model_id = _loader(
            lambda ids: catalog.by_ids(s, LineageSummary, ids, key="model_id")
        )
        self.edge_by_id = _loader(lambda ids: catalog.by_ids(s, LineageEdge, ids))
        self.license_checks_by_model_id = _loader(lambda ids: licences.checks_of(s, ids))
        self.license_source = _loader(lambda keys: licences.license_sources(s, keys))
        self.facts_by_model_id = _loader(lambda ids: conflicts.facts_of(s, "model", ids))
        self.facts_by_vendor_id = _loader(lambda ids: conflicts.facts_of(s, "vendor", ids))
        self.prices_by_model_id = _loader_with_args(
            lambda ids, at, provider: catalog.prices_of(s, ids, at=at, provider=provider)
        )
        self.usage_by_model_id = _loader_with_args(
            lambda ids, start, end: catalog.usage_of(s, ids, start=start, end=end)
        )
        self.results_by_model_id = _loader_with_args(
            lambda ids, benchmark_id: catalog.results_of(s, ids, benchmark_id=benchmark_id)
        )
