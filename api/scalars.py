"""Scalars every area shares: exact decimals for money, BigInt for token counts."""

from __future__ import annotations

from decimal import Decimal
from typing import NewType

import strawberry

DECIMAL_SCALAR = strawberry.scalar(
    name="Decimal",
    serialize=lambda value: format(value, "f"),
    parse_value=Decimal,
    description='An exact decimal number sent as a string in plain notation ("0.3", "10"); '
    "money is never rounded through binary floating point.",
)
BigInt = NewType("BigInt", int)
BIGINT_SCALAR = strawberry.scalar(
    name="BigInt",
    serialize=int,
    parse_value=int,
    description=(
        "A whole number that may exceed 32 bits (token counts), sent as a JSON number. "
        "Exact in JavaScript up to 2^53 (about 9e15)."
    ),
)

SCALAR_MAP = {BigInt: BIGINT_SCALAR, Decimal: DECIMAL_SCALAR}
