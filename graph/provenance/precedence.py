"""Which value wins when sources disagree, and why.

Every value is kept with its source. The preferred one is the one of the
lowest tier; within a tier, the most recent source; then the first stored.

- 1 CURATED: tokenatlas's own reviewed catalog (seeds/models.yaml...).
- 2 VENDOR: the vendor's own statement, as a catalogue cites it (a
  models.dev score whose source URL is the vendor's model card).
- 3 CATALOGUE: curated public catalogues and price lists (models.dev,
  Epoch AI, genai-prices).
- 4 PRESS: figures articles state, rounded and often second-hand (the
  articles in seeds/articles).
- 5 LEADERBOARD: scraped leaderboards and rankings (Open LLM Leaderboard,
  LMArena, OpenRouter rankings).
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum


class Tier(IntEnum):
    CURATED = 1
    VENDOR = 2
    CATALOGUE = 3
    PRESS = 4
    LEADERBOARD = 5


REASONS = {
    Tier.CURATED: "curated seed (tier 1: tokenatlas's reviewed data)",
    Tier.VENDOR: "the vendor's own statement (tier 2)",
    Tier.CATALOGUE: "a catalogue (tier 3)",
    Tier.PRESS: "a press article (tier 4)",
    Tier.LEADERBOARD: "a scraped leaderboard (tier 5)",
}


def preference_key(tier: int, source_date: date | None, row_id: int) -> tuple:
    """Sort key: the smallest is preferred."""
    return (tier, -(source_date.toordinal() if source_date else 0), row_id)


def reason(tier: int, *, contested: bool) -> str:
    text = REASONS.get(Tier(tier), f"tier {tier}")
    return f"preferred: {text}" + (", outranks the other sources" if contested else "")
