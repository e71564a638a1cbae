"""The reward rules of #14 items 8 and 13 on a real site, each step taken by the user whose step it is.

XX-JBGS §13 按照30%的比例，给予最高800万元补贴 — a ceiling the bureau officer grants up to before the
leader approves the project; §15 the instalments (首期30%, 剩余额度) are of what was granted. §24 同一企业
就同一事项满足多个奖补政策的，按“就高不重复”原则予以兑现 — the project subsidy and the evaluation rewards of
the same matter, in both directions. §25 本办法所需奖补资金由新区及新城按财政体制分别承担 — the project's
split. XX-INC §15 原则上同一载体可连续两年享受该类补贴 — a third year running needs the bureau's reason.
Yearly caps count what the bureau granted, not the ceiling."""

from __future__ import annotations

import json
from decimal import Decimal

import frappe
import pytest
from frappe.desk.form.save import savedocs
from frappe.model.workflow import apply_workflow
from test_evaluation import certify, evaluation, new_round
from test_open_competition import (  # noqa: F401 - the oc fixture
	act,
	bid_through_notice,
	edit,
	money,
	new_payment,
	new_project,
	oc,
)

from factories import make_district, make_org, make_user
from policy_app.evaluation import publishing


def officer_publishes(officer: str, rnd: str):
	"""The bureau officer publishes the round (the job runs as them)."""
	frappe.set_user(officer)
	publishing.publish(rnd)


def reward(rnd: str, rule: str):
	return frappe.get_doc("Policy Reward", {"evaluation_round": rnd, "rule": rule})


def desk_save(doctype: str, name: str, **values):
	"""What the desk form sends when the user edits fields and presses 保存."""
	doc = frappe.get_doc(doctype, name)
	doc.update(values)
	frappe.local.response.setdefault("docs", [])  # what a desk request starts with
	savedocs(json.dumps(doc.as_dict(), default=str), "Save")


# ---- XX-JBGS §13, §15, §25


def test_jbgs_13_officer_grants_less_than_8_million_and_the_instalments_follow(oc):  # noqa: F811
	frappe.local.lang = "zh"
	bid = bid_through_notice(oc)
	project = new_project(oc, bid, contract_amount=30000000)  # 30 % = 9,000,000: at most 8,000,000
	assert money(project.subsidy_uncapped) == Decimal("9000000.00")
	assert money(project.subsidy_ceiling) == money(project.subsidy_amount) == Decimal("8000000.00")
	# the bureau officer grants less: without a reason refused, above the ceiling refused, nothing stored
	with pytest.raises(frappe.ValidationError, match="须说明理由"):
		edit(oc.bureau, project, granted_subsidy=6000000)
	with pytest.raises(frappe.ValidationError, match="超过上限 8,000,000.00 元"):
		edit(oc.bureau, project, granted_subsidy=8000000.01, grant_reason="多补一分")
	assert not frappe.db.get_value(project.doctype, project.name, "granted_subsidy")
	project = edit(oc.bureau, project, granted_subsidy=6000000, grant_reason="配套资金到位不足，按实核定")
	assert money(project.subsidy_amount) == Decimal("6000000.00")
	# §15 首期 30 % of what is granted, the rest after the final evaluation; §25 half each by default
	assert [money(r.amount) for r in project.instalments] == [Decimal("1800000.00"), Decimal("4200000.00")]
	assert [(f.payer, money(f.amount)) for f in project.funding] == [
		("new_area", Decimal("3000000.00")),
		("new_city", Decimal("3000000.00")),
	]
	assert "核定 6,000,000.00 元（配套资金到位不足，按实核定）" in project.prior_award_notes
	# the leader approves what the officer granted
	act(oc.leader, project, "Approve Project")
	project = frappe.get_doc(project.doctype, project.name)
	assert money(project.granted_subsidy) == money(project.subsidy_amount) == Decimal("6000000.00")
	# the contract summary prints the §25 split with the grant
	summary = frappe.get_print(project.doctype, project.name, "Open Competition Contract Summary")
	assert "资金分担（第二十五条）" in summary and summary.count("3,000,000.00") >= 2
	# the main funder paid 30 % of the contract: the first instalment is 30 % of the grant
	payment = new_payment(oc, project, 1, funder_paid=9000000)
	assert money(payment.amount) == Decimal("1800000.00")
	# once approved, the grant is fixed, also for the demand side who edits the project for acceptance
	with pytest.raises(frappe.ValidationError, match="核定补贴不能再修改"):
		edit(oc.users.demand, project, granted_subsidy=5000000, grant_reason="再核减")
	assert money(frappe.db.get_value(project.doctype, project.name, "granted_subsidy")) == 6000000


# ---- XX-JBGS §24 both ways


def test_jbgs_24_project_subsidy_and_rewards_of_the_same_matter_are_paid_once(oc):  # noqa: F811
	matter = "激光芯片散热关键技术攻关"
	officer = make_user("rules.officer@policy.test", ["Bureau Officer"])
	frappe.set_user("Administrator")
	institution = certify("XX-SVC", oc.orgs.demand)
	evaluation(
		"XX-SVC",
		institution,
		2025,
		expert_grade="pass",
		claims=[{"rule": "svc_cultivate_hte", "matter": matter, "units": 10}],
	)
	svc_round = new_round("XX-SVC", 2025)
	officer_publishes(officer, svc_round)
	earlier = reward(svc_round, "svc_cultivate_hte")
	assert int(earlier.granted_amount) == 100000 and earlier.workflow_state == "Proposed"

	# the project of the same matter: 30 % of 10,000,000 = 3,000,000, higher than the open 100,000
	bid = bid_through_notice(oc)
	project = new_project(oc, bid, contract_amount=10000000, matter=matter)
	act(oc.leader, project, "Approve Project")
	project = frappe.get_doc(project.doctype, project.name)
	assert money(project.subsidy_amount) == Decimal("3000000.00")
	withdrawn = frappe.get_doc("Policy Reward", earlier.name)
	assert withdrawn.workflow_state == "Dropped"
	assert withdrawn.approval_log[-1].remarks.startswith("Superseded by the subsidy of project")

	# the reverse: a later evaluation reward of the same matter, lower than the subsidy, is not paid
	frappe.set_user("Administrator")
	evaluation(
		"XX-SVC",
		institution,
		2026,
		expert_grade="pass",
		claims=[{"rule": "svc_cultivate_hte", "matter": matter, "units": 20}],
	)
	later_round = new_round("XX-SVC", 2026)
	officer_publishes(officer, later_round)
	later = reward(later_round, "svc_cultivate_hte")
	assert later.workflow_state == "Dropped" and int(later.amount) == 0
	assert "就高不重复" in later.notes and "XX-JBGS 第十三条" in later.notes and "3,000,000.00" in later.notes


def test_jbgs_24_a_settled_reward_of_the_matter_is_topped_up_and_the_instalments_follow(oc):  # noqa: F811
	frappe.local.lang = "zh"
	matter = "固态电解质中试攻关"
	officer = make_user("rules.officer@policy.test", ["Bureau Officer"])
	leader = make_user("rules.leader@policy.test", ["Bureau Leader"])
	frappe.set_user("Administrator")
	institution = certify("XX-SVC", oc.orgs.demand)
	evaluation(
		"XX-SVC",
		institution,
		2025,
		expert_grade="pass",
		claims=[{"rule": "svc_cultivate_hte", "matter": matter, "units": 10}],
	)
	svc_round = new_round("XX-SVC", 2025)
	officer_publishes(officer, svc_round)
	frappe.set_user(leader)
	apply_workflow(reward(svc_round, "svc_cultivate_hte"), "Approve")  # 100,000 decided

	bid = bid_through_notice(oc)
	project = new_project(oc, bid, contract_amount=10000000, matter=matter)
	# the officer sees it before approval: 3,000,000 tops up the 100,000 already decided
	assert money(project.subsidy_amount) == Decimal("2900000.00")
	assert "补足差额 2,900,000.00 元" in project.prior_award_notes
	act(oc.leader, project, "Approve Project")
	project = frappe.get_doc(project.doctype, project.name)
	assert money(project.subsidy_amount) == Decimal("2900000.00")
	assert [money(r.amount) for r in project.instalments] == [Decimal("870000.00"), Decimal("2030000.00")]
	assert [money(f.amount) for f in project.funding] == [Decimal("1450000.00"), Decimal("1450000.00")]
	assert money(new_payment(oc, project, 1, funder_paid=3000000).amount) == Decimal("870000.00")


# ---- XX-INC §15 连续两年, and yearly caps on what was granted


def inc_carrier(name: str, seed: int):
	d = make_district("连续享受评估新城")
	org = make_org(name, d, seed)
	return org, certify("XX-INC", org, on="2021-06-01")


def inc_evaluation(carrier: str, year: int, state="Confirmed", **claim):
	return evaluation(
		"XX-INC",
		carrier,
		year,
		[{"item_code": "expert_score", "judged_points": 75}],
		state=state,
		claims=[{"rule": "inc_competition_invest", "matter": f"科创中国项目入驻（{year}）", **claim}],
	)


def test_inc_15_a_third_year_running_needs_the_bureaus_reason():
	"""原则上同一载体可连续两年享受该类补贴: 2023 and 2024 paid, 2025 refused with the years; the bureau
	officer's reason on the claim row lets 2026 go on; a district officer cannot give that reason."""
	officer = make_user("rules.officer@policy.test", ["Bureau Officer"])
	frappe.set_user("Administrator")
	org, carrier = inc_carrier("连续享受孵化器", 8811)
	for year in (2023, 2024):
		inc_evaluation(carrier, year, item_amounts="入驻项目甲, 300000")
		officer_publishes(officer, new_round("XX-INC", year))
		frappe.set_user("Administrator")
	paid = frappe.get_all(
		"Policy Reward",
		filters={"rule": "inc_competition_invest", "organization": org, "workflow_state": "Proposed"},
		fields=["year", "granted_amount"],
		order_by="year asc",
	)
	assert [(r.year, int(r.granted_amount)) for r in paid] == [(2023, 30000), (2024, 30000)]

	inc_evaluation(carrier, 2025, item_amounts="入驻项目乙, 500000")
	rnd = new_round("XX-INC", 2025)
	officer_publishes(officer, rnd)
	third = reward(rnd, "inc_competition_invest")
	assert third.workflow_state == "Dropped" and int(third.amount) == 0
	assert "原则上同一单位可连续 2 年享受该类补贴，已连续享受（2023、2024），本年不予兑现" in third.notes

	# the district officer, whose step the draft is, cannot give the bureau's reason to go on
	frappe.set_user("Administrator")
	d = frappe.db.get_value("Applicant Organization", org, "recommending_district")
	district_officer = make_user("rules.district@policy.test", ["District Officer"], districts=[d])
	name = inc_evaluation(carrier, 2026, item_amounts="入驻项目丙, 400000", state="")
	frappe.local.lang = "zh"
	frappe.set_user(district_officer)
	doc = frappe.get_doc("Policy Evaluation", name)
	doc.claims[0].override_reason = "区里认为应继续支持"
	with pytest.raises(frappe.PermissionError, match="只能由科技局填写"):
		doc.save()
	assert not frappe.db.get_value("Policy Evaluation Claim", {"parent": name}, "override_reason")


def test_inc_15_the_bureau_officer_gives_the_reason_and_the_third_year_is_paid():
	officer = make_user("rules.officer@policy.test", ["Bureau Officer"])
	frappe.set_user("Administrator")
	_org, carrier = inc_carrier("继续享受孵化器", 8812)
	for year in (2023, 2024):
		inc_evaluation(carrier, year, item_amounts="入驻项目甲, 300000")
		officer_publishes(officer, new_round("XX-INC", year))
		frappe.set_user("Administrator")
	name = inc_evaluation(carrier, 2025, item_amounts="入驻项目乙, 500000", state="")
	frappe.db.set_value("Policy Evaluation", name, "workflow_state", "Bureau Review")  # set-up
	# the bureau officer, whose step Bureau Review is, writes the reason on the claim row and confirms
	frappe.set_user(officer)
	doc = frappe.get_doc("Policy Evaluation", name)
	doc.claims[0].override_reason = "承接项目为新区重点产业链招引项目，局务会研究同意继续支持"
	doc.save()
	apply_workflow(frappe.get_doc("Policy Evaluation", name), "Confirm")
	rnd = new_round("XX-INC", 2025)
	officer_publishes(officer, rnd)
	third = reward(rnd, "inc_competition_invest")
	assert third.workflow_state == "Proposed" and int(third.granted_amount) == 50000
	assert "局方说明理由继续兑现：承接项目为新区重点产业链招引项目" in third.notes


def test_yearly_caps_count_what_the_bureau_granted_not_the_ceiling():
	"""XX-INC §17 每年最高30万元: a first award the bureau granted below its ceiling leaves the rest of the
	year's 300,000 to a later award of the same year. Set-up: the administrator marks §17 a ceiling (no
	shipped ceiling rule sits under a yearly cap)."""
	officer = make_user("rules.officer@policy.test", ["Bureau Officer"])
	frappe.set_user("Administrator")
	scheme = frappe.get_doc("Policy Scheme", "XX-INC")
	for r in scheme.reward_rules:
		if r.code == "inc_vc":
			r.ceiling = 1
	scheme.save()
	d = make_district("年度上限评估新城")
	org = make_org("年度上限孵化器", d, 8813)
	first, second = certify("XX-INC", org), certify("XX-INC", org, on="2023-07-01")
	evaluation(
		"XX-INC",
		first,
		2025,
		[{"item_code": "expert_score", "judged_points": 75}],
		claims=[{"rule": "inc_vc", "matter": "创投甲", "item_amounts": "在孵企业甲, 25000000"}],
	)
	r1 = new_round("XX-INC", 2025)
	officer_publishes(officer, r1)
	award = reward(r1, "inc_vc")
	assert int(award.amount) == 250000
	frappe.local.lang = "zh"
	desk_save("Policy Reward", award.name, granted_amount=150000, grant_reason="投资到位资金按实核定")
	assert int(frappe.db.get_value("Policy Reward", award.name, "granted_amount")) == 150000
	# the second carrier of the same organisation, same year: 1 % of 15,000,000 = 150,000 fits in full
	frappe.set_user("Administrator")
	evaluation(
		"XX-INC",
		second,
		2025,
		[{"item_code": "expert_score", "judged_points": 75}],
		claims=[{"rule": "inc_vc", "matter": "创投乙", "item_amounts": "在孵企业乙, 15000000"}],
	)
	r2 = new_round("XX-INC", 2025)
	officer_publishes(officer, r2)
	later = reward(r2, "inc_vc")
	assert int(later.amount) == 150000  # on the ceiling of 250,000 it would have been cut to 50,000
