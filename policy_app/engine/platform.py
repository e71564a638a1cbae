"""The cooperation platform (XX-BASE §11–12) as the evaluation sees it: which rubric item a confirmed
platform record counts for, the judged points proposed from the record's size by the scheme's bands,
and the served-party / authority ratings aggregated into their score.

All of it is data of a `Platform Scoring Rule` record per scheme (fixture:
`fixtures/platform_scoring_rules/`): a kind row maps a record kind (a match outcome, an activity, a
resource…) to a rubric item and names the measure that sizes it; a band gives the points proposed for
a size range (or a category, such as a talent's degree) of that measure. The expert may still set any
figure within the item's range on the evaluation; these are proposals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import PolicyError, explain
from .models import RubricItem, Scheme

CENT = Decimal("0.01")
JUDGED = ("judged_each", "judged")


class KindMapping(BaseModel):
	"""A record kind of the platform and the rubric item it counts for."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	record_doctype: str
	kind: str
	item_code: str
	measure: str = ""  # the record's field that sizes it ("" = no size: the lowest points are proposed)


class PointsBand(BaseModel):
	"""Points proposed for one size range (from inclusive, to exclusive; 0 = no upper end) or one
	category of a measure."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	item_code: str
	measure: str = ""
	category: str = ""
	from_size: Decimal = Field(Decimal(0), ge=0)
	to_size: Decimal = Field(Decimal(0), ge=0)
	points: Decimal = Field(ge=0)

	def covers(self, size: Optional[Decimal], category: Optional[str]) -> bool:
		if self.category:
			return category is not None and str(category).strip() == self.category
		if size is None:
			return False
		return size >= self.from_size and (not self.to_size or size < self.to_size)


class PlatformRules(BaseModel):
	model_config = ConfigDict(extra="forbid", frozen=True)

	scheme: str
	rating_scale: int = Field(5, ge=2)
	kinds: list[KindMapping] = []
	bands: list[PointsBand] = []

	def mapping(self, record_doctype: str, kind: str) -> Optional[KindMapping]:
		for k in self.kinds:
			if k.record_doctype == record_doctype and k.kind == kind:
				return k
		return None


def _item(scheme: Scheme, code: str, where: str) -> RubricItem:
	for i in scheme.rubric_items:
		if i.code == code:
			return i
	raise PolicyError(
		where,
		code,
		f"{where}：评分项 {code} 不属于方案 {scheme.code}",
		f"{where}: {code} is not a rubric item of scheme {scheme.code}",
	)


def check_rules(scheme: Scheme, rules: PlatformRules) -> None:
	"""Refuse a rule set that could not be applied: unknown items, points outside an item's range,
	bands on items that are not judged, empty or overlapping ranges, a kind mapped twice."""
	seen_kinds = set()
	for n, k in enumerate(rules.kinds, 1):
		_item(scheme, k.item_code, f"kinds[{n}]")
		key = (k.record_doctype, k.kind)
		if key in seen_kinds:
			raise PolicyError(
				f"kinds[{n}]",
				k.kind,
				f"记录类别 {k.record_doctype}/{k.kind} 重复对应评分项",
				f"record kind {k.record_doctype}/{k.kind} is mapped twice",
			)
		seen_kinds.add(key)
	ranges: dict[tuple[str, str], list[PointsBand]] = {}
	categories = set()
	for n, b in enumerate(rules.bands, 1):
		where = f"bands[{n}]"
		item = _item(scheme, b.item_code, where)
		if item.mode not in JUDGED:
			raise PolicyError(
				where,
				b.item_code,
				f"{where}：评分项 {item.code} 按固定分值计分，不设建议分值档",
				f"{where}: item {item.code} has fixed points; it takes no bands",
			)
		if b.points < item.min_points or b.points > item.max_points:
			raise PolicyError(
				where,
				b.points,
				f"{where}：建议分值 {b.points} 不在评分项 {item.code} 的 {item.min_points}–{item.max_points} 分之间",
				f"{where}: {b.points} points lie outside {item.min_points}-{item.max_points} of item {item.code}",
			)
		if b.category:
			key = (b.item_code, b.measure, b.category)
			if key in categories:
				raise PolicyError(
					where,
					b.category,
					f"{where}：类别 {b.category} 重复",
					f"{where}: category {b.category} repeated",
				)
			categories.add(key)
			continue
		if b.to_size and b.to_size <= b.from_size:
			raise PolicyError(
				where,
				b.to_size,
				f"{where}：区间上限应大于下限",
				f"{where}: the upper end must be above the lower end",
			)
		ranges.setdefault((b.item_code, b.measure), []).append(b)
	for (code, measure), bands in ranges.items():
		ordered = sorted(bands, key=lambda b: b.from_size)
		for a, b in zip(ordered, ordered[1:], strict=False):
			if not a.to_size or a.to_size > b.from_size:
				raise PolicyError(
					"bands",
					code,
					f"评分项 {code} 的建议分值区间重叠（{measure or '—'}）",
					f"the bands of item {code} overlap ({measure or '-'})",
				)


def size_of(value: Any) -> Optional[Decimal]:
	"""A record's size as a number, or None when it has none (blank, not a number)."""
	if value is None or value == "" or isinstance(value, bool):
		return None
	try:
		d = Decimal(str(value))
	except (InvalidOperation, ValueError):
		return None
	return d if d.is_finite() else None


def propose_points(
	item: RubricItem, bands: Iterable[PointsBand], measure: str = "", value: Any = None
) -> Optional[Decimal]:
	"""Points proposed for one unit of a judged item: the band of the item and measure that covers the
	value (by category first, then by size); without one, the item's lowest points. Always within the
	item's range. None for items that are not judged."""
	if item.mode not in JUDGED:
		return None
	mine = [b for b in bands if b.item_code == item.code and b.measure == measure]
	category = None if value is None or value == "" else str(value).strip()
	size = size_of(value)
	chosen = next((b for b in mine if b.category and b.covers(None, category)), None)
	if chosen is None:
		chosen = next((b for b in mine if not b.category and b.covers(size, None)), None)
	proposed = chosen.points if chosen else item.min_points
	return min(max(proposed, item.min_points), item.max_points)


def aggregate_ratings(ratings: Iterable[Iterable[Any]], scale: int, max_points: Decimal) -> Optional[Decimal]:
	"""The mean of each rating's mean criterion, from a 1..`scale` form to 0..`max_points` points,
	to the cent (half up). None when nobody rated."""
	means = []
	for n, rating in enumerate(ratings, 1):
		scores = []
		for v in rating:
			d = size_of(v)
			if d is None or d != d.to_integral_value() or d < 1 or d > scale:
				raise PolicyError(
					f"ratings[{n}]",
					v,
					f"评价分应为 1 至 {scale} 的整数",
					f"a rating must be a whole number from 1 to {scale}",
				)
			scores.append(d)
		if not scores:
			raise PolicyError(f"ratings[{n}]", rating, "评价缺少分项", "a rating has no criteria")
		means.append(sum(scores) / len(scores))
	if not means:
		return None
	mean = sum(means) / len(means)
	return (mean * Decimal(max_points) / scale).quantize(CENT, rounding=ROUND_HALF_UP)


def _clean_row(row: dict, model: type[BaseModel]) -> dict:
	out = {}
	for name in model.model_fields:
		value = row.get(name)
		if value is None or value == "":
			continue
		out[name] = Decimal(str(value)) if isinstance(value, float) else value
	return out


def rules_from_record(record: dict) -> PlatformRules:
	"""Build the rules from a stored record (Frappe's `doc.as_dict()`) or a fixture file; a site's
	custom fields and Frappe's own row fields are left out."""
	scale = record.get("rating_scale") or 5
	try:
		return PlatformRules(
			scheme=record.get("scheme") or record.get("name") or "",
			rating_scale=scale,
			kinds=[KindMapping(**_clean_row(r, KindMapping)) for r in record.get("kinds") or []],
			bands=[PointsBand(**_clean_row(r, PointsBand)) for r in record.get("bands") or []],
		)
	except ValidationError as e:  # what is wrong, in the form's words and both languages
		if e.errors()[0].get("loc", ("",))[0] == "rating_scale":
			raise PolicyError(
				"rating_scale",
				scale,
				f"评分量表应为不小于 2 的整数（{scale}）",
				f"Rating Scale must be a whole number of at least 2 ({scale})",
			) from e
		zh, en = explain(e)
		raise PolicyError("rules", scale, zh, en) from e
