"""Hugging Face Open LLM Leaderboard v2 (`open-llm-leaderboard/huggingface_v2.csv`):
one model node per Hugging Face id, its six normalised benchmark scores (and
the leaderboard average) per evaluated row, hub facts (licence, parameters,
likes, upload date, architecture) and a lineage edge to its base model.

What the columns mean, as the data shows:

- `model_name` is the Hugging Face id. One id can have several rows (one per
  precision evaluated): one node, results per row with `setting=<precision>`.
- `metadata_base_model` is the *root* of the model's Hub tree, `metadata_generation`
  hops up (0: the model is its own root), not always the direct parent. The
  edge therefore points child -> root; the distance is kept as the fact
  `hub_generation`.
- `X (Merge)` marks X as a merge of several bases the leaderboard does not
  name. When X is the model itself (about 2,040 rows) no parent is known and no
  edge is written; otherwise X (suffix dropped) is the parent.
- `Removed` (571 rows) means the leaderboard could not read the model's Hub
  card (530 of them have no upload date either: models gone from the Hub): no
  parent is known, no edge.
- `metadata_params_billions` 0 or -1 means "not known" (databricks/dbrx-base
  says 0): no parameter fact.
- A parent that is neither a row nor known to the graph becomes an unknown
  node (`known=False`), reported unresolved: the edge is kept, not dropped.

Hugging Face ids are matched literally: `someuser/Llama-3-8B` is another
repository than `meta-llama/Llama-3-8B`, `org/model-v2` than `org/model`,
and `org/a-b-c` than `org/c-a-b`. The shared resolver's loosening rules
(prefix, date/version suffix, word order) are therefore switched off while
this importer runs (see `hub_index.HubIndex`); only a name that folds to exactly the
same key (case and separators: OpenRouter's `qwen/qwen-2-7b-instruct` is
`Qwen/Qwen2-7B-Instruct`) joins an existing node.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tokenatlas.graph.provenance.precedence import Tier
from tokenatlas.graph.sources.context import ImportContext
from tokenatlas.graph.sources.contract import row_error
from tokenatlas.graph.sources.hub_index import literal_ids

DATASET = "open-llm-leaderboard"
FILE = "open-llm-leaderboard/huggingface_v2.csv"

# (column stem, the name the file gives, our benchmark name): the file's
# `evaluations_<stem>_name` must say the second, and the third matches a
# seeded benchmark (seeds/benchmarks.yaml) by name or alias.
BENCHMARKS = (
    ("ifeval", "IFEval", "IFEval"),
    ("bbh", "BBH", "BBH"),
    ("math", "MATH Level 5", "MATH Level 5"),
    ("gpqa", "GPQA", "GPQA"),
    ("musr", "MUSR", "MuSR"),
    ("mmlu_pro", "MMLU-PRO", "MMLU-PRO"),
)
AVERAGE = "Open LLM Leaderboard average"
BOOLEANS = (
    "model_has_chat_template",
    "features_is_not_available_on_hub",
    "features_is_merged",
    "features_is_moe",
    "features_is_flagged",
    "features_is_official_provider",
)
WEIGHT_TYPES = ("Original", "Adapter", "Delta")
COLUMNS = (
    "model_name",
    "model_precision",
    "model_weight_type",
    "model_architecture",
    "model_average_score",
    *BOOLEANS,
    *(
        f"evaluations_{stem}_{part}"
        for stem, _, _ in BENCHMARKS
        for part in ("name", "normalized_score")
    ),
    "metadata_upload_date",
    "metadata_generation",
    "metadata_base_model",
    "metadata_hub_license",
    "metadata_hub_hearts",
    "metadata_params_billions",
)
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(?:/[\w.\-]+)?$")
_MERGE_MARK = " (Merge)"
_REMOVED = "Removed"
_NO_LICENSE = {"", "unknown"}
_NO_ARCHITECTURE = {"", "?", "unknown"}


@dataclass(frozen=True)
class HubRow:
    line: int
    model: str  # the Hugging Face id
    precision: str
    weight_type: str  # Original | Adapter | Delta
    architecture: str | None  # the transformers class, e.g. LlamaForCausalLM
    average: float
    scores: tuple[tuple[str, float], ...]  # (our benchmark name, normalised score)
    merged: bool
    moe: bool
    base: str | None  # the parent's id; None when unknown (the model itself, Removed)
    generation: int
    upload_date: date | None
    license: str | None
    likes: int
    params_billions: float | None

    @property
    def relation(self) -> str:
        if self.merged:
            return "merge"
        if self.weight_type == "Adapter":
            return "adapter"
        return "finetune"  # Original and Delta weights


def parse_base(model: str, raw: str) -> str | None:
    """The parent id a `metadata_base_model` value names, or None.

    >>> parse_base("a/child", "meta-llama/Llama-3.2-3B")
    'meta-llama/Llama-3.2-3B'
    >>> parse_base("a/child", "a/merged (Merge)"), parse_base("a/child", "a/child (Merge)")
    ('a/merged', None)
    >>> parse_base("a/child", "Removed"), parse_base("a/child", "A/Child")
    (None, None)
    """
    text = raw.strip()
    if text == _REMOVED:
        return None
    if text.endswith(_MERGE_MARK):
        text = text[: -len(_MERGE_MARK)].strip()
    if not _HUB_ID.match(text):
        raise ValueError(f"metadata_base_model is not a Hugging Face id: {raw!r}")
    return None if text.lower() == model.lower() else text


def _bool(value: str, column: str) -> bool:
    if value == "TRUE":
        return True
    if value == "FALSE":
        return False
    raise ValueError(f"{column} must be TRUE or FALSE, got {value!r}")


def _number(value: str, column: str) -> float:
    try:
        out = float(value)
    except ValueError:
        raise ValueError(f"{column} must be a number, got {value!r}") from None
    if not math.isfinite(out):
        raise ValueError(f"{column} must be a finite number, got {value!r}")
    return out


def _count(value: str, column: str) -> int:
    try:
        out = int(value)
    except ValueError:
        raise ValueError(f"{column} must be a whole number, got {value!r}") from None
    if out < 0:
        raise ValueError(f"{column} must not be negative, got {value!r}")
    return out


def _date(value: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column} must be a date (YYYY-MM-DD), got {value!r}") from None


def _row(line: int, rec: dict[str, str]) -> HubRow:
    """One record, checked; raises ValueError with the reason."""
    model = rec["model_name"].strip()
    if not _HUB_ID.match(model):
        raise ValueError(f"model_name is not a Hugging Face id: {rec['model_name']!r}")
    precision = rec["model_precision"].strip()
    if not precision:
        raise ValueError("empty model_precision")
    weight_type = rec["model_weight_type"].strip()
    if weight_type not in WEIGHT_TYPES:
        raise ValueError(
            f"model_weight_type must be one of {', '.join(WEIGHT_TYPES)}, got {weight_type!r}"
        )
    flags = {c: _bool(rec[c].strip(), c) for c in BOOLEANS}
    scores = []
    for stem, file_name, ours in BENCHMARKS:
        named = rec[f"evaluations_{stem}_name"].strip()
        if named != file_name:
            raise ValueError(f"evaluations_{stem}_name must be {file_name!r}, got {named!r}")
        column = f"evaluations_{stem}_normalized_score"
        scores.append((ours, _number(rec[column].strip(), column)))
    params = _number(rec["metadata_params_billions"].strip(), "metadata_params_billions")
    architecture = rec["model_architecture"].strip()
    hub_license = rec["metadata_hub_license"].strip()
    return HubRow(
        line=line,
        model=model,
        precision=precision,
        weight_type=weight_type,
        architecture=None if architecture.lower() in _NO_ARCHITECTURE else architecture,
        average=_number(rec["model_average_score"].strip(), "model_average_score"),
        scores=tuple(scores),
        merged=flags["features_is_merged"],
        moe=flags["features_is_moe"],
        base=parse_base(model, rec["metadata_base_model"]),
        generation=_count(rec["metadata_generation"].strip(), "metadata_generation"),
        upload_date=_date(rec["metadata_upload_date"].strip(), "metadata_upload_date"),
        license=None if hub_license.lower() in _NO_LICENSE else hub_license,
        likes=_count(rec["metadata_hub_hearts"].strip(), "metadata_hub_hearts"),
        # 0 and -1 stand for "not known" (databricks/dbrx-base says 0)
        params_billions=params if params > 0 else None,
    )


def read(path: Path) -> list[HubRow]:
    """Parse and check the file; raise `LoadError` naming file, line and reason.
    Lines are those where a record starts (a quoted field may span lines)."""
    rows: list[HubRow] = []
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise row_error(path, 0, f"cannot be read ({exc.strerror})") from exc
    with handle:
        reader = csv.reader(handle)
        start = 1
        try:
            header = next(reader, None)
            if header is None:
                raise row_error(path, 1, "empty file")
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise row_error(path, 1, f"missing column(s): {', '.join(missing)}")
            while True:
                start = reader.line_num + 1
                record = next(reader, None)
                if record is None:
                    break
                if not record:  # a blank line
                    continue
                if len(record) != len(header):
                    raise row_error(
                        path, start, f"{len(record)} fields, the header has {len(header)}"
                    )
                try:
                    rows.append(_row(start, dict(zip(header, record, strict=True))))
                except ValueError as exc:
                    raise row_error(path, start, str(exc)) from exc
        except csv.Error as exc:
            raise row_error(path, start, f"malformed CSV ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise row_error(path, start, f"not UTF-8 ({exc.reason})") from exc
    if not rows:
        raise row_error(path, 2, "no rows")
    return rows


def _org(hub_id: str) -> str | None:
    return hub_id.split("/", 1)[0] if "/" in hub_id else None


def write(ctx: ImportContext, rows: list[HubRow], *, as_of: date) -> None:
    benchmarks = {ours: ctx.benchmark(ours) for _, _, ours in BENCHMARKS}
    average = ctx.benchmark(AVERAGE)
    total = len(rows)
    with literal_ids(ctx) as index:

        def hub_model(hub_id: str, *, placeholder: bool = False) -> int | None:
            org = _org(hub_id)
            vendor = ctx.vendors.resolve(org) if org else None
            model = ctx.model(hub_id, keep_prefix=True, vendor_id=vendor, placeholder=placeholder)
            if model is not None:
                index.claim(hub_id, model)
            return model

        # Pass 1: every row's model and results; facts gathered per model.
        facts: dict[int, dict[str, tuple[object, str]]] = {}
        for i, r in enumerate(rows):
            ctx.report.rows += 1
            ctx.progress(i + 1, total)
            model = hub_model(r.model)
            if model is None:  # ambiguous: reported by ctx, not guessed
                continue
            locator = f"line {r.line}"
            for name, score in r.scores:
                ctx.result(
                    model,
                    benchmarks[name],
                    score,
                    setting=r.precision,
                    metric="normalized",
                    measured=as_of,
                    locator=locator,
                )
            ctx.result(
                model, average, r.average, setting=r.precision, measured=as_of, locator=locator
            )
            known = facts.setdefault(model, {})
            for field, value in _facts(r):
                if value is not None and field not in known:
                    known[field] = (value, locator)
        for model, known in facts.items():
            for field, (value, locator) in known.items():
                if field == "license":
                    value = ctx.license(value)
                ctx.fact(model, field, value, locator=locator)

        # Pass 2: edges, now that a parent evaluated on a later row exists.
        edges: set[tuple[int, int, str]] = set()
        for r in rows:
            if r.base is None:
                continue
            child = index.hub.get(r.model.lower())
            if child is None:
                continue
            parent = index.hub.get(r.base.lower())
            if parent is None:
                parent = hub_model(r.base, placeholder=True)
            if parent is None or parent == child:
                continue
            edge = (child, parent, r.relation)
            if edge not in edges:
                edges.add(edge)
                ctx.edge(child, parent, r.relation, locator=f"line {r.line}")
    ctx.flush()


def _facts(r: HubRow) -> list[tuple[str, object]]:
    """What one row says of its model; a model with several rows keeps, per
    field, the first value that is known (the facts are recorded once)."""
    return [
        ("open_weights", True),  # every Hub model has its weights out
        ("license", r.license),
        ("params_total", round(r.params_billions * 1e9) if r.params_billions else None),
        ("likes", r.likes),
        ("upload_date", r.upload_date),
        ("architecture_class", r.architecture),
        ("architecture", "moe" if r.moe else None),
        ("hub_org", _org(r.model)),
        ("hub_generation", r.generation if r.base is not None else None),
    ]


SOURCE = dict(
    kind="dataset",
    title="Open LLM Leaderboard v2",
    publisher="Hugging Face",
    url="https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
    licence="MPL-2.0 (fboulnois/llm-leaderboard-csv)",
    notes=(
        "normalised scores on IFEval, BBH, MATH Level 5, GPQA, MuSR and MMLU-PRO per "
        "evaluated precision; Hub base model (the root of the model's tree), licence, "
        "parameters, likes, upload date; via fboulnois/llm-leaderboard-csv"
    ),
)
TIER = Tier.LEADERBOARD
AS_OF = date(2025, 3, 21)
