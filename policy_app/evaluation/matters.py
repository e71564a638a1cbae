"""就高不重复 across records (XX-JBGS §24, XX-SVC §12, XX-INC §20): every award the site already made for one
matter of one organisation, whichever record carries it — the Policy Reward records of evaluation
rounds and the subsidies of approved open-competition projects — as the engine's PriorAward, and the
years an organisation was already paid under a rule (XX-INC §15 连续两年).

Reads lock the rows they find (`for update`): a publication or an approval that held the lock before
us committed what we must see, which a plain read inside an older REPEATABLE READ snapshot would miss.
"""

from __future__ import annotations

from decimal import Decimal

import frappe

from policy_app.engine import stages
from policy_app.engine.models import Scheme
from policy_app.engine.money import PriorAward
from policy_app.policy_setup.schemes import get_scheme


def reward_states(*of: str) -> tuple[str, ...]:
	"""The Policy Reward workflow's states of these stages (办理阶段, set in the Workflow form); never
	empty, so that it can stand in an SQL `in`."""
	from policy_app.controllers.stages import states_in

	return tuple(states_in("Policy Reward", *of)) or ("",)


def void_states() -> tuple[str, ...]:
	"""Reward states that no longer count towards caps or 就高不重复: not approved, or voided."""
	return reward_states(stages.CLOSED, stages.VOIDED)


def settled_states() -> tuple[str, ...]:
	"""Reward states in which the award is decided and can no longer be withdrawn."""
	return reward_states(stages.AWAITING_PAYMENT, stages.CONCLUDED)


def voided_state() -> str:
	"""The state the system puts a reward in when it voids it (a dropped or withdrawn award)."""
	return reward_states(stages.VOIDED)[0]


def money(value) -> Decimal:
	return Decimal(str(value or 0))


def subsidy_rule(scheme: Scheme):
	return next((r for r in scheme.reward_rules if r.kind == "subsidy"), None)


def matter_awards(
	organisation: str, matter: str, exclude_round: str = "", exclude_project: str = "", lock: bool = True
) -> list[PriorAward]:
	"""The awards of `matter` for `organisation`: rewards not dropped or rejected (at what the bureau
	granted) and the subsidies of approved projects paid to it (what is still due or was kept: the
	subsidy less what a termination cancelled or recovers, settled once the project is approved)."""
	if not organisation or not matter:
		return []
	rows = frappe.db.sql(
		f"""select name, scheme, article, label, granted_amount, workflow_state from `tabPolicy Reward`
		where organization = %(org)s and matter = %(matter)s and workflow_state not in %(void)s
		and ifnull(evaluation_round, '') != %(round)s {"for update" if lock else ""}""",
		{"org": organisation, "matter": matter, "void": void_states(), "round": exclude_round or ""},
		as_dict=True,
	)
	settled = settled_states()
	out = [
		PriorAward(
			key=r.name,
			scheme=r.scheme,
			article=r.article or "",
			label_zh=r.label or "",
			amount=money(r.granted_amount),
			settled=r.workflow_state in settled,
		)
		for r in rows
	]
	projects = frappe.db.sql(
		f"""select name, scheme, subsidy_amount, cancelled_amount, recovered_amount
		from `tabOpen Competition Project`
		where payee_organization = %(org)s and matter = %(matter)s and approved_on is not null
		and name != %(project)s {"for update" if lock else ""}""",
		{"org": organisation, "matter": matter, "project": exclude_project or ""},
		as_dict=True,
	)
	for p in projects:
		rule = subsidy_rule(get_scheme(p.scheme))
		out.append(
			PriorAward(
				key=p.name,
				scheme=p.scheme,
				article=rule.article if rule else "",
				label_zh=rule.label_zh if rule else "",
				amount=max(
					money(p.subsidy_amount) - money(p.cancelled_amount) - money(p.recovered_amount),
					Decimal(0),
				),
				settled=True,
			)
		)
	return out


def enjoyed_years(scheme: Scheme, orgs: list[str], exclude_round: str, lock: bool = False) -> dict:
	"""(organisation, rule) -> the years it was paid under each rule of the scheme that may be enjoyed
	only so many years running (XX-INC §15 原则上同一载体可连续两年享受该类补贴): rewards granted above
	zero, not dropped or rejected, of other rounds."""
	rules = [r.code for r in scheme.reward_rules if r.max_consecutive_years]
	if not rules or not orgs:
		return {}
	out: dict[tuple[str, str], set[int]] = {}
	for org, rule, year in frappe.db.sql(
		f"""select organization, rule, year from `tabPolicy Reward`
		where scheme = %(scheme)s and organization in %(orgs)s and rule in %(rules)s
		and workflow_state not in %(void)s and granted_amount > 0
		and ifnull(evaluation_round, '') != %(round)s {"for update" if lock else ""}""",
		{
			"scheme": scheme.code,
			"orgs": tuple(sorted(set(orgs))),
			"rules": tuple(rules),
			"void": void_states(),
			"round": exclude_round or "",
		},
	):
		out.setdefault((org, rule), set()).add(int(year))
	return out
