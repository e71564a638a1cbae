"""Reads the shipped data under the top-level `fixtures/` folder (reached through the package's
`fixtures` link, which is also where Frappe looks for an app's fixtures)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Union

from pydantic import ValidationError

from .calendar import DEFAULT_REGION, HolidayCalendar, WorkCalendar
from .errors import PolicyError
from .models import Scheme

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEMES_DIR = FIXTURES / "schemes"
CALENDARS_DIR = FIXTURES / "holiday_calendars"


def read_json(path: Union[str, Path]):
	# floats as Decimal: 0.1 points and 0.5 % must stay exact
	with open(path, encoding="utf-8") as f:
		return json.load(f, parse_float=Decimal)


def parse_scheme(data: dict, source: str = "") -> Scheme:
	try:
		return Scheme.model_validate(data)
	except ValidationError as e:
		first = e.errors()[0]
		loc = ".".join(str(p) for p in first["loc"]) or "scheme"
		raise PolicyError(
			loc,
			first.get("input") if not isinstance(first.get("input"), dict) else source,
			f"方案数据有误（{source}）：{loc}：{first['msg']}",
			f"invalid scheme data ({source}): {loc}: {first['msg']}",
		) from e


@cache
def load_schemes() -> dict[str, Scheme]:
	schemes = {}
	for path in sorted(SCHEMES_DIR.glob("*.json")):
		s = parse_scheme(read_json(path), path.name)
		schemes[s.code] = s
	return schemes


def get_scheme(code: str) -> Scheme:
	schemes = load_schemes()
	if code not in schemes:
		raise PolicyError(
			"scheme",
			code,
			f"未知的政策方案：{code}（可选：{'、'.join(schemes)}）",
			f"unknown scheme {code!r} (known: {', '.join(schemes)})",
		)
	return schemes[code]


@cache
def load_calendars() -> tuple[HolidayCalendar, ...]:
	return tuple(HolidayCalendar.model_validate(read_json(p)) for p in sorted(CALENDARS_DIR.glob("*.json")))


def work_calendar(region: str = DEFAULT_REGION) -> WorkCalendar:
	return WorkCalendar(load_calendars(), region)
