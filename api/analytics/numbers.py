"""How analytics numbers cross the API: money as plain decimal strings,
arguments sent as floats turned into exact decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from tokenatlas.graph.errors import TokenAtlasError

MICRO = Decimal("0.000001")


def plain(value: Decimal | None) -> Decimal | None:
    """A decimal without exponent notation ('125', not '1.25E+2')."""
    if value is None:
        return None
    return Decimal(format(value.normalize(), "f"))


def micro(value: Decimal | None) -> Decimal | None:
    """Rounded half-even to 6 decimal places."""
    if value is None:
        return None
    return plain(value.quantize(MICRO, rounding=ROUND_HALF_EVEN))


def exact(name: str, value: float | None) -> Decimal | None:
    """An argument sent as a float, as the decimal it was written as."""
    if value is None:
        return None
    number = Decimal(repr(value))
    if not number.is_finite():
        raise TokenAtlasError(f"'{name}' must be a finite number")
    return number
