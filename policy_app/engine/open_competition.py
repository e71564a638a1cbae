"""XX-JBGS open-competition (揭榜挂帅) projects: the checks the money module does not already make.

- which of the scheme's eligibility conditions apply to the demand side and to a solver (§6, §22, §23);
- related parties between demand side and solver, either side's declaration (§22);
- the project period (§17: 1–3 years, no extension) and the yearly number of projects (§21);
- the qualification criteria of §9 per category.

The amounts (30 % of the contract, at most the cap, instalments, termination) are `money.plan_subsidy`,
`money.release_instalment` and `money.settle_termination`. Never imports frappe.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Literal, Optional

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel

from .eligibility import Ban, EligibilityResult, check_eligibility
from .errors import PolicyError, Refusal
from .models import Scheme, split_codes

#: facts about a pair (demand side, solver), never about one organisation alone
PAIR_FACTS = frozenset({"related_party"})
#: §23: the area condition binds the organisation the subsidy is paid to (§14)
PAYEE_FACTS = frozenset({"registered_taxed_counted_in_area"})

Side = Literal["demand_side", "solver"]


#: §9: what the qualification panel checks, per category. The scheme model has no checklist stage for
#: the qualification review yet, so the criteria are listed here with their article.
def qualification_criteria(scheme: Scheme, category: str) -> list[tuple[str, str, str]]:
	"""§9: the scheme's qualification-review checklist items for the category (code, article, text)."""
	scheme.category(category, "category")
	return [
		(c.code, c.article, c.label_zh)
		for c in scheme.checklist_items
		if c.stage == "qualification_review" and (not c.applies_to or category in split_codes(c.applies_to))
	]


def payee_side(scheme: Scheme, category: str) -> Side:
	"""§14: the demand side for 技术攻关, the solver for 成果转化 (the category's `payee` on the scheme)."""
	payee = scheme.category(category, "category").payee
	if payee not in ("demand_side", "solver"):
		raise PolicyError(
			"payee",
			payee,
			f"方案 {scheme.code} 的类别 {category} 未指定补贴对象",
			f"category {category} of scheme {scheme.code} names no payee",
		)
	return payee  # type: ignore[return-value]


def check_party(
	scheme: Scheme,
	side: Side,
	category: str,
	facts: dict,
	on: date,
	organisation: str,
	bans: Iterable[Ban] = (),
) -> EligibilityResult:
	"""The scheme's conditions for one side: the demand side answers the category's conditions (§6)
	and the general ones; a solver the general ones (§22); the area condition (§23) binds the side
	that receives the subsidy. Pair facts (related party) are checked with `related_parties`."""
	payee = payee_side(scheme, category)
	keep = []
	for c in scheme.eligibility_conditions:
		if c.fact in PAIR_FACTS:
			continue
		if c.fact in PAYEE_FACTS and side != payee:
			continue
		if side == "solver" and c.applies_to_type:
			continue
		keep.append(c)
	narrowed = scheme.model_copy(update={"eligibility_conditions": keep, "condition_groups": []})
	return check_eligibility(
		narrowed,
		facts,
		type_code=category if side == "demand_side" else None,
		on=on,
		organisation=organisation,
		bans=bans,
	)


class PartyLink(BaseModel):
	"""One row of an organisation's declared related parties."""

	related_organization: str = ""
	related_name: str = ""
	relation: str = ""


RELATION_ZH = {
	"Shareholding": "持股关系",
	"Same Controller": "同一实际控制人",
	"Declared Relation": "申报的关联关系",
}


def _norm(text: str) -> str:
	return "".join((text or "").split()).casefold()


def related_parties(
	demand: str,
	demand_name: str,
	demand_links: Iterable[PartyLink],
	solver: str,
	solver_name: str,
	solver_links: Iterable[PartyLink],
) -> Optional[tuple[str, str]]:
	"""(reason_zh, reason_en) when the two organisations are related on either side's declaration
	(§22: 发榜方与揭榜方不得存在关联关系), else None. A row names the other side by record or by name."""
	if demand == solver:
		return (
			"第二十二条：发榜方与揭榜方为同一单位",
			"§22: demand side and solver are the same organisation",
		)

	def hit(links: Iterable[PartyLink], other: str, other_name: str) -> Optional[PartyLink]:
		for link in links:
			if link.related_organization and link.related_organization == other:
				return link
			if link.related_name and other_name and _norm(link.related_name) == _norm(other_name):
				return link
		return None

	for links, owner, other, other_name in (
		(demand_links, demand_name, solver, solver_name),
		(solver_links, solver_name, demand, demand_name),
	):
		link = hit(links, other, other_name)
		if link:
			rel = link.relation or "Declared Relation"
			return (
				f"第二十二条：发榜方与揭榜方存在关联关系（{owner} 申报：{other_name}，{RELATION_ZH.get(rel, rel)}）",
				f"§22: demand side and solver are related ({owner} declares {other_name}: {rel})",
			)
	return None


def check_period(scheme: Scheme, start: date, end: date) -> None:
	"""§17: a project runs 1–3 years (the scheme's `min_period_years`/`max_period_years`); the end date
	is the last day of the period: from 2026-01-01 a 3-year project ends by 2028-12-31."""
	if end < start:
		raise PolicyError(
			"end_date", str(end), "结束日期早于开始日期", "the end date is before the start date"
		)
	lo, hi = int(scheme.param("min_period_years")), int(scheme.param("max_period_years"))
	shortest = start + relativedelta(years=lo, days=-1)
	longest = start + relativedelta(years=hi, days=-1)
	if end < shortest or end > longest:
		raise Refusal(
			"end_date",
			str(end),
			f"第十七条：项目实施周期应为 {lo}–{hi} 年（{start} 开始的项目应在 {shortest} 至 {longest} 之间结束）",
			f"§17: the project period must be {lo}-{hi} years (from {start}: ending between {shortest} and {longest})",
			_article(scheme, "max_period_years"),
		)


def check_yearly_limit(scheme: Scheme, year: int, approved_this_year: int) -> None:
	"""§21: at most `max_projects_per_year` projects approved in a calendar year."""
	limit = int(scheme.param("max_projects_per_year"))
	if approved_this_year >= limit:
		raise Refusal(
			"max_projects_per_year",
			approved_this_year,
			f"第二十一条：{year} 年已立项 {approved_this_year} 个项目，达到每年 {limit} 个的上限，不能再立项",
			f"§21: {approved_this_year} projects are already approved in {year}, the yearly limit of {limit}; no more can be approved",
			_article(scheme, "max_projects_per_year"),
		)


def _article(scheme: Scheme, parameter: str) -> str:
	return next((p.article for p in scheme.parameters if p.code == parameter), "")


def not_accepted_on_time(
	end: date, on: date, acceptance_held_on: Optional[date] = None
) -> Optional[tuple[str, str]]:
	"""§17 未按期验收的视为自动终止: (reason_zh, reason_en) when the project is terminated on `on`, else
	None. A project whose acceptance was held by its end date and now awaits confirmation is not
	terminated (`acceptance_held_on`: the date of that acceptance; None when there is none pending)."""
	if on <= end:
		return None
	if acceptance_held_on is not None and acceptance_held_on <= end:
		return None
	return (
		f"第十七条：项目应于 {end} 前验收，未按期验收，视为自动终止",
		f"§17: the project was to be accepted by {end}; not accepted on time, it is terminated",
	)


def check_acceptance_date(start: date, held_on: date, on: date) -> None:
	"""§12 实施完成后，由需求方组织专家进行现场验收: an acceptance is held after the project started
	(never before its start date) and is recorded once held (never a date still to come, `on` = today)."""
	if held_on < start:
		raise Refusal(
			"acceptance_date",
			str(held_on),
			f"第十二条：验收在项目实施后进行，验收日期 {held_on} 早于项目开始日期 {start}",
			f"§12: the acceptance follows the project's implementation; {held_on} is before the start date {start}",
			"第十二条",
		)
	if held_on > on:
		raise Refusal(
			"acceptance_date",
			str(held_on),
			f"第十二条：验收日期 {held_on} 尚未到来，验收举行后再填写",
			f"§12: the acceptance date {held_on} has not come yet; record the acceptance once it is held",
			"第十二条",
		)
