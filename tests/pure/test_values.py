"""A guarded field is compared as its type (issue #19 item 1): what the form sends back unchanged is
no edit, whatever the type the database gives back; a real edit always is one."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from policy_app.engine.values import same_value


@pytest.mark.parametrize(
	"fieldtype,sent,stored",
	[
		("Currency", 500000, 500000.0),  # the reward's 核算金额: the form's 500000, the column's 500000.0
		("Currency", "500000", Decimal("500000.00")),
		("Currency", "500,000.00", 500000),
		("Float", 0.3, Decimal("0.30")),
		("Percent", None, 0.0),
		("Int", "2025", 2025),
		("Int", 2025.0, 2025),
		("Check", True, 1),
		("Check", None, 0),
		("Date", "2026-03-02", date(2026, 3, 2)),
		("Date", "", None),
		("Date", datetime(2026, 3, 2, 0, 0), date(2026, 3, 2)),
		("Datetime", "2026-03-02 09:30:00", datetime(2026, 3, 2, 9, 30)),
		("Datetime", "2026-03-02 09:30:00.000000", datetime(2026, 3, 2, 9, 30)),
		("Time", "09:30:00", timedelta(hours=9, minutes=30)),
		("Time", time(9, 30), timedelta(hours=9, minutes=30)),
		("Data", None, ""),
		("Data", "李娜", "李娜"),
		("Small Text", "", None),
		("Data", 2025, "2025"),
		("Data", 2025.0, "2025"),
		("Link", "CN", "CN"),
		("JSON", '{"a": 1, "b": [2, 3]}', {"b": [2, 3], "a": 1}),
		("JSON", "", None),
	],
)
def test_an_unchanged_value_is_the_same_whatever_its_python_type(fieldtype, sent, stored):
	assert same_value(fieldtype, sent, stored)


@pytest.mark.parametrize(
	"fieldtype,sent,stored",
	[
		("Currency", 500000.01, 500000.0),
		("Currency", 420000, Decimal("500000")),
		("Currency", "abc", 0),
		("Int", 2026, 2025),
		("Check", 1, 0),
		("Date", "2026-03-03", date(2026, 3, 2)),
		("Date", "2026-03-02", None),
		("Datetime", "2026-03-02 09:31:00", datetime(2026, 3, 2, 9, 30)),
		("Time", "09:31", timedelta(hours=9, minutes=30)),
		("Data", "李娜 ", "李娜"),
		("Data", "张伟", "李娜"),
		("Small Text", "改写理由", None),
		("JSON", '{"a": 1}', '{"a": 2}'),
	],
)
def test_a_real_edit_is_always_an_edit(fieldtype, sent, stored):
	assert not same_value(fieldtype, sent, stored)
