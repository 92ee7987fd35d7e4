"""The close calls of entity resolution, page by page: pairs of models the
resolution stage kept apart though they may be one, best score first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_
from sqlmodel import Session, col, func, select
from tokenatlas.graph.analytics.catalog import Page, check_first, decode_cursor
from tokenatlas.graph.errors import TokenAtlasError
from tokenatlas.graph.store.tables import MergeCandidate


@dataclass
class CandidateRow:
    """A stored close call, with the keyset position its cursor carries."""

    row: MergeCandidate

    @property
    def position(self) -> str:
        """Where the row stands in the best-first order (its cursor's content)."""
        return f"{self.row.score!r}:{self.row.id}"


def _position(cursor: str) -> tuple[float, int]:
    text = decode_cursor(cursor)
    score, _, ident = text.partition(":")
    try:
        return float(score), int(ident)
    except ValueError as exc:
        raise TokenAtlasError(f"'{cursor}' is not a mergeCandidates cursor") from exc


def merge_candidates(
    session: Session, *, min_score: float, first: int, after: str | None
) -> Page[CandidateRow]:
    """Close calls scoring at least `min_score` (0..100), best first."""
    check_first(first)
    if not 0 <= min_score <= 100:
        raise TokenAtlasError(f"'minScore' is {min_score}; a score lies between 0 and 100")
    conds = [col(MergeCandidate.score) >= min_score]
    total = session.exec(select(func.count()).select_from(MergeCandidate).where(*conds)).one()
    query = select(MergeCandidate).where(*conds)
    if after:
        score, ident = _position(after)
        query = query.where(
            or_(
                col(MergeCandidate.score) < score,
                and_(col(MergeCandidate.score) == score, col(MergeCandidate.id) > ident),
            )
        )
    order = (col(MergeCandidate.score).desc(), col(MergeCandidate.id))
    rows = [CandidateRow(r) for r in session.exec(query.order_by(*order).limit(first + 1))]
    return Page(rows[:first], len(rows) > first, after is not None, total)
