"""Figures a form computes from its own figures: the four shares of the XX-SVC 申报表 (附件).

The 申报表 asks for 专职人员占比, 本科及中级职称以上占比 (人员情况), 科技服务收入占营业收入的比例 and
利税总额占营业收入的比例 (上年度财务情况), each in %, next to the counts and amounts they are shares
of. They are computed here, never typed, so the printed form cannot disagree with its own counts.

本科及中级职称以上 are the staff with a bachelor's degree or an intermediate title or above, each person
once. The two counts alone fix that number only when one group holds the other (or one is empty);
otherwise the applicant gives it (`qualified`), and it must lie between the larger count and their sum.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from pydantic import BaseModel

from .errors import PolicyError

_CENT = Decimal("0.01")


def percent(part, whole) -> Decimal:
	"""part / whole in %, two places, half up; 0 when the whole is not given (0)."""
	part, whole = Decimal(str(part or 0)), Decimal(str(whole or 0))
	if not whole:
		return Decimal(0)
	return (part * 100 / whole).quantize(_CENT, rounding=ROUND_HALF_UP)


class ServiceFormFigures(BaseModel):
	"""The counts and amounts of the 申报表 the shares are of (amounts in yuan)."""

	staff_total: int = 0
	staff_fulltime: int = 0
	staff_bachelor: int = 0
	staff_mid_title: int = 0
	staff_qualified: int = 0  # 本科及中级职称以上, each person once; 0: not given
	revenue_total: Decimal = Decimal(0)  # 营业收入
	service_revenue: Decimal = Decimal(0)  # 科技服务收入
	profit_tax_total: Decimal = Decimal(0)  # 利税总额


class ServiceFormShares(BaseModel):
	staff_fulltime_ratio: Decimal
	staff_qualified_ratio: Decimal
	service_revenue_ratio: Decimal
	profit_tax_ratio: Decimal
	staff_qualified: int  # the count the share is of


def _not_above(field: str, value, limit, zh_part: str, zh_whole: str, en_part: str, en_whole: str):
	if value > limit:
		raise PolicyError(
			field,
			value,
			f"{zh_part}（{value}）不能多于{zh_whole}（{limit}）",
			f"{en_part} ({value}) cannot exceed {en_whole} ({limit})",
		)


def qualified_staff(f: ServiceFormFigures) -> Optional[int]:
	"""Staff with a bachelor's degree or an intermediate title or above, each once; None when the two
	counts leave it open and the applicant did not give it."""
	low, high = (
		max(f.staff_bachelor, f.staff_mid_title),
		min(f.staff_bachelor + f.staff_mid_title, f.staff_total),
	)
	if f.staff_qualified:
		if not low <= f.staff_qualified <= f.staff_bachelor + f.staff_mid_title:
			raise PolicyError(
				"staff_qualified",
				f.staff_qualified,
				f"本科及中级职称以上人数（{f.staff_qualified}）应在 {low} 至 "
				f"{f.staff_bachelor + f.staff_mid_title} 之间（本科以上 {f.staff_bachelor} 人，"
				f"中级职称以上 {f.staff_mid_title} 人，每人只计一次）",
				f"staff with a bachelor's or an intermediate title ({f.staff_qualified}) must lie between "
				f"{low} and {f.staff_bachelor + f.staff_mid_title} (bachelor {f.staff_bachelor}, "
				f"intermediate title {f.staff_mid_title}, each person once)",
			)
		return f.staff_qualified
	return low if low == high or not min(f.staff_bachelor, f.staff_mid_title) else None


def service_form_shares(f: ServiceFormFigures) -> ServiceFormShares:
	"""The four shares of the XX-SVC 申报表 (附件) from its own figures; a part larger than its whole
	is refused with both figures named."""
	for field in ("staff_total", "staff_fulltime", "staff_bachelor", "staff_mid_title", "staff_qualified"):
		if getattr(f, field) < 0:
			raise PolicyError(field, getattr(f, field), "人数不能为负数", "a head count cannot be negative")
	for field in ("revenue_total", "service_revenue", "profit_tax_total"):
		if getattr(f, field) < 0:
			raise PolicyError(field, getattr(f, field), "金额不能为负数", "an amount cannot be negative")
	_not_above(
		"staff_fulltime",
		f.staff_fulltime,
		f.staff_total,
		"专职人员",
		"总人数",
		"full-time staff",
		"total staff",
	)
	_not_above(
		"staff_bachelor",
		f.staff_bachelor,
		f.staff_total,
		"本科以上人数",
		"总人数",
		"bachelor or above",
		"total staff",
	)
	_not_above(
		"staff_mid_title",
		f.staff_mid_title,
		f.staff_total,
		"中级职称以上人数",
		"总人数",
		"intermediate title or above",
		"total staff",
	)
	_not_above(
		"staff_qualified",
		f.staff_qualified,
		f.staff_total,
		"本科及中级职称以上人数",
		"总人数",
		"qualified staff",
		"total staff",
	)
	if f.revenue_total:
		_not_above(
			"annual_service_revenue",
			f.service_revenue,
			f.revenue_total,
			"科技服务收入",
			"营业收入",
			"S&T service revenue",
			"operating revenue",
		)
	qualified = qualified_staff(f)
	if qualified is None:
		raise PolicyError(
			"staff_qualified",
			0,
			f"本科以上 {f.staff_bachelor} 人、中级职称以上 {f.staff_mid_title} 人可能有重合：请填写本科及中级职称以上人数"
			"（每人只计一次），以计算本科及中级职称以上占比",
			f"{f.staff_bachelor} with a bachelor's and {f.staff_mid_title} with an intermediate title may overlap: "
			"give the staff with either, each person once, for the qualified share",
		)
	return ServiceFormShares(
		staff_fulltime_ratio=percent(f.staff_fulltime, f.staff_total),
		staff_qualified_ratio=percent(qualified, f.staff_total),
		service_revenue_ratio=percent(f.service_revenue, f.revenue_total),
		profit_tax_ratio=percent(f.profit_tax_total, f.revenue_total),
		staff_qualified=qualified,
	)
