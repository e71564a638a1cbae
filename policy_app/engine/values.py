"""Whether a field's value changed, compared as the field's type and not as text.

A form sends what the browser holds and the database gives back what its column holds: 500000 from
the form, 500000.0 from a Currency column; "2026-03-02" from the form, a date from a Date column; 1 and
True for a Check. The guards that keep a field locked (the reward's computed amounts, a signed change
request, a state's editing role) compare the two through `same_value`, so an unchanged value sent back
by the form is never taken for an edit and a real edit always is.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

#: Frappe's field types stored as numbers (a Check is 0 or 1; an empty number is 0)
NUMERIC_TYPES = {"Int", "Float", "Currency", "Percent", "Check", "Rating"}
DATE_TYPES = {"Date"}
DATETIME_TYPES = {"Datetime"}
TIME_TYPES = {"Time"}
JSON_TYPES = {"JSON"}


def _number(value: Any) -> Decimal | str:
	if value is None or value == "":
		return Decimal(0)
	if isinstance(value, bool):
		return Decimal(int(value))
	try:
		return Decimal(str(value).strip().replace(",", ""))
	except InvalidOperation:
		return str(value)  # not a number: compared as the text it is, so any edit still shows


def _date(value: Any) -> date | str | None:
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	text = str(value).strip()
	try:
		return date.fromisoformat(text[:10])
	except ValueError:
		return text


def _datetime(value: Any) -> datetime | str | None:
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.replace(tzinfo=None)
	if isinstance(value, date):
		return datetime(value.year, value.month, value.day)
	text = str(value).strip()
	try:
		return datetime.fromisoformat(text).replace(tzinfo=None)
	except ValueError:
		return text


def _time(value: Any) -> timedelta | str | None:
	if value in (None, ""):
		return None
	if isinstance(value, timedelta):
		return value
	if isinstance(value, time):
		return timedelta(
			hours=value.hour, minutes=value.minute, seconds=value.second, microseconds=value.microsecond
		)
	text = str(value).strip()
	try:
		t = time.fromisoformat(text)
	except ValueError:
		return text
	return _time(t)


def _json(value: Any):
	"""A JSON field: the parsed value, whether it comes as text (the column) or parsed (a request)."""
	if value in (None, ""):
		return None
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


def _text(value: Any) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return str(value)


def normalise(fieldtype: str, value: Any):
	"""The value as its field type compares it."""
	if fieldtype in NUMERIC_TYPES:
		return _number(value)
	if fieldtype in DATE_TYPES:
		return _date(value)
	if fieldtype in DATETIME_TYPES:
		return _datetime(value)
	if fieldtype in TIME_TYPES:
		return _time(value)
	if fieldtype in JSON_TYPES:
		return _json(value)
	return _text(value)


def same_value(fieldtype: str, a: Any, b: Any) -> bool:
	"""True when `a` and `b` are the same value of a field of `fieldtype` (None, "" and an empty
	number alike; 500000 and 500000.0; a date and its ISO text; trailing text differences count)."""
	return normalise(fieldtype, a) == normalise(fieldtype, b)
