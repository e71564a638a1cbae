"""Pure tier: the engine alone, no Frappe site."""

from decimal import Decimal

import pytest

from policy_app.engine import get_scheme, work_calendar


@pytest.fixture(scope="session")
def cal():
	return work_calendar("CN")


@pytest.fixture(scope="session")
def schemes():
	return {
		code: get_scheme(code)
		for code in ("XX-BASE", "ZJ-BASE", "CQ-BASE", "QD-BASE", "XX-JBGS", "XX-SVC", "XX-INC")
	}


def D(x) -> Decimal:
	return Decimal(str(x))
