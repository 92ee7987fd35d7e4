"""Writing models.dev's provider listings: the provider, the model it
serves (the lab model its `base_model` names, else resolved from its path id
and name, else created), its prices and, on OpenRouter, its endpoint."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.models_dev.catalogue import Listing
from tokenatlas.graph.sources.models_dev.facts import cost_rows, file_facts
from tokenatlas.graph.sources.models_dev.matching import Candidate
from tokenatlas.graph.sources.models_dev.names import clean_name, unprefixed
from tokenatlas.graph.sources.models_dev.run import Run
from tokenatlas.graph.store.tables import Provider

# models.dev provider folders that name a provider another source already
# holds under another slug (matched here when names do not fold alike).
_SAME_PROVIDER = {"amazon-bedrock": "aws"}


def provider_slugs(session: Session, providers: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Folder -> the slug of the provider it is. An existing provider (from
    another source) whose slug or name folds alike is reused (Together AI
    is `together` there, `togetherai` here); so is one that differs by an
    "AI" suffix (`fireworks-ai` / `fireworks`) when no other folder could
    mean it. Otherwise the folder is the slug."""
    existing = list(session.exec(select(Provider.slug, Provider.name)))
    slugs = {slug for slug, _ in existing}
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = defaultdict(set)
    for slug, name in existing:
        for k in (key(slug), key(name)):
            exact.setdefault(k, slug)
            loose[k.removesuffix("ai")].add(slug)
    folders = {f: str(info.get("name", f)) for f, info in providers.items()}
    loose_folders: dict[str, set[str]] = defaultdict(set)
    for folder, name in folders.items():
        for k in (key(folder), key(name)):
            loose_folders[k.removesuffix("ai")].add(folder)
    out: dict[str, str] = {}
    for folder, name in folders.items():
        mapped = _SAME_PROVIDER.get(folder)
        found = mapped if mapped in slugs else exact.get(key(folder)) or exact.get(key(name))
        if found is None:
            for k in (key(folder), key(name)):
                k = k.removesuffix("ai")
                if len(loose[k]) == 1 and loose_folders[k] == {folder}:
                    found = next(iter(loose[k]))
                    break
        out[folder] = found or folder
    return out


class ListingWriter:
    """Writes the provider listings (`providers/<provider>/models/**.toml`)
    of one run, after the lab models."""

    def __init__(self, run: Run):
        self.run, self.ctx, self.cat, self.match = run, run.ctx, run.cat, run.match
        self.providers: dict[str, int] = {}
        self.provider_slugs = provider_slugs(run.ctx.session, run.cat.providers)

    def provider(self, folder: str) -> int:
        if folder not in self.providers:
            info = self.cat.providers[folder]
            slug = self.provider_slugs.get(folder, folder)
            provider_id = self.ctx.provider(slug, info["name"])
            row = self.ctx.session.get(Provider, provider_id)
            if row is not None and row.url is None and isinstance(info.get("doc"), str):
                row.url = info["doc"]
            self.providers[folder] = provider_id
        return self.providers[folder]

    def listing_vendor(self, listing: Listing) -> int | None:
        """The vendor an id's organisation names (`qwen/...`, `us.anthropic.`)."""
        for part in re.split(r"[/.]", listing.path_id)[:-1]:
            found = self.ctx.vendors.resolve(part)
            if found is not None:
                return found
        return None

    def write(self) -> None:
        """Every provider listing: its model, prices and OpenRouter endpoint."""
        ctx = self.ctx
        self.run.described = set(self.run.lab_models.values())
        for listing in self.cat.listings:
            self.run.tick()
            data = listing.data
            model_id = self.listing_model(listing)
            if model_id is None:
                continue
            provider_id = self.provider(listing.provider)
            if model_id not in self.run.described:
                # No lab file describes this model: its first listing does.
                for field_name, value in file_facts(data, None):
                    self.run.fact(model_id, field_name, value, listing.file)
            prices = list(cost_rows(data.get("cost", {}), None))
            for mode, spec in sorted(data.get("experimental", {}).get("modes", {}).items()):
                prices += cost_rows(spec.get("cost", {}), f"mode={mode}")
            for kind, value, tier_min, conditions in prices:
                ctx.price(
                    model_id=model_id,
                    provider_id=provider_id,
                    provider_model_id=listing.path_id,
                    token_kind=kind,
                    usd_per_mtok=Decimal(str(value)),
                    tier_min_tokens=tier_min,
                    valid_from=self.run.as_of,
                    valid_to=None,
                    conditions=conditions,
                    locator=listing.file,
                )
            if listing.provider == "openrouter" and self.match.aliasable(
                Candidate(listing.path_id), model_id
            ):
                # Its path id is OpenRouter's API id. (Not when that id already
                # names another node: the endpoint would make it ambiguous.)
                ctx.endpoint(model_id, "openrouter", listing.path_id, "default")

    def listing_model(self, listing: Listing) -> int | None:
        ctx = self.ctx
        data = listing.data
        base = data.get("base_model")
        if base and base in self.run.lab_models:
            model_id = self.run.lab_models[base]
            candidate = Candidate(listing.path_id)
            if self.match.aliasable(candidate, model_id):
                ctx.alias(model_id, listing.path_id)
            return model_id
        name = data.get("name")
        tail = unprefixed(listing.path_id) or listing.path_id.rsplit("/", 1)[-1]
        candidates = [Candidate(n) for n in (base, listing.path_id) if n]
        if tail != listing.path_id:
            candidates.append(Candidate(tail, derived=True))
        if name:
            candidates.append(Candidate(clean_name(name), display=True))
        vendor_id = self.listing_vendor(listing)
        model_id, _ = self.match.model(
            candidates,
            vendor_id=vendor_id,
            display=name or tail,
            slug_names=[tail, listing.path_id],
        )
        return model_id
