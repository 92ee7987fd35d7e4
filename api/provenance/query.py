"""Root fields over provenance: where sources disagree."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from tokenatlas.api.context import Info
from tokenatlas.api.lists import Capped
from tokenatlas.api.provenance.types import FieldValues
from tokenatlas.graph.provenance import conflicts
from tokenatlas.graph.resolve.lookup import find_model, find_vendor


@strawberry.enum(description="What kind of entity a name refers to.")
class EntityKind(Enum):
    MODEL = strawberry.enum_value("model", description="A model (any alias or slug).")
    VENDOR = strawberry.enum_value("vendor", description="A vendor (slug, name or alias).")


@strawberry.type
class ProvenanceQuery:
    @strawberry.field(
        description="Fields of one model or vendor whose sources disagree, each "
        "with every value, its source, and which value is preferred and why. "
        "With `field`, that field's values whether or not they disagree. "
        "Benchmark scores appear as fields named benchmark:<slug>.",
        extensions=[Capped(500)],
    )
    def conflicts(
        self,
        info: Info,
        entity: Annotated[
            str, strawberry.argument(description="The model or vendor, by any name.")
        ],
        field: Annotated[
            str | None,
            strawberry.argument(
                description="Only this field, e.g. release_date or benchmark:swe-bench-pro."
            ),
        ] = None,
        kind: Annotated[
            EntityKind,
            strawberry.argument(description="Whether `entity` names a model or a vendor."),
        ] = EntityKind.MODEL,
    ) -> list[FieldValues]:
        session = info.context.session
        if kind is EntityKind.VENDOR:
            entity_id = find_vendor(session, entity).id
        else:
            entity_id = find_model(session, entity).id
        return conflicts.conflicts(session, kind.value, entity_id, field)
