"""Numbers in reasons, tables and section scores are written as people write them."""

from decimal import Decimal

import pytest

from policy_app.engine.models import plain_number


@pytest.mark.parametrize(
	("value", "shown"),
	[
		(Decimal("12.50"), "12.5"),
		(Decimal("30.0"), "30"),
		(Decimal("1E+1"), "10"),
		(Decimal("0.00"), "0"),
		(Decimal("100"), "100"),
		(Decimal("4.33"), "4.33"),
		(Decimal("0.05"), "0.05"),
	],
)
def test_plain_number(value, shown):
	assert plain_number(value) == shown
