"""Choosing the model a models.dev file means, from its ids and names.

Resolution never guesses: ids outrank display names, exact matches outrank
loose rules, a curated model of another vendor is never merged into, and a
name that already means another model is never made an alias (`Matcher`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import select
from tokenatlas.graph.resolve.grammar import drops_stage
from tokenatlas.graph.resolve.index import Resolution
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.store.tables import Model


@dataclass
class Candidate:
    """One name a file could be resolved by, and how strong a clue it is."""

    name: str
    keep_prefix: bool = False
    display: bool = False  # a display name, weaker evidence than an id
    derived: bool = False  # an id with its org or region prefix cut off


_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def trusted(name: str, r: Resolution) -> bool:
    """Whether to follow a resolution. Word order may move a version number
    ("claude-4.6-opus" is "claude-opus-4.6") but not swap two numbers
    ("gemini-2.5-pro-preview-05-06" is not "...-06-05")."""
    if "word-order" not in r.rules:
        return True
    numbers = [w for w in re.split(r"[\s\-_/:]+", name) if _NUMBER.match(w)]
    return len(numbers) < 2


_SAFE_RULES = frozenset({"endpoint", "prefix"})


def strength(c: Candidate, r: Resolution) -> int:
    """How strongly a resolution identifies a model, strongest 0: an id as
    is; an id without its `:variant`, `org/` or region prefix; a display
    name as is; an id read with a looser rule (date, mode, word order); a
    display name so."""
    if c.display:
        return 2 if r.status == "exact" else 4
    if r.status == "exact":
        return 1 if c.derived else 0
    return 1 if set(r.rules) <= _SAFE_RULES else 3


class Matcher:
    """Resolves candidates through the context, knowing each model's vendor
    and whether it is curated (to prefer some merges and refuse others)."""

    def __init__(self, ctx: ImportContext):
        self.ctx = ctx
        # model id -> (vendor id, curated): to prefer and to refuse merges.
        self.info: dict[int, tuple[int | None, bool]] = {
            mid: (vid, cur)
            for mid, vid, cur in ctx.session.exec(select(Model.id, Model.vendor_id, Model.curated))
        }

    def resolve(self, name: str, keep_prefix: bool) -> Resolution:
        return self.ctx.models.resolve(name, keep_prefix=keep_prefix)

    def choose(
        self, candidates: list[Candidate], vendor_id: int | None
    ) -> tuple[Candidate | None, int | None, list[str]]:
        """The candidate to resolve by and the model it means, or (None, None,
        ambiguous names). A model of another vendor comes last (a curated one
        is never merged into); then the strongest evidence (`strength`);
        then a model of the same vendor, then one with no vendor; then
        curated models; then the candidates' order."""
        best: tuple | None = None
        ambiguous: list[str] = []
        for i, c in enumerate(candidates):
            r = self.resolve(c.name, c.keep_prefix)
            if r.status == "ambiguous":
                ambiguous.append(c.name)
                continue
            if not r.resolved or not trusted(c.name, r):
                continue
            model_vendor, curated = self.info.get(r.model, (None, False))
            if vendor_id is not None and model_vendor is not None and model_vendor != vendor_id:
                if curated:
                    continue
                vendor_rank = 2
            elif vendor_id is not None and model_vendor == vendor_id:
                vendor_rank = 0
            else:
                vendor_rank = 1
            rank = (vendor_rank == 2, strength(c, r), vendor_rank, not curated, i)
            if best is None or rank < best[0]:
                best = (rank, c, r.model)
        if best is None:
            return None, None, ambiguous
        return best[1], best[2], []

    def model(
        self,
        candidates: list[Candidate],
        *,
        vendor_id: int | None,
        display: str,
        slug_names: list[str],
    ) -> tuple[int | None, bool]:
        """Resolve through the context (so merges, aliases and the report are
        recorded there), creating the model when nothing resolves. Answers the
        model and whether it was created here."""
        ctx = self.ctx
        ids = [c.name for c in candidates if not c.display]
        if ids and any(c.display and drops_stage(c.name, ids[0]) for c in candidates):
            # A display name without the stage its own id states names the
            # base model: neither resolved by, kept as an alias, nor the name.
            candidates = [c for c in candidates if not c.display]
            display = slug_names[0]
        chosen, model_id, ambiguous = self.choose(candidates, vendor_id)
        if chosen is not None:
            others = [c.name for c in candidates if c is not chosen and self.aliasable(c, model_id)]
            got = ctx.model(
                chosen.name, names=others, vendor_id=vendor_id, keep_prefix=chosen.keep_prefix
            )
            return got, False
        if ambiguous:
            # Nothing resolves uniquely: report the name, attach nothing to a guess.
            return ctx.model(ambiguous[0]), False
        fresh = [c.name for c in candidates if self.unknown(c.name, c.keep_prefix)]
        primary = next((n for n in slug_names if self.unknown(n, True)), None)
        if primary is None:
            return None, False
        if ctx.models.owners(display):
            # Another node has this name (e.g. the original of a quantized
            # copy): name the new one by its id, so no name means two nodes.
            display = primary
        model_id = ctx.model(
            primary,
            names=[n for n in fresh if n != primary],
            vendor_id=vendor_id,
            display=display,
            keep_prefix=True,
        )
        if model_id is None:
            return None, False
        # The node's name resolves to it from now on, as it will on a later
        # run (the index of a store holds every model's name).
        ctx.models.add_name(model_id, display)
        self.info[model_id] = (vendor_id, False)
        return model_id, True

    def unknown(self, name: str, keep_prefix: bool) -> bool:
        r = self.resolve(name, keep_prefix)
        return r.status == "unknown" and not self.ctx.models.owners(name)

    def aliasable(self, c: Candidate, model_id: int) -> bool:
        """A name may become an alias of `model_id` when it means nothing yet
        or means that model: never steal another model's name."""
        r = self.resolve(c.name, c.keep_prefix)
        if r.resolved:
            return r.model == model_id
        return r.status != "ambiguous" and not (self.ctx.models.owners(c.name) - {model_id})

    def fill_vendor(self, model_id: int, vendor_id: int) -> None:
        """A model that entered without a vendor gets the lab's."""
        current, curated = self.info.get(model_id, (None, False))
        if current is not None or curated:
            return
        row = self.ctx.session.get(Model, model_id)
        if row is not None and row.vendor_id is None:
            row.vendor_id = vendor_id
        self.info[model_id] = (vendor_id, curated)
