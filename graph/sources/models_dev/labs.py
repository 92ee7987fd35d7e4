"""Writing models.dev's lab models: one node per model (dated and serving
duplicates merged into the canonical file's node), its facts, its benchmark
results (with the vendor's tier when the cited source is the vendor's own
page), the lab folder as its vendor."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlparse

from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.names import key, strip_date, strip_mode
from tokenatlas.graph.sources.models_dev.catalogue import LabModel
from tokenatlas.graph.sources.models_dev.facts import day, file_facts
from tokenatlas.graph.sources.models_dev.matching import Candidate
from tokenatlas.graph.sources.models_dev.names import (
    clean_name,
    domain_label,
    hf_ids,
    split_benchmark,
)
from tokenatlas.graph.sources.models_dev.run import Run

# Metrics that are a share of tasks passed: the score is a percentage.
PERCENT_METRIC = re.compile(r"pass@|percent|resolve|success|accura|correct", re.I)


def hf_owners(labs: list[LabModel]) -> dict[str, str]:
    """Hugging Face id -> the lab model it names: the one whose id or name
    matches the repository's name, else the only one listing it. Another
    lab model listing the same weights (a "turbo" serving of them, a
    "latest" pointer) neither resolves by them nor takes them as alias."""
    listers: dict[str, list[LabModel]] = defaultdict(list)
    for lab in labs:
        for repo in hf_ids(lab.data):
            listers[repo].append(lab)
    owners: dict[str, str] = {}
    for repo, labs in listers.items():
        tail = key(repo.split("/", 1)[1])
        named = [m for m in labs if tail in (key(m.id), key(clean_name(m.data["name"])))]
        if len(named) == 1:
            owners[repo] = named[0].lab_id
        elif len(labs) == 1:
            owners[repo] = labs[0].lab_id
    return owners


def benchmark_units(labs: list[LabModel]) -> dict[str, str]:
    """Benchmark key -> unit: percent when its metrics are pass rates and
    every score lies in [0, 100], else score."""
    seen: dict[str, list[tuple[str | None, float]]] = defaultdict(list)
    for lab in labs:
        for b in lab.data.get("benchmarks", []):
            seen[key(split_benchmark(b["name"])[0])].append((b.get("metric"), b["score"]))
    units = {}
    for k, rows in seen.items():
        rated = any(m and PERCENT_METRIC.search(m) for m, _ in rows)
        bounded = all(0 <= s <= 100 for _, s in rows)
        units[k] = "percent" if rated and bounded else "score"
    return units


class LabWriter:
    """Writes the lab models (`models/<lab>/<id>.toml`) of one run."""

    def __init__(self, run: Run):
        self.run, self.ctx, self.cat, self.match = run, run.ctx, run.cat, run.match
        self.lab_vendor: dict[str, int] = {}
        self.results_done: set[tuple] = set()
        self.hf_owner = hf_owners(run.cat.labs)
        self.units = benchmark_units(run.cat.labs)

    def vendor(self, lab: str) -> int:
        """The lab folder's vendor: an existing one it names (moonshotai is
        Moonshot AI), else created, under the name the lab's own provider
        entry gives when there is one (sakana: "Sakana AI")."""
        if lab not in self.lab_vendor:
            found = self.ctx.vendors.resolve(lab)
            if lab in self.cat.providers:
                name = self.cat.providers[lab]["name"]
                if found is None or self.ctx.vendors.resolve(name) == found:
                    found = self.ctx.vendor(name)
                    self.ctx.vendors.add_name(found, lab)
            self.lab_vendor[lab] = self.ctx.vendor(lab)  # keeps the folder's spelling
        return self.lab_vendor[lab]

    def write(self) -> None:
        """Every lab model: its node, facts and benchmark results."""

        # Canonical ids first: a dated or serving-mode duplicate then merges
        # into the node its canonical file resolved, and states fewer facts.
        def order(m: LabModel) -> tuple:
            variant = strip_date(m.id) is not None or strip_mode(m.id) is not None
            latest = "latest" in m.id.lower() or "(latest)" in m.data["name"].lower()
            return (variant or latest, m.lab, m.id)

        for lab in sorted(self.cat.labs, key=order):
            self.run.tick()
            vendor_id = self.vendor(lab.lab)
            name = lab.data["name"]
            owned = [r for r in hf_ids(lab.data) if self.hf_owner.get(r) == lab.lab_id]
            candidates = [
                Candidate(lab.id),
                Candidate(lab.lab_id),
                Candidate(clean_name(name), display=True),
                # A repository of the lab's own organisation may be read
                # without it; another organisation's (a finetuner's) may not.
                *(Candidate(r, keep_prefix=not self.own_org(r, lab)) for r in owned),
            ]
            model_id, _ = self.match.model(
                candidates,
                vendor_id=vendor_id,
                display=name,
                slug_names=[lab.id, lab.lab_id],
            )
            if model_id is None:
                continue
            self.run.lab_models[lab.lab_id] = model_id
            self.match.fill_vendor(model_id, vendor_id)
            licence = lab.data.get("license")
            licence_slug = self.ctx.license(licence) if licence else None
            for field_name, value in file_facts(lab.data, licence_slug):
                self.run.fact(model_id, field_name, value, lab.file)
            for i, bench in enumerate(lab.data.get("benchmarks", [])):
                self.result(model_id, lab, vendor_id, i, bench)

    def result(
        self,
        model_id: int,
        lab: LabModel,
        vendor_id: int,
        index: int,
        b: dict[str, Any],
    ) -> None:
        base, name_version = split_benchmark(b["name"])
        bench = self.ctx.benchmark(base, unit=self.units.get(key(base), "score"))
        version = b.get("version") or name_version
        parts = [
            f"{label}={value}"
            for label, value in (
                ("dataset", b.get("dataset")),
                ("version", version),
                ("variant", b.get("variant")),
            )
            if value
        ]
        variant = "; ".join(parts) or None
        source = b.get("source")
        done_key = (model_id, bench, b["score"], b.get("metric"), b.get("harness"), variant, source)
        if done_key in self.results_done:
            return  # the same score stated by a dated duplicate of this model
        self.results_done.add(done_key)
        measured = (day(b["date"]) if b.get("date") else None) or self.run.as_of
        own = bool(source) and self.vendor_own(source, lab, vendor_id)
        locator = f"{lab.file} [[benchmarks]] {index + 1}" + (f"; {source}" if source else "")
        self.ctx.result(
            model_id,
            bench,
            b["score"],
            metric=b.get("metric"),
            harness=b.get("harness"),
            variant=variant,
            setting=b.get("variant"),
            measured=measured,
            locator=locator,
            tier=int(Tier.VENDOR) if own else None,
        )

    def own_org(self, repo: str, lab: LabModel) -> bool:
        org = repo.split("/", 1)[0]
        return key(org).startswith(key(lab.lab)) or (
            self.ctx.vendors.resolve(org) == self.lab_vendor.get(lab.lab)
        )

    def vendor_own(self, url: str, lab: LabModel, vendor_id: int) -> bool:
        """Whether a source URL is the vendor's own page: its Hugging Face
        organisation, or a domain named like the lab or the vendor."""
        u = urlparse(url)
        host = u.netloc.lower().removeprefix("www.")
        if not host:
            return False
        lab_key = key(lab.lab)
        if host in ("huggingface.co", "hf.co"):
            org = next((p for p in u.path.split("/") if p), "")
            if not org:
                return False
            orgs = {r.split("/")[0].lower() for r in hf_ids(lab.data)}
            return (
                org.lower() in orgs
                or self.ctx.vendors.resolve(org) == vendor_id
                or key(org).startswith(lab_key)
            )
        label = domain_label(host)
        with_tld = key(".".join(host.split(".")[-2:]))  # x.ai -> xai
        return (
            key(label) == lab_key
            or with_tld == lab_key
            or self.ctx.vendors.resolve(label) == vendor_id
        )
