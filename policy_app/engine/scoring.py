"""Rubric scoring, grading and the cohort step of an evaluation round.

Per record: item → section (capped at the section's maximum) → total (+ bonus) → grade from the
bands → gates ("outputs below 50 cannot be 优秀", waived for an outstanding contribution where the
gate allows it). Per cohort, in this order: top-P % promotion (XX-INC §11), then share ceilings
(XX-BASE §16: 优秀 + 良好 ≤ 40 %), then history (consecutive fails, medal tiers) and rewards.

Ranking and ties: records are ordered by total, then by the quota's tie-breaker sections in the
order given; a share ceiling first orders by grade (a record a gate already held to 良好 does not
keep its place ahead of an 优秀), then the same way. Records still equal are treated alike: a ceiling keeps a tied group only if the whole
group fits (the ceiling is never exceeded), a promotion promotes the whole group if its shared rank is
inside the top P % (no one equal to a promoted record is left out). Limits are P % × cohort rounded as
the scheme's `quota_rounding` says: floor by default (40 % of a cohort of two is no place).

What the engine decides is structured data: every `Change` names its kind (`step`: gate, quota,
history, medal), the scheme row that decided it (`rule`), the article, and for a history rule the
`action` the bureau is asked to confirm. Callers read those fields, never the text.
"""

from __future__ import annotations

import gc
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .errors import PolicyError
from .models import GradeBand, Quota, RubricItem, Scheme, plain_number, split_codes
from .money import Award, Claim, compute_awards, compute_claim

ItemValue = Union[bool, int, Decimal, str, list]


class EvaluationInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	record: str
	organisation: str = ""
	year: int = 0
	items: dict[str, Any] = {}
	grade: Optional[str] = None  # schemes whose experts award the grade directly (ZJ, CQ, QD, XX-SVC)
	outstanding: bool = False  # XX-BASE §17 outstanding contribution: exempt from exemptable gates
	outstanding_reason: str = ""
	previous_grades: list[str] = []  # final grades of earlier cycles, oldest first
	medal_level: int = Field(0, ge=0)
	paid_once: list[str] = []  # once-only reward rules this organisation already received
	claims: list[Claim] = []  # other matters to reward in the same year
	adjustment: Decimal = Decimal(0)  # points added to the total (XX-SVC §10 events: events_adjustment)


class ScoreCard(BaseModel):
	items: dict[str, Decimal]
	sections: dict[str, Decimal]
	uncapped_sections: dict[str, Decimal]
	total: Decimal


#: what a history rule asks the bureau to do, weakest first: one run leads to the strongest alone
ACTIONS: tuple[str, ...] = ("warn", "rectify", "revoke")
Action = Literal["warn", "rectify", "revoke"]


class Change(BaseModel):
	"""One decision of the engine. `step` is its kind and row ("gate:outputs_50", "quota:top_share",
	"history:fail_twice:revoke", "medal") for people and logs; code reads the fields."""

	step: str
	from_grade: Optional[str]
	to_grade: Optional[str]
	reason_zh: str
	reason_en: str
	rule: str = ""  # code of the gate, quota, history rule or medal tier that decided
	article: str = ""
	action: Optional[Action] = None  # history rules only: the proposal to the bureau
	ban_years: int = 0  # history rules: years without a new application after a revocation

	@property
	def kind(self) -> str:
		return self.step.split(":", 1)[0]


class CohortResult(BaseModel):
	record: str
	organisation: str
	card: ScoreCard
	raw_grade: str
	final_grade: str
	changes: list[Change] = []
	rank: int = 0
	medal_level: int = 0
	medal: Optional[str] = None
	actions: list[Change] = []  # revoke / rectify proposals from the history rules
	awards: list[Award] = []

	@property
	def reward_total(self) -> Decimal:
		return sum((a.amount for a in self.awards if not a.dropped), Decimal(0))

	def reason(self, lang: str = "zh") -> str:
		parts = [c.reason_zh if lang.startswith("zh") else c.reason_en for c in self.changes + self.actions]
		return "；".join(parts) if lang.startswith("zh") else "; ".join(parts)


# ---- one record


#: the matter of a grade reward (the year's evaluation result), the key same-matter awards are weighed by
GRADE_MATTER = "grade:{year}"


def grade_matter(year: int) -> str:
	return GRADE_MATTER.format(year=year)


def matter_label(matter: str, zh: bool = True) -> str:
	"""What a person reads for a reward's matter: a grade reward's key reads as its year's evaluation
	result; any other matter is already the words the bureau or the project gave it."""
	prefix = GRADE_MATTER.split("{", 1)[0]
	year = matter[len(prefix) :] if matter and matter.startswith(prefix) else ""
	if year.isdigit():
		return f"{year}年度考核评价结果" if zh else f"{year} evaluation result"
	return matter or ""


def _dec(field: str, v: Any) -> Decimal:
	if isinstance(v, bool):
		return Decimal(int(v))
	try:
		d = Decimal(str(v).strip())
	except (InvalidOperation, ValueError):
		raise PolicyError(field, v, f"“{field}”应为数字", f"{field} must be a number") from None
	if not d.is_finite():
		raise PolicyError(field, v, f"“{field}”应为数字", f"{field} must be a number")
	return d


def _count(field: str, v: Any) -> int:
	d = _dec(field, v)
	if d != d.to_integral_value():
		raise PolicyError(field, v, f"“{field}”应为整数", f"{field} must be a whole number")
	if d < 0:
		raise PolicyError(field, v, f"“{field}”不能为负数", f"{field} cannot be negative")
	return int(d)


def _in_range(item: RubricItem, field: str, v: Any) -> Decimal:
	d = _dec(field, v)
	if d < item.min_points or d > item.max_points:
		raise PolicyError(
			field,
			v,
			f"“{item.label_zh}”每项得分应在 {item.min_points}–{item.max_points} 分之间",
			f"{item.label_en or item.code}: points must lie between {item.min_points} and {item.max_points}",
		)
	return d


def item_points(item: RubricItem, value: Any) -> Decimal:
	field = f"items.{item.code}"
	if value is None or value == "":
		return Decimal(0)
	if item.mode == "flat":
		pts = item.unit_points if _count(field, value) else Decimal(0)
	elif item.mode == "per_unit":
		pts = item.unit_points * _count(field, value)
	elif item.mode == "judged_each":
		values = value if isinstance(value, list) else [x for x in str(value).replace(";", " ").split() if x]
		pts = sum((_in_range(item, field, x) for x in values), Decimal(0))
	else:
		pts = _in_range(item, field, value)
	if item.item_cap is not None:
		pts = min(pts, item.item_cap)
	return pts


#: one rubric row of a stored evaluation: (item code, quantity, judged points or None[, the points
#: of each unit as text or a list]); the fourth element is optional
RubricRow = tuple


def _unknown_item(scheme: Scheme, code: str, row: Optional[int] = None) -> PolicyError:
	where_zh, where_en = (f"第 {row} 行：", f"Row {row}: ") if row else ("", "")
	return PolicyError(
		f"items.{code}",
		code,
		f"{where_zh}评分项 {code} 不属于方案 {scheme.code}",
		f"{where_en}{code} is not an item of scheme {scheme.code}",
	)


#: what separates the points of the units of one row: ; ； , ， 、 and spaces
_SEPARATORS = str.maketrans({c: " " for c in ";；,，、"})


def unit_scores(text: Any) -> list[Decimal]:
	"""“3；2；2.5” (or a list) as the points of each unit of a row, in order. Nothing is [] ."""
	if text is None or text == "":
		return []
	parts = text if isinstance(text, (list, tuple)) else str(text).translate(_SEPARATORS).split()
	return [_dec("unit_scores", x) for x in parts]


def _unpack(row) -> tuple[str, int, Optional[Decimal], Any]:
	code, qty, judged = row[0], row[1], row[2]
	return code, qty, judged, (row[3] if len(row) > 3 else None)


def row_units(item: RubricItem, qty: int, judged: Optional[Decimal], scores: Any = None) -> int:
	"""How many units a row of an item judged per unit holds: its quantity (the district's count); a row
	with points but no quantity (one row per source record, as the platform and older rows have it) is
	one unit."""
	if qty > 0:
		return qty
	return 1 if (judged or unit_scores(scores)) else 0


def row_points(item: RubricItem, qty: int, judged: Optional[Decimal], scores: Any = None) -> list[Decimal]:
	"""The points of each unit of a judged-per-unit row: the points given one by one, else the judged
	points for each of its units (4 events at 2 points each: 2 + 2 + 2 + 2); no points yet (0 or
	nothing: the experts have not scored the district's count) is []."""
	given = unit_scores(scores)
	if given:
		return given
	if judged:
		return [judged] * row_units(item, qty, judged)
	return []


def rubric_values(scheme: Scheme, rows: Iterable[RubricRow]) -> dict[str, Any]:
	"""Rows of one item add up by the item's mode: per-unit items sum their quantities (count × the
	unit's points), items judged per unit take the points of each unit of each row (row_points; a row
	with a count and no points yet scores nothing), flat items count as achieved when any row has a
	quantity, a judged item takes the row's points."""
	known = {i.code: i for i in scheme.rubric_items}
	values: dict[str, Any] = {}
	for row in rows:
		code, qty, judged, scores = _unpack(row)
		item = known.get(code)
		if item is None:
			raise _unknown_item(scheme, code)
		if item.mode == "flat":
			values[code] = max(values.get(code, 0), 1 if qty > 0 else 0)
		elif item.mode == "per_unit":
			values[code] = values.get(code, 0) + qty
		elif item.mode == "judged_each":
			pts = row_points(item, qty, judged, scores)
			if pts:
				values.setdefault(code, []).extend(pts)
		elif judged or code not in values:
			values[code] = judged if judged is not None else Decimal(0)
	return values


def _range_error(item: RubricItem, n: int, value) -> PolicyError:
	lo, hi = plain_number(item.min_points), plain_number(item.max_points)
	return PolicyError(
		f"items.{item.code}",
		str(value),
		f"第 {n} 行：“{item.label_zh}”得分应在 {lo}–{hi} 分之间",
		f"Row {n}: {item.label_en or item.code} must lie between {lo} and {hi} points",
	)


def check_rubric_rows(scheme: Scheme, rows: Iterable[tuple]) -> None:
	"""Row by row (row number, item code, quantity, judged points[, points of each unit]): the item is
	the scheme's, the quantity is not negative, judged points lie in the item's range (0 is "not judged
	yet": the district enters its counts before the experts score), and points given unit by unit are
	one per unit of the row's quantity."""
	known = {i.code: i for i in scheme.rubric_items}
	for row in rows:
		n, code, qty, judged = row[0], row[1], row[2], row[3]
		scores = row[4] if len(row) > 4 else None
		item = known.get(code)
		if item is None:
			raise _unknown_item(scheme, code, n)
		if qty < 0:
			raise PolicyError(
				f"items.{code}",
				qty,
				f"第 {n} 行：数量不能为负数",
				f"Row {n}: the quantity cannot be negative",
			)
		if item.mode in ("judged_each", "judged") and judged:
			if judged < item.min_points or judged > item.max_points:
				raise _range_error(item, n, judged)
		try:
			given = unit_scores(scores)
		except PolicyError:
			raise PolicyError(
				f"items.{code}",
				str(scores),
				f"第 {n} 行：“{item.label_zh}”的各项得分应为数字，用分号分隔（如 3；2；2.5）",
				f"Row {n}: the points per unit of {item.label_en or item.code} must be numbers separated"
				" by semicolons (e.g. 3; 2; 2.5)",
			) from None
		if not given:
			continue
		if item.mode != "judged_each":
			raise PolicyError(
				f"items.{code}",
				str(scores),
				f"第 {n} 行：“{item.label_zh}”不按单位评分，不填写各项得分",
				f"Row {n}: {item.label_en or item.code} is not scored unit by unit",
			)
		if len(given) != qty:
			raise PolicyError(
				f"items.{code}",
				str(scores),
				f"第 {n} 行：“{item.label_zh}”数量为 {qty}，应填写 {qty} 个得分（现有 {len(given)} 个）",
				f"Row {n}: {item.label_en or item.code} has a quantity of {qty}, so {qty} points are"
				f" needed ({len(given)} given)",
			)
		for x in given:
			if x < item.min_points or x > item.max_points:
				raise _range_error(item, n, plain_number(x))


def _construct_fast(cls, **values):
	o = cls.__new__(cls)
	object.__setattr__(o, "__dict__", values)
	object.__setattr__(o, "__pydantic_fields_set__", set(values))
	object.__setattr__(o, "__pydantic_extra__", None)
	object.__setattr__(o, "__pydantic_private__", None)
	return o


def _pick_constructor():
	"""model_construct without its per-field bookkeeping, for models whose every field the engine
	fills itself (half the time of model_construct on pydantic 2.7). Used only when it builds exactly
	what model_construct builds on the pydantic installed; otherwise model_construct it is."""
	probe = {"items": {"a": Decimal(1)}, "sections": {}, "uncapped_sections": {}, "total": Decimal(1)}
	try:
		fast, slow = _construct_fast(ScoreCard, **dict(probe)), ScoreCard.model_construct(**dict(probe))
		if (
			fast == slow
			and fast.model_dump() == slow.model_dump()
			and fast.model_fields_set == slow.model_fields_set
		):
			return _construct_fast
	except Exception:
		pass
	return lambda cls, **values: cls.model_construct(**values)


_construct = _pick_constructor()


class _Rubric:
	"""A scheme's rubric laid out once per cohort: grading 10,000 records walks it 10,000 times."""

	def __init__(self, scheme: Scheme):
		self.items = [(i.code, i, i.section) for i in scheme.rubric_items]
		self.codes = [i.code for i in scheme.rubric_items]
		self.by_code = {i.code: (i, i.section) for i in scheme.rubric_items}
		self.section_codes = [s.code for s in scheme.rubric_sections]
		self.known = {i.code for i in scheme.rubric_items}
		self.sections = [(s.code, s.max_points) for s in scheme.rubric_sections]
		self.bands = scheme.bands_best_first()
		self.memo: dict[tuple, Decimal] = {}  # lives as long as the cohort: never shared between calls

	def points(self, code: str, item: RubricItem, value: Any) -> Decimal:
		"""item_points, remembered per (item, value) for text values and lists of text (what forms and
		CSV give): counts, flags and the experts' per-unit points repeat across a cohort. Other types
		are computed every time (Decimal("1.0") equals 1 but must keep its own exponent)."""
		if type(value) is list:
			key = (code, tuple(value))
			if not all(type(x) is str for x in key[1]):
				return item_points(item, value)
		elif type(value) is str:
			key = (code, value)
		else:
			return item_points(item, value)
		pts = self.memo.get(key)
		if pts is None:
			pts = self.memo[key] = item_points(item, value)
		return pts


_ZERO = Decimal(0)


def score(scheme: Scheme, inp: EvaluationInput, rubric: Optional[_Rubric] = None) -> ScoreCard:
	rubric = rubric or _Rubric(scheme)
	# only the items a record fills are walked; the others score nothing
	items: dict[str, Decimal] = dict.fromkeys(rubric.codes, _ZERO)
	uncapped = dict.fromkeys(rubric.section_codes, _ZERO)
	memo, by_code = rubric.memo, rubric.by_code
	for code, value in inp.items.items():
		entry = by_code.get(code)
		if entry is None:
			raise PolicyError(
				f"items.{code}",
				code,
				f"评分项 {code} 不属于方案 {scheme.code}",
				f"{code} is not an item of scheme {scheme.code}",
			)
		if value is None or value == "":  # an item left empty scores nothing (item_points says the same)
			continue
		# the common cases, inline: text from forms and CSV, and the experts' lists of points
		kind = type(value)
		if kind is str:
			pts = memo.get((code, value))
		elif kind is list:
			try:
				pts = memo.get((code, tuple(value)))
			except TypeError:  # something unhashable in the list: item_points says what is wrong
				pts = None
		else:
			pts = None
		if pts is None:
			pts = rubric.points(code, entry[0], value)
		items[code] = pts
		uncapped[entry[1]] += pts
	sections = {
		code: (min(uncapped[code], cap) if cap is not None else uncapped[code])
		for code, cap in rubric.sections
	}
	# every value is a Decimal computed above: construct without re-validating 10,000 times
	return _construct(
		ScoreCard,
		items=items,
		sections=sections,
		uncapped_sections=uncapped,
		total=sum(sections.values(), _ZERO) + inp.adjustment,
	)


def band_for(scheme: Scheme, total: Decimal, bands: Optional[list[GradeBand]] = None) -> GradeBand:
	for b in bands or scheme.bands_best_first():
		if b.contains(total):
			return b
	raise PolicyError(
		"total", str(total), f"总分 {total} 不在任何等次区间内", f"total {total} falls in no grade band"
	)


def _below(scheme: Scheme, grade: str) -> str:
	"""The best grade worse than `grade`."""
	rank = scheme.band(grade).grade_rank
	worse = [b for b in scheme.bands_best_first() if b.grade_rank > rank]
	return worse[0].grade if worse else grade


def apply_gates(scheme: Scheme, card: ScoreCard, grade: str, outstanding: bool) -> tuple[str, list[Change]]:
	changes: list[Change] = []
	moved = True
	while moved:
		moved = False
		for g in scheme.gates:
			blocked = scheme.band(g.blocked_grade)
			current = scheme.band(grade)
			if card.sections.get(g.section, Decimal(0)) >= g.below or current.grade_rank > blocked.grade_rank:
				continue
			sec = scheme.section(g.section)
			if g.exemptable and outstanding:
				if not any(c.step == f"gate:{g.code}" for c in changes):
					changes.append(
						Change(
							step=f"gate:{g.code}",
							rule=g.code,
							article=g.article,
							from_grade=grade,
							to_grade=grade,
							reason_zh=f"{g.article}：“{sec.label_zh}”得分低于 {g.below} 分，因有突出贡献不受限制",
							reason_en=f"{g.article}: {sec.label_en or sec.code} below {g.below} waived for outstanding contribution",
						)
					)
				continue
			new = _below(scheme, g.blocked_grade)
			changes.append(
				Change(
					step=f"gate:{g.code}",
					rule=g.code,
					article=g.article,
					from_grade=grade,
					to_grade=new,
					reason_zh=f"{g.article}：“{sec.label_zh}”得分 {plain_number(card.sections[g.section])} 低于 {plain_number(g.below)} 分，不得评为“{blocked.label_zh}”",
					reason_en=f"{g.article}: {sec.label_en or sec.code} {plain_number(card.sections[g.section])} below {plain_number(g.below)} cannot be {blocked.label_en or blocked.grade}",
				)
			)
			grade, moved = new, True
	return grade, changes


# ---- the cohort


def _sort_key(scheme: Scheme, r: CohortResult, q: Quota, by_grade: bool) -> tuple:
	head = (-scheme.band(r.final_grade).grade_rank,) if by_grade else ()
	return (
		head
		+ (r.card.total,)
		+ tuple(r.card.sections.get(s, Decimal(0)) for s in split_codes(q.tie_breakers))
	)


def _tie_groups(
	scheme: Scheme, results: list[CohortResult], q: Quota, by_grade: bool = False
) -> list[list[CohortResult]]:
	# each record's key computed once (sorted() is stable, so equal keys keep their input order)
	keyed = sorted(
		((_sort_key(scheme, r, q, by_grade), r) for r in results), key=lambda kr: kr[0], reverse=True
	)
	groups: list[list[CohortResult]] = []
	last = None
	for k, r in keyed:
		if groups and k == last:
			groups[-1].append(r)
		else:
			groups.append([r])
		last = k
	return groups


#: the scheme's quota_rounding -> decimal rounding of P % × cohort
_ROUNDING = {"floor": "ROUND_FLOOR", "half_up": "ROUND_HALF_UP", "ceiling": "ROUND_CEILING"}


def quota_places(scheme: Scheme, n: int, percent: Decimal) -> int:
	"""How many of `n` records P % lets through, rounded as the scheme says (floor unless set)."""
	exact = Decimal(n) * percent / Decimal(100)
	return int(exact.to_integral_value(rounding=_ROUNDING[scheme.quota_rounding]))


def _promote(scheme: Scheme, results: list[CohortResult], q: Quota) -> None:
	limit = quota_places(scheme, len(results), q.percent)
	to = scheme.band(q.to_grade)
	floor_rank = scheme.band(q.min_grade).grade_rank if q.min_grade else None
	position = 0
	for group in _tie_groups(scheme, results, q):
		shared_rank = position + 1
		position += len(group)
		if shared_rank > limit:
			break
		for r in group:
			cur = scheme.band(r.final_grade)
			if cur.grade_rank <= to.grade_rank or (floor_rank is not None and cur.grade_rank > floor_rank):
				continue
			r.changes.append(
				Change(
					step=f"quota:{q.code}",
					rule=q.code,
					article=q.article,
					from_grade=r.final_grade,
					to_grade=to.grade,
					reason_zh=f"{q.article}：分数位列前 {plain_number(q.percent)}%（第 {shared_rank} 名，共 {len(results)} 家），调整为“{to.label_zh}”",
					reason_en=f"{q.article}: in the top {plain_number(q.percent)}% (rank {shared_rank} of {len(results)}), raised to {to.label_en or to.grade}",
				)
			)
			r.final_grade = to.grade


def _ceiling(scheme: Scheme, results: list[CohortResult], q: Quota) -> None:
	grades = set(split_codes(q.grades))
	limit = quota_places(scheme, len(results), q.percent)
	inside = [r for r in results if r.final_grade in grades]
	if len(inside) <= limit:
		return
	worst_rank = max(scheme.band(g).grade_rank for g in grades)
	below = [b for b in scheme.bands_best_first() if b.grade_rank > worst_rank]
	if not below:
		raise PolicyError(
			"quota",
			q.code,
			"限额之外没有可降入的等次",
			f"quota {q.code}: no grade below {q.grades} to demote to",
		)
	target = below[0]
	kept = 0
	full = False
	for group in _tie_groups(scheme, inside, q, by_grade=True):
		if not full and kept + len(group) <= limit:
			kept += len(group)
			continue
		full = True
		tied = len(group) > 1 and kept < limit
		for r in group:
			r.changes.append(
				Change(
					step=f"quota:{q.code}",
					rule=q.code,
					article=q.article,
					from_grade=r.final_grade,
					to_grade=target.grade,
					reason_zh=f"{q.article}：{'、'.join(scheme.band(g).label_zh for g in split_codes(q.grades))}合计不超过 {plain_number(q.percent)}%（{len(results)} 家中至多 {limit} 家）"
					+ ("，同分并列无法全部容纳" if tied else "")
					+ f"，调整为“{target.label_zh}”",
					reason_en=f"{q.article}: {' + '.join(split_codes(q.grades))} at most {plain_number(q.percent)}% ({limit} of {len(results)})"
					+ (", tied scores do not all fit" if tied else "")
					+ f"; lowered to {target.label_en or target.grade}",
				)
			)
			r.final_grade = target.grade


def history_actions(scheme: Scheme, event: str, run: int, grade: Optional[str] = None) -> list[Change]:
	"""What `run` consecutive occurrences of `event` lead to under the scheme's history rules: the
	strongest outcome alone (revoke over rectify over warn), so a record gets one outcome per cycle —
	a second fail in a row revokes (QD §15(一): no second rectification; ZJ §18: no reminder beside the
	revocation). Of the rules giving that outcome, the one for the longest run decides.

	event "grade" with the grade of the run: two 不合格 in a row ⇒ revoke (XX-BASE §16, ZJ §18 …);
	the other events are recorded by the caller: "absent" (did not take part in an evaluation it was
	due in, XX-INC §10, QD §15), "report_late" (QD §15: two years running ⇒ revoke), "report_missing"
	(ZJ §22). Returns an empty list or a list of one.
	"""
	if event not in ("grade", "absent", "report_late", "report_missing"):
		raise PolicyError("event", event, f"未知的事件类型：{event}", f"unknown history event {event!r}")
	if run < 0:
		raise PolicyError(
			"run", run, "连续次数不能为负数", "the number of consecutive events cannot be negative"
		)
	matching = [
		h
		for h in scheme.history_rules
		if h.event == event and (event != "grade" or h.grade == grade) and run >= h.consecutive
	]
	if not matching:
		return []
	h = max(matching, key=lambda h: (ACTIONS.index(h.action), h.consecutive))
	ban = f"，{h.ban_years} 年内不得再次申报" if h.ban_years else ""
	ban_en = f", no new application for {h.ban_years} years" if h.ban_years else ""
	verb = {"revoke": "取消资格", "rectify": "限期整改", "warn": "提醒督促"}[h.action]
	if event == "grade":
		zh = f"连续 {run} 次“{scheme.band(h.grade).label_zh}”，{verb}"
		en = f"{run} consecutive {h.grade}, {h.action}"
	else:  # the rule's own label says what happened and what follows
		zh = h.label_zh or f"{event} 连续 {run} 次，{verb}"
		en = h.label_en or f"{event} {run} times in a row, {h.action}"
	return [
		Change(
			step=f"history:{h.code}:{h.action}",
			rule=h.code,
			article=h.article,
			action=h.action,
			ban_years=h.ban_years,
			from_grade=None,
			to_grade=None,
			reason_zh=f"{h.article}：{zh}{ban}",
			reason_en=f"{h.article}: {en}{ban_en}",
		)
	]


def run_length(grades: Iterable[str], grade: str) -> int:
	"""How many of the last `grades` (oldest first) are `grade`, counting back from the newest."""
	run = 0
	for g in reversed(list(grades)):
		if g != grade:
			break
		run += 1
	return run


def _history(scheme: Scheme, r: CohortResult, inp: EvaluationInput) -> None:
	run = run_length(list(inp.previous_grades) + [r.final_grade], r.final_grade)
	r.actions.extend(history_actions(scheme, "grade", run, r.final_grade))


def medal_level(scheme: Scheme, held: int, previous_grades: list[str], grade: str) -> int:
	"""XX-SVC §8(四): 首次达到优秀等次的、连续两年达到优秀等次的、连续三年达到优秀等次的，相应授予
	铜牌、银牌、金牌; 未达到优秀等次，逐级降级; 不合格，直接取消. The level earned is the run of
	consecutive top grades ending this year (at most the highest tier); a title already held is kept in
	a top-grade year (a silver left after a drop is not lowered by a first top grade again, and
	climbs back only when the run says so); a year below the top grade takes one level off; a fail
	takes the title away."""
	tiers = sorted(t.tier_level for t in scheme.medal_tiers)
	if not tiers:
		return 0
	band = scheme.band(grade)
	if band.is_fail:
		return 0
	top = scheme.bands_best_first()[0].grade
	if band.grade != top:
		return max(held - 1, 0)
	run = run_length(list(previous_grades) + [band.grade], top)
	earned = max((t for t in tiers if t <= run), default=0)
	return max(held, earned)


def _medal(scheme: Scheme, r: CohortResult, inp: EvaluationInput) -> list[Claim]:
	tiers = sorted(scheme.medal_tiers, key=lambda t: t.tier_level)
	if not tiers:
		return []
	level = inp.medal_level
	new = medal_level(scheme, level, inp.previous_grades, r.final_grade)
	r.medal_level = new
	tier = next((t for t in tiers if t.tier_level == new), None)
	r.medal = tier.code if tier else None
	if new != level:
		old = next((t for t in tiers if t.tier_level == level), None)
		decided = tier or old
		r.actions.append(
			Change(
				step="medal",
				rule=decided.code if decided else "",
				article=decided.article if decided else "",
				from_grade=old.code if old else None,
				to_grade=r.medal,
				reason_zh=f"{decided.article if decided else ''}：称号由“{old.label_zh if old else '无'}”变为“{tier.label_zh if tier else '无'}”",
				reason_en=f"{decided.article if decided else ''}: title {old.code if old else 'none'} -> {r.medal or 'none'}",
			)
		)
	if new > level and tier and tier.reward_rule:
		return [
			Claim(
				rule=tier.reward_rule, organisation=r.organisation, year=inp.year, matter=f"medal:{tier.code}"
			)
		]
	return []


def _below_min_grade(scheme: Scheme, claim: Claim, grade: str) -> bool:
	rule = scheme.rule(claim.rule)
	return bool(rule.min_grade) and scheme.band(grade).grade_rank > scheme.band(rule.min_grade).grade_rank


def _refused_for_grade(scheme: Scheme, claim: Claim, grade: str) -> Award:
	"""A claim the cycle's grade does not allow: kept, dropped, with the reason."""
	rule = scheme.rule(claim.rule)
	award = compute_claim(scheme, claim)
	need, got = scheme.band(rule.min_grade), scheme.band(grade)
	award.note(
		f"{rule.article}：年度考核“{need.label_zh}”以上方可享受，本年度为“{got.label_zh}”，不予兑现",
		f"{rule.article}: paid from {need.label_en or need.grade} upwards; this cycle is {got.label_en or got.grade}",
	)
	award.dropped, award.amount = True, Decimal(0)
	return award


def grade_cohort(
	scheme: Scheme,
	inputs: list[EvaluationInput],
	already_paid: Optional[dict] = None,
	enjoyed: Optional[dict] = None,
) -> list[CohortResult]:
	"""Grade one round. Pure: the same inputs always give the same results. `enjoyed[(organisation,
	rule)]`: the years the organisation was already paid under a rule with a consecutive-years limit
	(XX-INC §15 原则上同一载体可连续两年享受该类补贴)."""
	# A round allocates tens of thousands of small objects that all stay alive until it ends: the
	# cyclic collector's passes over them find nothing and cost 15–20 % of the time. Paused, restored.
	paused = gc.isenabled()
	gc.disable()
	try:
		return _grade_cohort(scheme, inputs, already_paid, enjoyed)
	finally:
		if paused:
			gc.enable()


def _grade_cohort(
	scheme: Scheme,
	inputs: list[EvaluationInput],
	already_paid: Optional[dict],
	enjoyed: Optional[dict] = None,
) -> list[CohortResult]:
	seen = set()
	for i in inputs:
		if i.record in seen:
			raise PolicyError("record", i.record, f"记录 {i.record} 重复", f"record {i.record} appears twice")
		seen.add(i.record)
	rubric = _Rubric(scheme)
	cards = [score(scheme, inp, rubric) for inp in inputs]
	# the rank follows the total alone (ties share it), so it is known before any grade is
	ranks: dict[Decimal, int] = {}
	for pos, total in enumerate(sorted((c.total for c in cards), reverse=True), 1):
		ranks.setdefault(total, pos)
	results: list[CohortResult] = []
	for inp, card in zip(inputs, cards, strict=True):
		if scheme.scored:
			raw = band_for(scheme, card.total, rubric.bands).grade
		elif not inp.grade:
			raise PolicyError(
				"grade",
				inp.grade,
				f"{inp.record}：方案 {scheme.code} 由专家直接评定等次，缺少等次",
				f"{inp.record}: scheme {scheme.code} needs the experts' grade",
			)
		else:
			raw = scheme.band(inp.grade).grade
		gated, changes = apply_gates(scheme, card, raw, inp.outstanding)
		# built from validated inputs and the engine's own values: no re-validation per record
		results.append(
			_construct(
				CohortResult,
				record=inp.record,
				organisation=inp.organisation,
				card=card,
				raw_grade=raw,
				final_grade=gated,
				changes=changes,
				rank=ranks[card.total],
				medal_level=0,
				medal=None,
				actions=[],
				awards=[],
			)
		)

	for q in scheme.quotas:
		if q.kind == "top_promote":
			_promote(scheme, results, q)
	for q in scheme.quotas:
		if q.kind == "max_share":
			_ceiling(scheme, results, q)

	for r, inp in zip(results, inputs, strict=True):
		_history(scheme, r, inp)
		claims = _medal(scheme, r, inp)
		for rule in scheme.reward_rules:
			if rule.trigger == "grade" and rule.grade == r.final_grade:
				claims.append(
					Claim(
						rule=rule.code,
						organisation=r.organisation,
						year=inp.year,
						matter=grade_matter(inp.year),
					)
				)
			elif (
				rule.trigger == "first_grade"
				and rule.grade == r.final_grade
				and rule.code not in inp.paid_once
			):
				claims.append(
					Claim(
						rule=rule.code,
						organisation=r.organisation,
						year=inp.year,
						matter=grade_matter(inp.year),
					)
				)
		below_grade = []
		for c in inp.claims:
			c = c.model_copy(
				update={"organisation": c.organisation or r.organisation, "year": c.year or inp.year}
			)
			(below_grade if _below_min_grade(scheme, c, r.final_grade) else claims).append(c)
		claims = [c for c in claims if not (scheme.rule(c.rule).once_only and c.rule in inp.paid_once)]
		if claims:
			r.awards.extend(compute_awards(scheme, claims, already_paid, enjoyed))
		r.awards.extend(_refused_for_grade(scheme, c, r.final_grade) for c in below_grade)
	return results


# ---- XX-SVC §10: the free events a service institution holds each year


class ServiceEvent(BaseModel):
	"""One event a service institution held for the New Area's enterprises (XX-SVC §10)."""

	on: date
	kind: str = ""
	attendees: int = Field(ge=0)
	free: bool = True  # 免费提供: only free events count


class EventsAdjustment(BaseModel):
	year: int
	events: int  # free events held in the year
	average: Decimal  # attendance per event (场均人次), one decimal
	minimum_events: int
	minimum_average: Decimal
	points: Decimal  # added to the total: the bonus, minus the penalty, or 0
	reason_zh: str
	reason_en: str
	article: str = ""


#: the scheme parameters of §10: minimum count, minimum average attendance, bonus, penalty
EVENT_PARAMETERS = (
	"free_events_per_year",
	"min_attendance_per_event",
	"events_bonus_points",
	"events_penalty_points",
)


def events_adjustment(
	scheme: Scheme, events: Iterable[ServiceEvent], year: int
) -> Optional[EventsAdjustment]:
	"""XX-SVC §10: 每年应面向新区企业免费提供不少于5场（场均不少于50人次）的…活动。在考核评优中，对宣讲场次
	多、效果好的将给予适当加分，对宣讲场次少、效果差的将给予适当减分.

	Free events of `year` count; the average is over them (场均, not each event). Fewer events than
	the minimum, or a lower average, takes the penalty; more events than the minimum with the average
	met earns the bonus; the minimum exactly met neither. None for a scheme without these parameters."""
	if not any(p.code == EVENT_PARAMETERS[0] for p in scheme.parameters):
		return None
	least, least_avg, bonus, penalty = (scheme.param(c) for c in EVENT_PARAMETERS)
	article = next(p.article for p in scheme.parameters if p.code == EVENT_PARAMETERS[0])
	held = [e for e in events if e.free and e.on.year == year]
	n = len(held)
	total = sum(e.attendees for e in held)
	average = (Decimal(total) / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if n else Decimal(0)
	few, poor = n < least, n > 0 and Decimal(total) < least_avg * n
	seen_zh = f"{year} 年免费活动 {n} 场，场均 {plain_number(average)} 人次"
	seen_en = f"{n} free events in {year}, {plain_number(average)} attendees per event on average"
	if few or poor or not n:
		points = -penalty if penalty else Decimal(0)
		why_zh = "，".join(
			x
			for x in (
				f"少于 {plain_number(least)} 场" if few else "",
				f"场均不足 {plain_number(least_avg)} 人次" if poor else "",
			)
			if x
		)
		why_en = "; ".join(
			x
			for x in (
				f"fewer than {plain_number(least)}" if few else "",
				f"average below {plain_number(least_avg)}" if poor else "",
			)
			if x
		)
		zh, en = (
			f"{seen_zh}（{why_zh}）：减 {plain_number(penalty)} 分",
			f"{seen_en} ({why_en}): minus {plain_number(penalty)}",
		)
	elif n > least:
		points = bonus
		zh = f"{seen_zh}（多于 {plain_number(least)} 场，场均达标）：加 {plain_number(bonus)} 分"
		en = f"{seen_en} (more than {plain_number(least)}, average met): plus {plain_number(bonus)}"
	else:
		points = Decimal(0)
		zh, en = f"{seen_zh}（达到要求）：不加减分", f"{seen_en} (requirement met): no adjustment"
	return EventsAdjustment(
		year=year,
		events=n,
		average=average,
		minimum_events=int(least),
		minimum_average=least_avg,
		points=points,
		reason_zh=zh,
		reason_en=en,
		article=article,
	)
