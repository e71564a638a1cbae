"""Scoping of open-competition projects: both parties of the contract see the project, district officers
the projects paid to an organisation of their district, the bureau everything (policy_app.permissions)."""

from __future__ import annotations

import frappe

from policy_app.permissions import _in, case_scope


def project_query(user: str | None = None, doctype: str | None = None) -> str:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return ""
	t = "`tabOpen Competition Project`"
	clauses = []
	if scope["districts"] is not None:
		clauses.append(f"{t}.`recommending_district` in ({_in(scope['districts'])})")
	if scope["orgs"] is not None:
		orgs = _in(scope["orgs"])
		clauses.append(f"{t}.`demand_organization` in ({orgs}) or {t}.`solver_organization` in ({orgs})")
	return " or ".join(f"({c})" for c in clauses) or "1 = 0"


def project_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return None
	if scope["districts"] is not None and doc.get("recommending_district") in scope["districts"]:
		return None
	if scope["orgs"] is not None and (
		doc.get("demand_organization") in scope["orgs"] or doc.get("solver_organization") in scope["orgs"]
	):
		return None
	return False


def public_demand_states() -> list[str]:
	"""A demand published in a guide is public: every solver reads it to bid (§7.2 张榜发布). Published
	is a state of the 通过（办结） stage of the demand's workflow."""
	from policy_app.controllers.stages import states_in
	from policy_app.engine import stages

	return states_in("Open Competition Demand", stages.CONCLUDED) or [""]


def demand_query(user: str | None = None, doctype: str | None = None) -> str:
	from policy_app.permissions import case_query

	own = case_query(user, "Open Competition Demand")
	if not own:
		return ""
	states = _in(public_demand_states())
	return f"({own}) or (`tabOpen Competition Demand`.`workflow_state` in ({states}))"


def demand_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	from policy_app.permissions import case_has_permission

	verdict = case_has_permission(doc, ptype, user)
	if (
		verdict is False
		and ptype in ("read", "print")
		and doc.get("workflow_state") in public_demand_states()
	):
		return None
	return verdict


def bid_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A solver sees its own bids; the demand side reads the bids for its demands (it chooses, §10)."""
	from policy_app.permissions import case_query

	user = user or frappe.session.user
	own = case_query(user, "Open Competition Bid")
	scope = case_scope(user)
	if not own or scope is None or scope["orgs"] is None:
		return own
	return f"({own}) or (`tabOpen Competition Bid`.`demand_organization` in ({_in(scope['orgs'])}))"


def bid_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	from policy_app.permissions import case_has_permission

	user = user or frappe.session.user
	verdict = case_has_permission(doc, ptype, user)
	if verdict is False and ptype in ("read", "print"):
		scope = case_scope(user)
		if scope and scope["orgs"] and doc.get("demand_organization") in scope["orgs"]:
			return None
	return verdict
