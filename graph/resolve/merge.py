"""Running the resolution stage on a store: read every node, `decide`, and
carry the decision out in the caller's transaction.

A merged node's rows (aliases, endpoints, prices, usage, benchmark results,
facts, lineage, claims) move to the node that stays; its slug and name
become aliases there, under the source that created it, so the old names
still resolve, for queries and for that source's next import (which sees
only its own names and the catalogue's: graph.sources.nodes). Vendors that
answer to one name become one, and slugs and vendor names are settled by
what the nodes are, not by which dataset came first (graph.resolve.settle). A price listed under a
served id (`...-tee`, `:free`, `...-Turbo`) carries the serving term as a
condition (`endpoint=tee`), so an offer never passes for the model's list
price. What the stage derives
itself (lineage edges from names, namespace vendors, close calls) is
recorded under its own Source and recomputed on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select
from tokenatlas.graph.resolve.grammar import parse
from tokenatlas.graph.resolve.index import admits, view_of
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.resolve.reading import plain_slug
from tokenatlas.graph.resolve.settle import dataset_order, settle_slugs, settle_vendors
from tokenatlas.graph.resolve.stage import Decision, Node, Overrides, decide
from tokenatlas.graph.resolve.vendors import (
    family_vendors,
    merge_alike_vendors,
    merge_vendors,
    namespace_vendors,
    organizations,
    provider_vendors,
)
from tokenatlas.graph.store.tables import (
    BenchmarkResult,
    Claim,
    Endpoint,
    Fact,
    LineageEdge,
    MergeCandidate,
    Model,
    ModelAlias,
    Price,
    Provider,
    Source,
    UnresolvedName,
    UsageObservation,
    Vendor,
)

STAGE_SOURCE = "tokenatlas-resolution"
# Rows that name a model by `model_id`.
_ROUNDS = 4  # merging rounds: a merge can make two groups alike; one more round settles it
_BY_MODEL = (ModelAlias, Endpoint, Price, UsageObservation, BenchmarkResult, Claim)


@dataclass
class StageReport:
    nodes_before: int = 0
    nodes_after: int = 0
    merged: int = 0
    served: int = 0  # merged nodes that were served variants
    served_prices: int = 0  # prices newly conditioned as offers of a served id
    derivative_edges: int = 0
    vendors_merged: int = 0
    namespace_vendors: int = 0
    models_given_vendor: int = 0
    candidates: int = 0
    applied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Sources with names that were ambiguous until this run merged their candidates.
    resolved_sources: set[str] = field(default_factory=set)

    def follows(self, earlier: StageReport) -> None:
        """Count `earlier` (a first run in the same import) into this one."""
        self.nodes_before = earlier.nodes_before
        for name in (
            "merged",
            "served",
            "vendors_merged",
            "namespace_vendors",
            "models_given_vendor",
        ):
            setattr(self, name, getattr(self, name) + getattr(earlier, name))

    def lines(self) -> list[str]:
        out = [
            f"resolution: {self.nodes_before} model nodes -> {self.nodes_after} "
            f"({self.merged} merged, {self.served} of them served variants); "
            f"{self.served_prices} prices marked as offers of a served id; "
            f"{self.derivative_edges} derivative edges from names; "
            f"{self.candidates} close calls listed by mergeCandidates",
            f"resolution vendors: {self.vendors_merged} merged, "
            f"{self.namespace_vendors} Hugging Face namespaces added, "
            f"{self.models_given_vendor} models given a vendor",
        ]
        out += [f"  override applied: {line}" for line in self.applied]
        out += [f"  override not applied: {line}" for line in self.skipped]
        return out


def _stage_source(session: Session) -> None:
    if session.get(Source, STAGE_SOURCE) is None:
        session.add(
            Source(
                id=STAGE_SOURCE,
                kind="derived",
                title="tokenatlas entity resolution",
                publisher="tokenatlas",
                notes=(
                    "derived from the names every source uses (graph/resolve/grammar.py) "
                    "and the curator's decisions (seeds/resolution.yaml): lineage edges "
                    "of quantizations and modified models, Hugging Face namespaces as "
                    "vendors, close calls between models"
                ),
                tier=3,
            )
        )
        session.flush()


def vendor_names(session: Session) -> dict[int, frozenset[str]]:
    """The folded slug and name of every vendor."""
    rows = session.exec(select(Vendor.id, Vendor.slug, Vendor.name))
    return {i: frozenset((key(slug), key(name))) for i, slug, name in rows}


def platforms(session: Session) -> frozenset[str]:
    """Folded names of the platforms whose ids the store holds (openrouter...)."""
    return frozenset(key(p) for p in session.exec(select(Endpoint.platform).distinct()))


def nodes(session: Session, precedence: tuple[str, ...] = ()) -> list[Node]:
    """Every model node with what `decide` needs."""
    tiers = dict(session.exec(select(Source.id, Source.tier)).all())
    aliases: dict[int, list[str]] = {}
    for model_id, alias in session.exec(select(ModelAlias.model_id, ModelAlias.alias)):
        aliases.setdefault(model_id, []).append(alias)
    columns = (Model.id, Model.slug, Model.name, Model.vendor_id, Model.curated, Model.known)
    rows = session.exec(select(*columns, Model.source_id))
    return [
        Node(
            i,
            slug,
            name,
            vendor,
            curated,
            known,
            tiers.get(src, 3),
            tuple(aliases.get(i, ())),
            (0, "") if curated else dataset_order(src, precedence),
        )
        for i, slug, name, vendor, curated, known, src in rows
    ]


def consolidate(
    session: Session,
    overrides: Overrides | None = None,
    precedence: tuple[str, ...] = (),
    preferred: Callable[[Session], object] | None = None,
) -> StageReport:
    """Run the stage over the whole store; the caller commits. `precedence`:
    dataset names, first first, for what ties otherwise (graph.resolve.settle);
    `preferred` writes each node's preferred values from its facts
    (graph.provenance.facts.apply_preferred), for after merges.

    Vendors first (those answering to one name merged, the curator's
    groups, providers' vendors, namespaces and families: `_vendors`), so
    that every decision sees them; then merges until nothing more merges (a
    merge can make two groups alike); then plain slugs and vendor names
    settled by content (graph.resolve.settle); then the close calls and
    derivative edges of the final graph, so a second run over the same
    store finds exactly what the first left."""
    overrides = overrides or Overrides()
    _stage_source(session)
    report = StageReport()
    for table in (LineageEdge, MergeCandidate):
        session.exec(delete(table).where(col(table.source_id) == STAGE_SOURCE))
    makers = _vendors(session, overrides, precedence, report)
    served_on = platforms(session)
    providers = frozenset(key(s) for s in session.exec(select(Provider.slug))) | served_on
    vendor_words = vendor_names(session)  # vendors are settled before the rounds
    for _ in range(_ROUNDS):
        found = nodes(session, precedence)
        report.nodes_before = report.nodes_before or len(found)
        decision = decide(
            found,
            makers=makers,
            providers=providers,
            overrides=overrides,
            vendor_names=vendor_words,
        )
        if not decision.survivor:
            break
        by_id = {n.id: n for n in found}
        for loser, keep in sorted(decision.survivor.items()):
            _merge(session, by_id[loser], by_id[keep])
            report.merged += 1
            report.served += loser in decision.served
        report.resolved_sources |= _remap_ambiguous(session, decision.survivor)
    report.applied += decision.applied
    report.skipped += decision.skipped
    if report.merged and preferred is not None:
        # A merged node states the families of both: a family's maker may
        # now be known, as the next run would find.
        preferred(session)
        report.models_given_vendor += family_vendors(session)
    settle_slugs(session, precedence)
    settle_vendors(session, precedence)
    report.served_prices = _served_prices(session, overrides)
    _derived(session, decision, report)
    report.nodes_after = session.exec(select(func.count()).select_from(Model)).one()
    return report


def _vendors(
    session: Session, overrides: Overrides, precedence: tuple[str, ...], report: StageReport
) -> dict[str, int]:
    """Settle vendors before any model decision: alike ones merged, the
    curator's groups, providers' vendors, namespaces as vendors, families'
    makers. Passes repeat until none gives a provider a vendor (a namespace
    just created is a provider's, `baseten`, whose listings then name their
    maker), so one run leaves what a second would. Returns the makers."""
    merged = merge_alike_vendors(session, precedence)
    merged += merge_vendors(session, overrides.vendors).merged
    provider_vendors(session)
    served_on = platforms(session)
    given = created = 0
    for _ in range(_ROUNDS):
        makers = organizations(session)  # as the last pass's merges left them
        more, new = namespace_vendors(session, makers, served_on, STAGE_SOURCE)
        given, created = given + more, created + new
        # Again, for the namespaces just created that the curator's groups name.
        groups = merge_vendors(session, overrides.vendors)
        merged += groups.merged
        if not provider_vendors(session):
            break
    report.vendors_merged = merged
    report.applied += groups.applied
    report.skipped += groups.skipped
    report.models_given_vendor = given + family_vendors(session)
    report.namespace_vendors = created
    return organizations(session)


def _served_prices(session: Session, overrides: Overrides) -> int:
    """Give every price listed under a served id (`...-tee`, `...-free`,
    `...-Turbo`, a curator's `served` name) the condition `endpoint=<term>`,
    whatever node it landed on: such an offer is never the model's list price,
    on a fresh store or after any later import. Returns prices conditioned."""
    curated = {key(term): term for _, term, _ in overrides.merge if term}
    rows = select(Price.id, Price.provider_model_id, Price.conditions).where(
        or_(col(Price.conditions).is_(None), ~col(Price.conditions).contains("endpoint="))
    )
    changes = []
    for price_id, listed, conditions in session.exec(rows).all():
        tail = key(listed.rpartition("/")[2])
        terms = [curated[tail]] if tail in curated else list(parse(listed).served)
        if terms:
            served = "endpoint=" + "+".join(dict.fromkeys(terms))
            changes.append(
                {"id": price_id, "conditions": f"{served}, {conditions}" if conditions else served}
            )
    if changes:
        session.execute(update(Price), changes)  # one executemany by primary key
    changed = len(changes)
    session.flush()
    return changed


def _derived(session: Session, d: Decision, report: StageReport) -> None:
    """The final graph's derivative edges (where no source gives one) and close calls."""
    edges = set(session.exec(select(LineageEdge.child_id, LineageEdge.parent_id)).all())
    for e in d.derivatives:
        if (e.child, e.parent) in edges:
            continue
        edges.add((e.child, e.parent))
        session.add(
            LineageEdge(
                child_id=e.child,
                parent_id=e.parent,
                relation=e.relation,
                source_id=STAGE_SOURCE,
                locator=f"name '{e.name}'",
            )
        )
        report.derivative_edges += 1
    for c in d.candidates:
        session.add(
            MergeCandidate(
                model_a_id=c.a,
                model_b_id=c.b,
                score=c.score,
                evidence=c.evidence,
                source_id=STAGE_SOURCE,
            )
        )
    report.candidates = len(d.candidates)
    session.flush()


def _remap_ambiguous(session: Session, survivor: dict[int, int]) -> set[str]:
    """Ambiguous names list candidate model ids: point them at the nodes that
    stayed. A name whose candidates all became one node is no longer
    ambiguous; returns the sources of such names (their rows for the name
    were left out, so they need importing again)."""
    resolved: set[str] = set()
    if not survivor:
        return resolved
    for row in session.exec(
        select(UnresolvedName).where(col(UnresolvedName.candidates).is_not(None))
    ).all():
        ids = [int(i) for i in row.candidates.split(",") if i]
        kept = list(dict.fromkeys(survivor.get(i, i) for i in ids))
        if len(kept) < 2:
            resolved.add(row.source_id)
            session.delete(row)
        elif kept != ids:
            row.candidates = ",".join(str(i) for i in kept)
    session.flush()
    return resolved


def _merge(session: Session, loser: Node, keep: Node) -> None:
    """Move everything of `loser` to `keep`, keep its names as aliases, drop it."""
    for table in _BY_MODEL:
        session.exec(update(table).where(table.model_id == loser.id).values(model_id=keep.id))
    kept = set(
        session.exec(
            select(Fact.source_id, Fact.field, Fact.value).where(
                col(Fact.entity_kind) == "model", col(Fact.entity_id) == keep.id
            )
        ).all()
    )
    for fact in session.exec(
        select(Fact).where(col(Fact.entity_kind) == "model", col(Fact.entity_id) == loser.id)
    ).all():
        if (fact.source_id, fact.field, fact.value) in kept:
            session.delete(fact)  # one source stating one value once, as it would on a re-import
        else:
            kept.add((fact.source_id, fact.field, fact.value))
            fact.entity_id = keep.id
    session.exec(
        update(LineageEdge).where(col(LineageEdge.child_id) == loser.id).values(child_id=keep.id)
    )
    session.exec(
        update(LineageEdge).where(col(LineageEdge.parent_id) == loser.id).values(parent_id=keep.id)
    )
    session.exec(delete(LineageEdge).where(col(LineageEdge.child_id) == col(LineageEdge.parent_id)))
    row = session.get(Model, loser.id)
    target = session.get(Model, keep.id)
    # The keeper's own names, unless the loser's source cannot see them (a
    # dataset sees only its own nodes and the catalogue's): then they are
    # its names for the model, stored as its aliases.
    sees = admits(view_of(row.source_id.partition("@")[0]), target.source_id)
    own = {key(plain_slug(keep.slug)), key(keep.name)} if sees else set()
    stored = set(
        session.exec(
            select(ModelAlias.key).where(
                ModelAlias.model_id == keep.id, ModelAlias.source_id == row.source_id
            )
        ).all()
    )
    for text in dict.fromkeys((plain_slug(loser.slug), loser.name)):
        k = key(text)
        if k and k not in own and k not in stored:
            stored.add(k)
            # Under the source that named the loser: a later import of it
            # finds its names here instead of creating the node again.
            session.add(ModelAlias(model_id=keep.id, alias=text, key=k, source_id=row.source_id))
    target.known = target.known or row.known
    if target.vendor_id is None:
        target.vendor_id = row.vendor_id
    # Names that were unresolved because only a placeholder held them now resolve.
    if target.known:
        session.exec(
            delete(UnresolvedName).where(
                or_(
                    col(UnresolvedName.name) == loser.name,
                    col(UnresolvedName.name) == plain_slug(loser.slug),
                ),
                col(UnresolvedName.reason) == "unknown",
            )
        )
    session.flush()
    session.delete(row)
    session.flush()
