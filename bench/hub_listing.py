"""A synthetic Hugging Face Hub model listing of N models, shaped like the
Hub: few roots, heavy-tailed fan-out (one family holds about a fifth of
all models, the rest shrink like Zipf's law), quantizations mostly leaves,
one model in twenty a merge, authors heavy-tailed too, licences inherited
from the root with some derivatives declaring another or none. JSON Lines
in the shape `tokenatlas ingest hf-models` reads.

    python bench/hub_listing.py 1000000 /tmp/hub.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT_LICENSES = ("apache-2.0", "llama3.1", "qwen", "gemma", "mit", "cc-by-nc-4.0")
TAG = {"finetune": "finetune", "quantization": "quantized", "adapter": "adapter", "merge": "merge"}


def synthetic(n: int, seed: int = 7) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(model number, [(base model number, relation)]) for models 1..n, each
    after its bases. Within a family a new model derives from an earlier
    one, early ones (the base, its first finetunes) far more often;
    quantizations are never derived from."""
    rng = random.Random(seed)
    next_id, rank = 1, 1
    while next_id <= n:
        size = min(n - next_id + 1, max(1, int(n * 0.2 / rank)))
        rank += 1
        root = next_id
        yield root, []
        parents = [root]  # models others may derive from
        for child in range(root + 1, root + size):
            r = rng.random()
            parent = parents[int(len(parents) * rng.random() ** 4)]
            if r < 0.35:
                yield child, [(parent, "quantization")]
                continue
            if r < 0.40 and len(parents) > 1:
                other = parents[int(len(parents) * rng.random() ** 2)]
                bases = [(parent, "merge")] + ([(other, "merge")] if other != parent else [])
                yield child, bases
            else:
                yield child, [(parent, "adapter" if r < 0.43 else "finetune")]
            parents.append(child)
        next_id = root + size


def hub_id(number: int) -> str:
    """The Hub id of model `number`: authors heavy-tailed, a few publish most."""
    author = int(number**0.5) % 5000
    return f"org{author}/model-{number}"


def records(n: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed + 1)
    licence: dict[int, str | None] = {}
    start = date(2023, 1, 1)
    for number, bases in synthetic(n, seed):
        if bases:
            inherited = licence[bases[0][0]]
            r = rng.random()
            own = inherited if r < 0.8 else ("apache-2.0" if r < 0.9 else None)
        else:
            own = ROOT_LICENSES[number % len(ROOT_LICENSES)]
        licence[number] = own
        tags = [f"base_model:{hub_id(b)}" for b, _ in bases]
        tags += [f"base_model:{TAG[rel]}:{hub_id(b)}" for b, rel in bases]
        if own:
            tags.append(f"license:{own}")
        yield {
            "id": hub_id(number),
            "author": hub_id(number).split("/")[0],
            "tags": tags,
            "cardData": {"license": own} if own else {},
            "downloads": int(rng.paretovariate(1.2)) - 1,
            "likes": int(rng.paretovariate(2.0)) - 1,
            "createdAt": (start + timedelta(days=number % 1000)).isoformat() + "T00:00:00.000Z",
        }


def write(path: Path, n: int, seed: int = 7) -> int:
    count = 0
    with path.open("w") as out:
        for record in records(n, seed):
            out.write(json.dumps(record) + "\n")
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    print(f"{write(args.path, args.models):,} models written to {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
