"""最高 is a ceiling (XX-BASE §18 最高50万元和30万元): the bureau officer grants any amount up to the
computed ceiling through the reward's form, a lower one with a reason; above it is refused with a
translated message and nothing is stored; the funding split (§21) and the report follow the grant."""

from __future__ import annotations

import json
from decimal import Decimal

import frappe
import pytest
from frappe.desk.form.save import savedocs
from frappe.model.workflow import apply_workflow
from test_evaluation import new_round, xx_base_cohort  # noqa: F401 - the cohort fixture

from factories import make_user
from policy_app.evaluation import publishing
from policy_app.evaluation.report.rewards_by_organization import rewards_by_organization


def desk_save(name: str, **values):
	"""What the desk form sends when the user edits fields and presses 保存 (Ctrl+S)."""
	doc = frappe.get_doc("Policy Reward", name)
	doc.update(values)
	frappe.local.response.setdefault("docs", [])  # what a desk request starts with
	savedocs(json.dumps(doc.as_dict(), default=str), "Save")


def stored(name: str):
	return frappe.db.get_value(
		"Policy Reward", name, ["amount", "granted_amount", "grant_reason"], as_dict=True
	)


@pytest.fixture
def excellent_reward(xx_base_cohort):  # noqa: F811
	rnd = new_round("XX-BASE", 2025)
	publishing.publish(rnd)
	name = frappe.get_value("Policy Reward", {"evaluation_round": rnd, "rule": "xx_reward_excellent"})
	# published at the ceiling: 500,000 granted unless the bureau decides otherwise
	r = stored(name)
	assert Decimal(str(r.amount)) == Decimal(str(r.granted_amount)) == 500000
	return name


def test_xx_base_18_officer_grants_less_than_500000_with_a_reason(excellent_reward):
	name = excellent_reward
	officer = make_user("grant.officer@policy.test", ["Bureau Officer"])
	leader = make_user("grant.leader@policy.test", ["Bureau Leader"])
	finance = make_user("grant.finance@policy.test", ["Finance Officer"])
	frappe.local.lang = "zh"
	frappe.set_user(officer)
	# above the ceiling: refused in Chinese, nothing stored
	with pytest.raises(frappe.ValidationError, match="核定金额 500,000.01 元超过上限 500,000.00 元"):
		desk_save(name, granted_amount=500000.01, grant_reason="多发一分")
	assert Decimal(str(stored(name).granted_amount)) == 500000 and not stored(name).grant_reason
	# lower without a reason: refused, nothing stored
	with pytest.raises(frappe.ValidationError, match="须说明理由"):
		desk_save(name, granted_amount=420000)
	assert Decimal(str(stored(name).granted_amount)) == 500000
	# lower with the reason: stored, and the New Area / new city split (§21) follows the grant
	desk_save(name, granted_amount=420000, grant_reason="两项合作成果佐证材料未经核实")
	r = stored(name)
	assert Decimal(str(r.granted_amount)) == 420000 and r.grant_reason == "两项合作成果佐证材料未经核实"
	assert Decimal(str(r.amount)) == 500000  # the ceiling stays as published
	funding = frappe.get_doc("Policy Reward", name).funding
	assert [(f.payer, Decimal(str(f.amount))) for f in funding] == [
		("new_area", Decimal(210000)),
		("new_city", Decimal(210000)),
	]
	# the leader approves what the officer granted; then the figure is fixed, for finance too
	frappe.set_user(leader)
	apply_workflow(frappe.get_doc("Policy Reward", name), "Approve")
	frappe.set_user(finance)
	with pytest.raises(frappe.ValidationError, match="核定金额不能再修改"):
		desk_save(name, granted_amount=400000, grant_reason="再核减")
	desk_save(name, paid_on="2026-03-02", payment_reference="国库集中支付 2026-0302-001")
	apply_workflow(frappe.get_doc("Policy Reward", name), "Mark Paid")
	assert Decimal(str(stored(name).granted_amount)) == 420000
	# the report counts what was granted and paid, not the ceiling
	frappe.set_user("Administrator")
	org = frappe.db.get_value("Policy Reward", name, "organization")
	_, data, *_ = rewards_by_organization.execute({"scheme": "XX-BASE", "year": 2025, "organization": org})
	assert data[0]["paid"] == Decimal(420000)


def test_a_fixed_amount_cannot_be_granted_lower(excellent_reward):
	"""The ceiling is the rule's (§18 最高): an administrator who unticks it makes the amount fixed."""
	name = excellent_reward
	scheme = frappe.get_doc("Policy Scheme", "XX-BASE")
	for r in scheme.reward_rules:
		if r.code == "xx_reward_excellent":
			r.ceiling = 0
	scheme.save()
	officer = make_user("grant.officer@policy.test", ["Bureau Officer"])
	frappe.local.lang = "zh"
	frappe.set_user(officer)
	with pytest.raises(frappe.ValidationError, match="不是最高额"):
		desk_save(name, granted_amount=400000, grant_reason="预算不足")
	assert Decimal(str(stored(name).granted_amount)) == 500000
