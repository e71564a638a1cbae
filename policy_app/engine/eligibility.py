"""Hard eligibility checks: which conditions of a scheme an applicant meets, and why not.

Facts are the applicant's answers keyed by the scheme's fact names (`staff_international`,
`registered_in_area`, …). A missing fact fails its condition with a "not provided" reason rather than
passing silently; a negative count is bad input and raises.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Optional

from pydantic import BaseModel, ConfigDict

from .calendar import months_between
from .errors import PolicyError
from .models import EligibilityCondition, Scheme, plain_number, split_codes


class ConditionResult(BaseModel):
	model_config = ConfigDict(frozen=True)

	code: str
	article: str
	label_zh: str
	label_en: str
	passed: bool
	reason_zh: str = ""
	reason_en: str = ""
	group_code: Optional[str] = None


class Ban(BaseModel):
	"""A standing ban on new applications (fraud ⇒ 3 years, XX-BASE §14 …)."""

	organisation: str
	scheme: Optional[str] = None  # None: every scheme
	until: date
	# the ban binds every scheme of this jurisdiction (XX-JBGS §19: every New Area programme)
	jurisdiction: Optional[str] = None
	reason_zh: str = ""
	reason_en: str = ""


class EligibilityResult(BaseModel):
	eligible: bool
	conditions: list[ConditionResult]
	failures: list[ConditionResult]

	def reasons(self, lang: str = "zh") -> list[str]:
		return [f.reason_zh if lang.startswith("zh") else f.reason_en for f in self.failures]


def _number(fact: str, value: Any) -> Decimal:
	if isinstance(value, bool):
		return Decimal(int(value))
	try:
		n = Decimal(str(value))
	except (InvalidOperation, ValueError):
		raise PolicyError(fact, value, f"“{fact}”应为数字", f"{fact} must be a number") from None
	if not n.is_finite():  # "NaN" would not compare, "Infinity" would pass every minimum
		raise PolicyError(fact, value, f"“{fact}”应为数字", f"{fact} must be a number")
	if n < 0:
		raise PolicyError(fact, value, f"“{fact}”不能为负数", f"{fact} cannot be negative")
	return n


def _as_date(fact: str, value: Any) -> date:
	if isinstance(value, date):
		return value
	try:
		return date.fromisoformat(str(value))
	except ValueError:
		raise PolicyError(
			fact, value, f"“{fact}”应为日期（YYYY-MM-DD）", f"{fact} must be a date (YYYY-MM-DD)"
		) from None


def _applies(c, type_code: Optional[str], host_kind: Optional[str], facts: dict) -> bool:
	if c.applies_to_type and type_code not in split_codes(c.applies_to_type):
		return False
	if c.applies_to_host_kind and host_kind not in split_codes(c.applies_to_host_kind):
		return False
	cond = getattr(c, "applies_when", None)
	if cond:
		want = not cond.startswith("!")
		if bool(facts.get(cond.lstrip("!"))) != want:
			return False
	return True


def evaluate_condition(c: EligibilityCondition, facts: dict, on: date) -> ConditionResult:
	base = dict(
		code=c.code,
		article=c.article,
		label_zh=c.label_zh,
		label_en=c.label_en or c.label_zh,
		group_code=c.group_code,
	)
	# a ratio needs both numbers: without the incubatee count "1 staff per 10" must not pass by default
	missing = [f for f in (c.fact, c.other_fact) if f and (f not in facts or facts[f] in (None, ""))]
	if missing:
		return ConditionResult(
			**base,
			passed=False,
			reason_zh=f"{c.article}：{c.label_zh}——未填写"
			+ (f"（{c.other_fact}）" if c.fact not in missing else ""),
			reason_en=f"{c.article}: {c.label_en or c.code} - not provided"
			+ (f" ({c.other_fact})" if c.fact not in missing else ""),
		)
	raw = facts[c.fact]
	op, v = c.operator, c.value
	if op in ("is_true", "is_false"):
		ok = bool(raw) if op == "is_true" else not bool(raw)
		shown_zh, shown_en = ("是" if raw else "否"), ("yes" if raw else "no")
	elif op == "months_since_gte":
		months = months_between(_as_date(c.fact, raw), on)
		ok = months >= v
		shown_zh, shown_en = (
			f"{months} 个月（要求 ≥ {plain_number(v)}）",
			f"{months} months (needs ≥ {plain_number(v)})",
		)
	elif op == "one_per_gte":
		have = _number(c.fact, raw)
		other = _number(c.other_fact, facts[c.other_fact])
		ok = have * v >= other
		shown_zh = (
			f"{plain_number(have)} 人对应 {plain_number(other)} 家（要求每 {plain_number(v)} 家至少 1 人）"
		)
		shown_en = f"{plain_number(have)} for {plain_number(other)} (needs 1 per {plain_number(v)})"
	else:
		n = _number(c.fact, raw)
		ok = {"gte": n >= v, "gt": n > v, "lte": n <= v, "lt": n < v}[op]
		sign = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<"}[op]
		shown_zh, shown_en = (
			f"{plain_number(n)}（要求 {sign} {plain_number(v)}）",
			f"{plain_number(n)} (needs {sign} {plain_number(v)})",
		)
	if ok:
		return ConditionResult(**base, passed=True)
	return ConditionResult(
		**base,
		passed=False,
		reason_zh=f"{c.article}：{c.label_zh}——不满足：{shown_zh}",
		reason_en=f"{c.article}: {c.label_en or c.code} - not met: {shown_en}",
	)


def ban_of(
	source: Optional[Scheme],
	organisation: str,
	until: date,
	article: str = "",
	reason_zh: str = "",
	reason_en: str = "",
) -> Ban:
	"""The ban a sanction of `source` stands for: its own scheme, or every scheme of its jurisdiction
	where the ban deadline of that article says so (XX-JBGS §19 黑名单: 三年内不得申报新区级科技计划项目)."""
	wide = bool(source) and any(
		d.kind == "ban_years" and d.binds_jurisdiction and (not article or d.article in article)
		for d in source.deadlines
	)
	return Ban(
		organisation=organisation,
		scheme=source.code if source else None,
		jurisdiction=source.jurisdiction if wide else None,
		until=until,
		reason_zh=reason_zh,
		reason_en=reason_en,
	)


def check_eligibility(
	scheme: Scheme,
	facts: dict,
	type_code: Optional[str] = None,
	host_kind: Optional[str] = None,
	on: Optional[date] = None,
	organisation: Optional[str] = None,
	bans: Iterable[Ban] = (),
) -> EligibilityResult:
	"""Every applicable condition with its outcome; `eligible` only if all hold and no ban stands."""
	on = on or date.today()
	scheme.check_effective(on, "on")
	if type_code is not None:
		scheme.category(type_code)
	if host_kind is not None:
		scheme.category(host_kind, "host_kind")

	results: list[ConditionResult] = []
	failures: list[ConditionResult] = []

	for ban in bans:
		binds = ban.scheme in (None, scheme.code) or (
			ban.jurisdiction and ban.jurisdiction == scheme.jurisdiction
		)
		if ban.organisation == organisation and binds and on < ban.until:
			r = ConditionResult(
				code="ban",
				article=ban.reason_zh or "",
				label_zh="申报限制",
				label_en="application ban",
				passed=False,
				reason_zh=f"处于禁止申报期内（至 {ban.until}）{('：' + ban.reason_zh) if ban.reason_zh else ''}",
				reason_en=f"banned from applying until {ban.until}{(': ' + ban.reason_en) if ban.reason_en else ''}",
			)
			results.append(r)
			failures.append(r)

	by_group: dict[str, list[ConditionResult]] = {}
	for c in scheme.eligibility_conditions:
		if not _applies(c, type_code, host_kind, facts):
			continue
		r = evaluate_condition(c, facts, on)
		results.append(r)
		if c.group_code:
			by_group.setdefault(c.group_code, []).append(r)
		elif not r.passed:
			failures.append(r)

	for g in scheme.condition_groups:
		if not _applies(g, type_code, host_kind, facts):
			continue
		members = by_group.get(g.code, [])
		passed = sum(1 for m in members if m.passed)
		ok = passed >= g.min_pass
		summary = ConditionResult(
			code=g.code,
			article=g.article,
			label_zh=g.label_zh,
			label_en=g.label_en or g.label_zh,
			passed=ok,
			reason_zh=""
			if ok
			else f"{g.article}：{g.label_zh}——需满足其中至少 {g.min_pass} 项，现满足 {passed} 项",
			reason_en=""
			if ok
			else f"{g.article}: {g.label_en or g.code} - at least {g.min_pass} needed, {passed} met",
		)
		results.append(summary)
		if not ok:
			failures.append(summary)

	return EligibilityResult(eligible=not failures, conditions=results, failures=failures)
