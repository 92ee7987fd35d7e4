"""Epoch AI's "Notable AI models" (`epoch/notable-ai-models.csv`): each
model's organisations and their countries, publication date, parameters,
training compute, accessibility (open weights, restricted or not), frontier
flag and base models (lineage edges).

- "Organization" and "Country (of organization)" may list several values,
  comma-separated. Both lists are kept as stated (model facts
  `organizations` and `countries`); the first organisation is the model's
  vendor. An organisation's country is recorded (vendor fact `country`)
  only where the two lists have the same length, so they align; otherwise
  (e.g. "Google DeepMind" listed with two countries) no pairing is guessed.
- Country names map to ISO 3166-1 alpha-2 through `COUNTRIES`
  (`epoch_vocabulary`); a name not
  there is an error, so nothing is silently dropped. "Multinational" is
  known and means no single country.
- Epoch names are display names, never `org/id`s ("DiT-XL/2", "ViT-G/14"),
  so they are resolved with `keep_prefix`: the part after a slash is not
  another model's name.
- "Base model" may name several parents ("Qwen2-72B,InternViT-6B"); each is
  an edge, `distillation` when the notes say the row was distilled, else
  `finetune`. Rows are all resolved before any edge is written, so a parent
  that is another row of the file is that row's node; a parent known
  nowhere becomes a placeholder node, reported unresolved.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.resolve.names import key
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.contract import row_error
from tokenatlas.graph.sources.epoch_vocabulary import ACCESS, COUNTRIES, VENDOR_NAMES
from tokenatlas.graph.store.tables import Model, Vendor

DATASET = "epoch"
FILE = "epoch/notable-ai-models.csv"

MODEL = "Model"
ORGANIZATION = "Organization"
COUNTRY = "Country (of organization)"
DATE = "Publication date"
PARAMETERS = "Parameters"
COMPUTE = "Training compute (FLOP)"
ACCESSIBILITY = "Model accessibility"
BASE = "Base model"
FRONTIER = "Frontier model"
DOMAIN = "Domain"
FINETUNE_NOTES = "Finetune compute notes"
ACCESS_NOTES = "Accessibility notes"
COLUMNS = (
    MODEL,
    ORGANIZATION,
    COUNTRY,
    DATE,
    PARAMETERS,
    COMPUTE,
    ACCESSIBILITY,
    BASE,
    FRONTIER,
    DOMAIN,
    FINETUNE_NOTES,
    ACCESS_NOTES,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DISTILLED = re.compile(r"\bdistill", re.IGNORECASE)


@dataclass(frozen=True)
class EpochRow:
    line: int  # where the record starts in the file
    name: str
    organizations: tuple[str, ...]
    countries: tuple[str, ...]  # as stated
    country_codes: tuple[str | None, ...]  # aligned with `countries`
    published: date | None
    params: int | None
    compute: float | None
    accessibility: str | None
    frontier: bool | None
    domain: tuple[str, ...]
    bases: tuple[str, ...]
    distilled: bool

    @property
    def open_weights(self) -> bool | None:
        return ACCESS[self.accessibility][0] if self.accessibility else None

    @property
    def weights_restricted(self) -> bool | None:
        return ACCESS[self.accessibility][1] if self.accessibility else None

    def vendor_countries(self) -> list[tuple[str, str | None]]:
        """Each organisation with its country code, when the lists align."""
        if len(self.organizations) != len(self.country_codes):
            return [(org, None) for org in self.organizations]
        return list(zip(self.organizations, self.country_codes, strict=True))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _records(path: Path):
    """(start line, record) for each record; the header is line 1."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise row_error(path, 0, f"cannot be read ({exc.strerror})") from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise row_error(path, 1, "empty file") from None
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise row_error(path, 1, f"missing column(s): {', '.join(missing)}")
        end = reader.line_num
        try:
            for values in reader:
                start, end = end + 1, reader.line_num
                if not values:
                    continue
                if len(values) != len(header):
                    raise row_error(
                        path, start, f"{len(values)} fields where the header has {len(header)}"
                    )
                yield start, dict(zip(header, values, strict=True))
        except csv.Error as exc:
            raise row_error(path, end + 1, f"not valid CSV ({exc})") from exc


def _number(path: Path, line: int, column: str, text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise row_error(path, line, f"{column} must be a number, got {text!r}") from None
    if not value.is_finite() or value < 0:
        raise row_error(path, line, f"{column} must be a non-negative number, got {text!r}")
    return value


def _row(path: Path, line: int, record: dict[str, str]) -> EpochRow:
    name = record[MODEL].strip()
    if not name:
        raise row_error(path, line, "empty model name")
    countries = _split(record[COUNTRY])
    unknown = [c for c in countries if c not in COUNTRIES]
    if unknown:
        raise row_error(
            path, line, f"unknown country name(s) {', '.join(map(repr, unknown))} in {COUNTRY}"
        )
    text = record[DATE].strip()
    published = None
    if text:
        try:
            if not _DATE.match(text):
                raise ValueError
            published = date.fromisoformat(text)
        except ValueError:
            raise row_error(path, line, f"{DATE} must be YYYY-MM-DD, got {text!r}") from None
    params = _number(path, line, PARAMETERS, record[PARAMETERS])
    compute = _number(path, line, COMPUTE, record[COMPUTE])
    access = record[ACCESSIBILITY].strip() or None
    if access is not None and access not in ACCESS:
        raise row_error(
            path,
            line,
            f"unknown {ACCESSIBILITY} {access!r} (known: {', '.join(map(repr, ACCESS))})",
        )
    flag = record[FRONTIER].strip().lower()
    if flag not in ("", "true", "false"):
        raise row_error(path, line, f"{FRONTIER} must be True, False or empty, got {flag!r}")
    # Epoch flags the models in the top 10 by training compute at release:
    # blank means "not frontier" only where there is a compute figure to rank.
    frontier = True if flag == "true" else (False if flag == "false" or compute else None)
    notes = f"{record[FINETUNE_NOTES]}\n{record[ACCESS_NOTES]}"
    return EpochRow(
        line=line,
        name=name,
        organizations=_split(record[ORGANIZATION]),
        countries=countries,
        country_codes=tuple(COUNTRIES[c] for c in countries),
        published=published,
        params=int(params.to_integral_value()) if params is not None else None,
        compute=float(compute) if compute is not None else None,
        accessibility=access,
        frontier=frontier,
        domain=_split(record[DOMAIN]),
        bases=_split(record[BASE]),
        distilled=bool(_DISTILLED.search(notes)),
    )


def read(path: Path) -> list[EpochRow]:
    """Parse and check the file; raise `LoadError` naming file, line and reason."""
    rows: list[EpochRow] = []
    first_line: dict[str, int] = {}
    for line, record in _records(path):
        row = _row(path, line, record)
        if row.name in first_line:
            raise row_error(
                path, line, f"model {row.name!r} already listed on line {first_line[row.name]}"
            )
        first_line[row.name] = line
        rows.append(row)
    if not rows:
        raise row_error(path, 1, "no rows")
    return rows


def _vendor(ctx: ImportContext, org: str) -> int:
    """The vendor an Epoch organisation is, its spelling kept as an alias."""
    target = VENDOR_NAMES.get(org)
    if target is None:
        return ctx.vendor(org)
    vendor_id = ctx.vendor(target)
    if not ctx.vendors.by_key.get(key(org)):
        ctx.vendors.add_name(vendor_id, org)
        ctx.vendor(org)  # resolves now: records the spelling as an alias
    return vendor_id


def _vendor_countries(
    ctx: ImportContext, stated: dict[int, dict[str | None, list[tuple[str, int]]]]
) -> None:
    """One `country` fact per vendor. Where several spellings Epoch uses
    resolve to one vendor with different countries ("DeepMind", GB, is an
    alias of Google, US), only the spelling that is the vendor's own name
    counts; without one, nothing is recorded."""
    for vendor_id, by_country in stated.items():
        codes = {c: spots for c, spots in by_country.items() if c}
        if len(codes) > 1:
            row = ctx.session.get(Vendor, vendor_id)
            own = {key(row.name), key(row.slug)} if row else set()
            codes = {
                c: own_spots
                for c, spots in codes.items()
                if (own_spots := [s for s in spots if key(s[0]) in own])
            }
        if len(codes) == 1:
            ((code, spots),) = codes.items()
            ctx.fact(vendor_id, "country", code, kind="vendor", locator=f"line {spots[0][1]}")


def write(ctx: ImportContext, rows: list[EpochRow], *, as_of: date) -> None:
    nodes: dict[int, int] = {}  # row line -> model id
    claimed: dict[int, EpochRow] = {}  # model id -> the row that resolved to it
    stated: dict[int, dict[str | None, list[tuple[str, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i, r in enumerate(rows):
        vendors = []
        for org, code in r.vendor_countries():
            vendor_id = _vendor(ctx, org)
            vendors.append(vendor_id)
            stated[vendor_id][code].append((org, r.line))
        model = ctx.model(r.name, vendor_id=vendors[0] if vendors else None, keep_prefix=True)
        ctx.report.rows += 1
        ctx.progress(i + 1, len(rows))
        if model is None:
            continue
        if model in claimed:
            # Two rows of one file are two models: the resolver folded their
            # names together, so neither gets the other's figures.
            other = claimed[model]
            ctx.report.ambiguous.append(f"{r.name} (line {r.line}; same node as {other.name!r})")
            continue
        claimed[model] = r
        nodes[r.line] = model
        if model not in ctx.report.created:
            node = ctx.session.get(Model, model)
            if node is not None and not node.known:
                node.known = True  # a placeholder of another source: Epoch describes it
        locator = f"line {r.line}"
        facts = {
            "release_date": r.published,
            "params_total": r.params,
            "training_compute_flop": r.compute,
            "open_weights": r.open_weights,
            "accessibility": r.accessibility,
            "weights_restricted": r.weights_restricted,
            "frontier": r.frontier,
            "organization": list(r.organizations) or None,
            "organizations": list(r.organizations) or None,
            "countries": list(r.countries) or None,
            "domain": list(r.domain) or None,
        }
        for field_name, value in facts.items():
            ctx.fact(model, field_name, value, locator=locator)
    _vendor_countries(ctx, stated)
    for r in rows:
        child = nodes.get(r.line)
        if child is None:
            continue
        relation = "distillation" if r.distilled else "finetune"
        for base in dict.fromkeys(r.bases):
            parent = ctx.model(base, placeholder=True, keep_prefix=True)
            if parent is not None:
                ctx.edge(child, parent, relation, locator=f"line {r.line}")
    ctx.flush()


SOURCE = dict(
    kind="dataset",
    title="Notable AI models",
    publisher="Epoch AI",
    url="https://epoch.ai/data/notable-ai-models",
    licence="CC BY 4.0 (credit: Epoch AI)",
    notes=(
        "organisations and their countries, publication date, parameters, training compute, "
        "accessibility, frontier flag and base models; via mxschons/sobe-2025-data-repository"
    ),
)
TIER = Tier.CATALOGUE
AS_OF = date(2026, 1, 26)
