"""How a stated figure is met: the qualifier's rule, applied to the value
the data derives. Pure functions on decimals.

- plain: what the stated digits cover, rounded or cut: from half a unit
  of the last stated digit below to one unit above (4.21T covers 4.205T
  up to 4.22T); a rank, a count or a zero exactly.
- exact: as plain.
- about, estimated: within 10% of the stated value.
- nearly: at most the stated value (plus one unit), and at least 95% of it.
- over / under: strictly above / below.
- at-least / up-to: at or above / at or below (within one unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ABOUT = Decimal("0.10")  # relative tolerance of "about"
NEARLY = Decimal("0.05")  # how far below "nearly" may fall
QUALIFIERS = ("exact", "about", "estimated", "nearly", "over", "under", "at-least", "up-to")


@dataclass(frozen=True)
class Judgement:
    holds: bool
    difference: Decimal  # derived minus stated
    rule: str  # the rule applied, in words


def shown(value: Decimal) -> str:
    """A decimal for reading: no exponent, no trailing zeros, at most four
    decimals (the exact value stays in the API's fields)."""
    whole, dot, frac = format(value.normalize(), "f").partition(".")
    return f"{whole}.{frac[:4]}" if dot else whole


def unit_of(value: Decimal) -> Decimal:
    """One unit of the last digit a figure states.

    >>> unit_of(Decimal("4210000000000")), unit_of(Decimal("0.211")), unit_of(Decimal("17"))
    (Decimal('1E+10'), Decimal('0.001'), Decimal('1'))
    >>> unit_of(Decimal("0"))  # a zero is exact: free is free
    Decimal('0')
    """
    if value == 0:
        return Decimal(0)
    return Decimal(1).scaleb(value.normalize().as_tuple().exponent)


@dataclass(frozen=True)
class Range:
    """The values a stated figure covers: from `lo` to `hi` (None: open),
    `lo` left out for "over" and `hi` for "under"."""

    lo: Decimal | None
    hi: Decimal | None
    rule: str
    open_lo: bool = False
    open_hi: bool = False

    def holds(self, value: Decimal) -> bool:
        above = self.lo is None or (value > self.lo if self.open_lo else value >= self.lo)
        below = self.hi is None or (value < self.hi if self.open_hi else value <= self.hi)
        return above and below

    def meets(self, other: Range) -> bool:
        """Whether some value lies in both (two statements can both be true)."""
        lo = max((r.lo for r in (self, other) if r.lo is not None), default=None)
        hi = min((r.hi for r in (self, other) if r.hi is not None), default=None)
        if lo is None or hi is None:
            return True
        strict = any(r.lo == lo and r.open_lo for r in (self, other)) or any(
            r.hi == hi and r.open_hi for r in (self, other)
        )
        return lo < hi if strict else lo <= hi


def covered(stated: Decimal, qualifier: str | None, *, exact: bool = False) -> Range:
    """What `stated` covers as `qualifier` hedges it; `exact` for ranks and
    counts stated plainly.

    >>> covered(Decimal("4.21E12"), None).rule
    '4205000000000 to 4220000000000, as stated'
    >>> covered(Decimal("17"), "about").rule
    'about: within 10% of 17 (15.3 to 18.7)'
    >>> covered(Decimal("1.5"), "about").meets(covered(Decimal("1.12"), None))
    False
    """
    unit = unit_of(stated)
    if qualifier in (None, "exact"):
        if exact or unit == 0:
            return Range(stated, stated, f"exactly {shown(stated)}")
        lo, hi = stated - unit / 2, stated + unit
        return Range(lo, hi, f"{shown(lo)} to {shown(hi)}, as stated")
    if qualifier in ("about", "estimated"):
        room = abs(stated) * ABOUT
        lo, hi = stated - room, stated + room
        words = f"{qualifier}: within 10% of {shown(stated)} ({shown(lo)} to {shown(hi)})"
        return Range(lo, hi, words)
    if qualifier == "nearly":
        lo = stated * (1 - NEARLY)
        return Range(lo, stated + unit, f"nearly: from {shown(lo)} up to {shown(stated)}")
    if qualifier == "over":
        return Range(stated, None, f"over {shown(stated)}", open_lo=True)
    if qualifier == "under":
        return Range(None, stated, f"under {shown(stated)}", open_hi=True)
    if qualifier == "at-least":
        return Range(stated - unit, None, f"at least {shown(stated)}")
    if qualifier == "up-to":
        return Range(None, stated + unit, f"up to {shown(stated)}")
    raise ValueError(f"unknown qualifier '{qualifier}' (known: {', '.join(QUALIFIERS)})")


def judge(
    stated: Decimal, qualifier: str | None, derived: Decimal, *, exact: bool = False
) -> Judgement:
    """Whether `derived` meets `stated` as `qualifier` hedges it.

    >>> judge(Decimal("4.21E12"), None, Decimal("4.2149E12")).holds
    True
    >>> judge(Decimal("0"), None, Decimal("0.325")).holds
    False
    >>> judge(Decimal("13E12"), "nearly", Decimal("12.96E12")).holds
    True
    >>> judge(Decimal("1"), "over", Decimal("0.3451")).holds
    False
    """
    found = covered(stated, qualifier, exact=exact)
    return Judgement(found.holds(derived), derived - stated, found.rule)
