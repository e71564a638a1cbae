"""XX-INC §7.3, incubatee by incubatee: 孵化对象应是科技型创业团队或成立不满48个月的科技型小微企业（生物医药等特殊
行业领域企业可延长至60个月），其中工商注册地址在孵化载体物理空间内并实际入驻办公的小微企业不少于10家.

The carrier lists its incubatees; the facts the scheme's conditions read are derived from the list, so
each firm is held to the limit of its own sector (the limits themselves stay in the scheme's conditions).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Literal, Optional

from pydantic import BaseModel

from .calendar import months_between
from .errors import PolicyError


class Incubatee(BaseModel):
	name: str
	kind: Literal["Firm", "Team"] = "Firm"
	founded_on: Optional[date] = None
	special_sector: bool = False  # 生物医药等特殊行业领域
	on_site: bool = False  # 工商注册地址在载体物理空间内并实际入驻办公


def incubatee_facts(incubatees: Iterable[Incubatee], on: date) -> dict:
	"""The facts of XX-INC §7.2–7.3 from the list: how many incubatees, how many firms work on site, and the
	age in whole months of the oldest firm in an ordinary and in a special sector."""
	rows = list(incubatees)
	firms = [r for r in rows if r.kind == "Firm"]
	for r in firms:
		if r.founded_on is None:
			raise PolicyError(
				"founded_on",
				r.name,
				f"在孵企业“{r.name}”未填写成立日期",
				f"incubatee {r.name} has no founding date",
			)
		if r.founded_on > on:
			raise PolicyError(
				"founded_on",
				r.name,
				f"在孵企业“{r.name}”的成立日期晚于今天",
				f"incubatee {r.name} is founded in the future",
			)
	ordinary = [months_between(r.founded_on, on) for r in firms if not r.special_sector]
	special = [months_between(r.founded_on, on) for r in firms if r.special_sector]
	return {
		"incubatee_count": len(rows),
		"onsite_incubatees": sum(1 for r in firms if r.on_site),
		"has_ordinary_firms": bool(ordinary),
		"has_special_firms": bool(special),
		"oldest_incubatee_age_months": max(ordinary, default=0),
		"oldest_special_incubatee_age_months": max(special, default=0),
	}
