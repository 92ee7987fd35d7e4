"""Licences along lineage: each edge's check of a derivative's licence
against its parent's, and the conflicts within a family. Read from what
graph.lineage.licences derived after the last import."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.exposed import exposes
from tokenatlas.api.lists import Capped
from tokenatlas.api.pagination import DEFAULT_PAGE, After, Connection, PageSize, connection
from tokenatlas.api.provenance.types import Citation, Source, cite
from tokenatlas.graph.lineage import licences
from tokenatlas.graph.resolve.lookup import find_model
from tokenatlas.graph.store import tables

if TYPE_CHECKING:
    from tokenatlas.api.catalog.types import License, Model

MAX_PARENTS = 100  # licence checks listed per model (a merge has a handful of parents)
ModelRef = Annotated["Model", strawberry.lazy("tokenatlas.api.catalog.types")]
LicenseRef = Annotated["License", strawberry.lazy("tokenatlas.api.catalog.types")]


@strawberry.enum(description="Whether a model's declared licence is one its parents' allow.")
class LicenseStatus(Enum):
    COMPATIBLE = licences.COMPATIBLE
    CONFLICT = licences.CONFLICT
    MISSING = licences.MISSING
    UNKNOWN = licences.UNKNOWN


@strawberry.enum(description="Which rule a derivative's licence breaks (seeds/licenses.yaml).")
class LicenseConflictKind(Enum):
    MISSING_LICENSE = "missing-license"
    OPEN_ON_RESTRICTED = "open-on-restricted"
    OTHER_RESTRICTED_TERMS = "other-restricted-terms"
    COMMERCIAL_ON_NON_COMMERCIAL = "commercial-on-non-commercial"
    DROPS_COPYLEFT = "drops-copyleft"
    DROPS_SHARE_ALIKE = "drops-share-alike"
    FORBIDS_DERIVATIVES = "forbids-derivatives"


def _license(info: Info, license_id: int | None) -> License | None:
    if license_id is None:
        return None
    return info.context.row(tables.License, license_id)


async def _stated_by(info: Info, model_id: int, license_id: int | None) -> Source | None:
    if license_id is None:
        return None
    found = await info.context.loaders.license_source.load((model_id, license_id))
    return None if found is None else Citation(*found)  # type: ignore[return-value]


@exposes(
    tables.LicenseCheck,
    name="LicenseCheck",
    description="A derivative's declared licence against one parent's, along one lineage edge.",
)
class LicenseCheck:
    @strawberry.field(description="The derivative.")
    async def child(self, info: Info) -> ModelRef:
        return await info.context.loaders.model_by_id.load(self.child_id)

    @strawberry.field(description="The model it was made from.")
    async def parent(self, info: Info) -> ModelRef:
        return await info.context.loaders.model_by_id.load(self.parent_id)

    @strawberry.field(description="finetune, quantization, adapter, merge or distillation.")
    async def relation(self, info: Info) -> str:
        return (await info.context.loaders.edge_by_id.load(self.edge_id)).relation

    @strawberry.field(description="Where the lineage edge comes from.")
    async def edge_source(self, info: Info) -> Source:
        edge = await info.context.loaders.edge_by_id.load(self.edge_id)
        return cite(info, edge.source_id, edge.locator)

    @strawberry.field(description="The licence the derivative declares; null when none.")
    def child_license(self, info: Info) -> LicenseRef | None:
        return _license(info, self.child_license_id)

    @strawberry.field(description="The licence the parent declares; null when none.")
    def parent_license(self, info: Info) -> LicenseRef | None:
        return _license(info, self.parent_license_id)

    @strawberry.field(description="The source that states the derivative's licence.")
    async def child_license_source(self, info: Info) -> Source | None:
        return await _stated_by(info, self.child_id, self.child_license_id)

    @strawberry.field(description="The source that states the parent's licence.")
    async def parent_license_source(self, info: Info) -> Source | None:
        return await _stated_by(info, self.parent_id, self.parent_license_id)

    @strawberry.field(description="The verdict on this edge.")
    def status(self) -> LicenseStatus:
        return LicenseStatus(self.status)

    @strawberry.field(description="The rule broken; null when none is.")
    def kind(self) -> LicenseConflictKind | None:
        return None if self.kind is None else LicenseConflictKind(self.kind)

    reason: str = strawberry.field(description="The verdict in words, naming both licences.")


@strawberry.type
class ModelLicenses:
    """Licence fields `Model` inherits (`self` is a model row)."""

    @strawberry.field(
        description="Whether its declared licence is one every parent's allows: the worst "
        "of its edges (CONFLICT, then MISSING, then UNKNOWN); null for a model derived "
        "from none."
    )
    async def license_status(self, info: Info) -> LicenseStatus | None:
        checks = await info.context.loaders.license_checks_by_model_id.load(self.id)
        found = licences.status_of(checks)
        return None if found is None else LicenseStatus(found)

    @strawberry.field(
        description="Its licence checked against each parent's, edge by edge.",
        extensions=[Capped(MAX_PARENTS)],
    )
    async def license_checks(self, info: Info) -> list[LicenseCheck]:
        return await info.context.loaders.license_checks_by_model_id.load(self.id)


@strawberry.type
class LicenseQuery:
    @strawberry.field(
        description="Derivatives whose declared licence conflicts with a parent's, or that "
        "declare none, with both licences, the edge and their sources; by the rules in "
        "seeds/licenses.yaml, from the licences sources state."
    )
    def license_conflicts(
        self,
        info: Info,
        family: Annotated[
            str | None,
            strawberry.argument(description="Only among this model's descendants (slug or name)."),
        ] = None,
        kind: Annotated[
            LicenseConflictKind | None, strawberry.argument(description="Only this rule.")
        ] = None,
        first: PageSize = None,
        after: After = None,
    ) -> Connection[LicenseCheck]:
        session = info.context.session
        root = find_model(session, family).id if family is not None else None
        page = licences.conflicts(
            session,
            family=root,
            kind=None if kind is None else kind.value,
            first=DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(page, lambda c: str(c.edge_id))
