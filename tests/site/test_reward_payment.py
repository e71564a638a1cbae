"""Rewards paid (issue #19 item 1, XX-BASE §18–§21): the finance officer saves an approved reward as the
form sends it (500000 where the column holds 500000.0) without 「核算金额 由发布自动计算，不能修改」,
pays one reward or several at once with the date and reference given once, each through its own
workflow; a reward not yet approved is named with its reason and the others are paid; a future date,
no date or someone who does not pay is refused and nothing is stored."""

from __future__ import annotations

import json
from decimal import Decimal

import frappe
import pytest
from frappe.desk.form.save import savedocs
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today
from test_evaluation import new_round, xx_base_cohort  # noqa: F401 - the cohort fixture

from factories import make_user
from policy_app.evaluation import publishing
from policy_app.evaluation.payments import mark_paid


def as_the_form_sends(doc) -> str:
	"""The JSON the desk posts on 保存: whole amounts as the browser's numbers (500000, not 500000.0)
	and dates as text."""

	def plain(v):
		if isinstance(v, float) and v.is_integer():
			return int(v)
		if isinstance(v, dict):
			return {k: plain(x) for k, x in v.items()}
		if isinstance(v, list):
			return [plain(x) for x in v]
		return v

	return json.dumps(plain(json.loads(json.dumps(doc.as_dict(), default=str))))


def form_save(name: str, **values):
	doc = frappe.get_doc("Policy Reward", name)
	doc.update(values)
	frappe.local.response.setdefault("docs", [])
	savedocs(as_the_form_sends(doc), "Save")


@pytest.fixture
def rewards(xx_base_cohort):  # noqa: F811
	rnd = new_round("XX-BASE", 2025)
	publishing.publish(rnd)
	names = frappe.get_all(
		"Policy Reward", filters={"evaluation_round": rnd}, pluck="name", order_by="name asc"
	)
	assert len(names) >= 3
	return names


@pytest.fixture
def people():
	return frappe._dict(
		leader=make_user("pay.leader@policy.test", ["Bureau Leader"]),
		finance=make_user("pay.finance@policy.test", ["Finance Officer"]),
		officer=make_user("pay.officer@policy.test", ["Bureau Officer"]),
	)


def state(name):
	return frappe.db.get_value(
		"Policy Reward", name, ["workflow_state", "paid_on", "payment_reference"], as_dict=True
	)


def test_finance_saves_the_payment_date_as_the_form_sends_it(rewards, people):
	name = rewards[0]
	frappe.set_user(people.leader)
	apply_workflow(frappe.get_doc("Policy Reward", name), "Approve")
	assert Decimal(str(frappe.db.get_value("Policy Reward", name, "computed_amount"))) > 0
	frappe.local.lang = "zh"
	frappe.set_user(people.finance)
	# nothing computed changed: the form's 500000 is the column's 500000.0
	form_save(name, paid_on="2026-03-02", payment_reference="国库集中支付 2026-0302-001")
	assert getdate(state(name).paid_on) == getdate("2026-03-02")
	# a real change of a computed amount is still refused, in Chinese, and nothing is stored
	with pytest.raises(frappe.ValidationError, match="由发布自动计算，不能修改"):
		form_save(name, computed_amount=1, payment_reference="改了")
	assert state(name).payment_reference == "国库集中支付 2026-0302-001"
	apply_workflow(frappe.get_doc("Policy Reward", name), "Mark Paid")
	assert state(name).workflow_state == "Paid"


def test_finance_pays_several_rewards_at_once_and_is_told_which_were_not(rewards, people):
	approved, waiting = rewards[:-1], rewards[-1]
	frappe.set_user(people.leader)
	for name in approved:
		apply_workflow(frappe.get_doc("Policy Reward", name), "Approve")
	frappe.local.lang = "zh"
	frappe.set_user(people.finance)
	out = mark_paid(json.dumps(rewards), "2026-03-02", " 国库集中支付 2026-0302-002 ")
	assert out["paid"] == approved
	assert [f["name"] for f in out["failed"]] == [waiting]
	assert "只有已审批的奖补才能确认拨付" in out["failed"][0]["reason"]
	for name in approved:
		s = state(name)
		assert (s.workflow_state, getdate(s.paid_on), s.payment_reference) == (
			"Paid",
			getdate("2026-03-02"),
			"国库集中支付 2026-0302-002",
		)
		log = frappe.get_doc("Policy Reward", name).approval_log[-1]
		assert (log.action, log.user, log.to_state) == ("Mark Paid", people.finance, "Paid")
	assert state(waiting).workflow_state == "Proposed" and not state(waiting).paid_on
	# paid once: a second payment of the same rewards is refused for each, nothing changes
	again = mark_paid(json.dumps(approved[:1]), "2026-03-05", "重复")
	assert again["paid"] == [] and getdate(state(approved[0]).paid_on) == getdate("2026-03-02")


def test_a_payment_without_a_good_date_or_by_someone_else_changes_nothing(rewards, people):
	name = rewards[0]
	frappe.set_user(people.leader)
	apply_workflow(frappe.get_doc("Policy Reward", name), "Approve")
	frappe.local.lang = "zh"
	frappe.set_user(people.finance)
	with pytest.raises(frappe.ValidationError, match="请填写拨付日期"):
		mark_paid([name], "", "x")
	with pytest.raises(frappe.ValidationError, match="晚于今天"):
		mark_paid([name], add_days(today(), 1), "x")
	with pytest.raises(frappe.ValidationError, match="请选择要确认拨付的奖补"):
		mark_paid([], today(), "x")
	for who in (people.officer, people.leader):
		frappe.set_user(who)
		with pytest.raises(frappe.PermissionError):
			mark_paid([name], today(), "x")
	frappe.set_user("Administrator")
	assert state(name).workflow_state == "Approved" and not state(name).paid_on


def test_the_lists_plain_mark_paid_points_to_the_action_that_asks_the_date(rewards, people):
	"""Frappe's list offers every workflow action for the ticked records; 确认拨付 there would pay
	without a date: it is refused, naming 批量确认拨付, and nothing changes."""
	from policy_app.controllers.bulk import bulk_workflow_approval

	name = rewards[0]
	frappe.set_user(people.leader)
	apply_workflow(frappe.get_doc("Policy Reward", name), "Approve")
	frappe.local.lang = "zh"
	frappe.set_user(people.finance)
	with pytest.raises(frappe.ValidationError, match="批量确认拨付"):
		bulk_workflow_approval(json.dumps([name]), "Policy Reward", "Mark Paid")
	assert state(name).workflow_state == "Approved"


def test_the_organisation_hears_when_its_reward_is_approved_and_when_it_is_paid(rewards, people):
	"""#17 item 3: a notification (and the email Frappe sends with it) to the organisation's own users,
	in Chinese, when the leader approves the reward and when finance pays it; none to anyone else."""
	name = rewards[0]
	org = frappe.db.get_value("Policy Reward", name, "organization")
	member = make_user("pay.member@policy.test", ["Policy Applicant"], orgs=[org])
	outsider = make_user("pay.outsider@policy.test", ["Policy Applicant"])

	def told(user):
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "Policy Reward", "document_name": name},
			pluck="subject",
			order_by="creation asc",
		)

	frappe.local.lang = "zh"
	frappe.set_user(people.leader)
	apply_workflow(frappe.get_doc("Policy Reward", name), "Approve")
	frappe.set_user("Administrator")
	assert len(told(member)) == 1 and "已批准" in told(member)[0]
	frappe.local.lang = "zh"
	frappe.set_user(people.finance)
	mark_paid(json.dumps([name]), "2026-03-02", "国库集中支付 2026-0302-003")
	frappe.set_user("Administrator")
	subjects = told(member)
	assert len(subjects) == 2 and "已拨付" in subjects[1]
	assert told(outsider) == [] and told(people.leader) == []
