"""XX-JBGS checks of engine/open_competition.py, with the shipped scheme."""

from datetime import date
from decimal import Decimal

import pytest

from policy_app.engine.eligibility import Ban
from policy_app.engine.errors import PolicyError
from policy_app.engine.money import plan_subsidy
from policy_app.engine.open_competition import (
	PartyLink,
	check_party,
	check_period,
	check_yearly_limit,
	payee_side,
	qualification_criteria,
	related_parties,
)

ON = date(2026, 11, 23)
TB_FACTS = {
	"registered_taxed_counted_in_area": True,
	"no_bad_credit_3y": True,
	"urgent_need": True,
	"funding_ready": True,
	"key_field": True,
	"description_complete": True,
}


@pytest.fixture
def jb(schemes):
	return schemes["XX-JBGS"]


def test_payee_follows_the_category(jb):
	assert payee_side(jb, "tech_breakthrough") == "demand_side"
	assert payee_side(jb, "commercialisation") == "solver"
	with pytest.raises(PolicyError):
		payee_side(jb, "no_such_category")


def test_demand_side_answers_its_category_and_the_general_conditions(jb):
	ok = check_party(jb, "demand_side", "tech_breakthrough", TB_FACTS, ON, "A")
	codes = {c.code for c in ok.conditions}
	assert ok.eligible
	assert codes == {"jb23_area", "jb22_credit", "jb6_tb_need", "jb6_tb_funds", "jb6_tb_field", "jb6_tb_desc"}
	bad = check_party(jb, "demand_side", "tech_breakthrough", {**TB_FACTS, "urgent_need": False}, ON, "A")
	assert [f.code for f in bad.failures] == ["jb6_tb_need"]
	assert "第六条" in bad.failures[0].reason_zh


def test_solver_answers_the_general_conditions_and_the_area_only_when_paid(jb):
	tb = check_party(jb, "solver", "tech_breakthrough", {"no_bad_credit_3y": True}, ON, "S")
	assert tb.eligible and {c.code for c in tb.conditions} == {"jb22_credit"}
	cm = check_party(jb, "solver", "commercialisation", {"no_bad_credit_3y": True}, ON, "S")
	assert not cm.eligible and [f.code for f in cm.failures] == ["jb23_area"]
	credit = check_party(jb, "solver", "tech_breakthrough", {"no_bad_credit_3y": False}, ON, "S")
	assert [f.code for f in credit.failures] == ["jb22_credit"]


def test_a_standing_ban_refuses_and_an_ended_one_does_not(jb):
	ban = Ban(organisation="S", scheme="XX-JBGS", until=date(2029, 11, 23), reason_zh="第十九条")
	refused = check_party(jb, "solver", "tech_breakthrough", {"no_bad_credit_3y": True}, ON, "S", [ban])
	assert not refused.eligible and refused.failures[0].code == "ban"
	later = check_party(
		jb, "solver", "tech_breakthrough", {"no_bad_credit_3y": True}, date(2029, 11, 23), "S", [ban]
	)
	assert later.eligible


def test_related_parties_either_side_by_record_or_name():
	assert related_parties("A", "甲公司", [], "B", "乙公司", []) is None
	by_solver = related_parties(
		"A", "甲公司", [], "B", "乙公司", [PartyLink(related_organization="A", relation="Shareholding")]
	)
	assert by_solver and "持股关系" in by_solver[0] and "Shareholding" in by_solver[1]
	by_name = related_parties(
		"A", "甲公司", [PartyLink(related_name=" 乙 公司", relation="Same Controller")], "B", "乙公司", []
	)
	assert by_name and "同一实际控制人" in by_name[0]
	assert related_parties("A", "甲公司", [], "A", "甲公司", []) is not None


def test_period_is_one_to_three_years(jb):
	start = date(2026, 1, 1)
	check_period(jb, start, date(2026, 12, 31))  # exactly 1 year
	check_period(jb, start, date(2028, 12, 31))  # exactly 3 years
	for end in (date(2026, 12, 30), date(2029, 1, 1), date(2025, 12, 31)):
		with pytest.raises(PolicyError):
			check_period(jb, start, end)


def test_yearly_limit_of_ten(jb):
	check_yearly_limit(jb, 2026, 9)
	with pytest.raises(PolicyError) as e:
		check_yearly_limit(jb, 2026, 10)
	assert "第二十一条" in e.value.message("zh") and "10" in e.value.message("en")


def test_qualification_criteria_per_category(jb):
	assert [c[0] for c in qualification_criteria(jb, "tech_breakthrough")] == ["jb9_tb_strength", "jb9_tb_ip"]
	assert [c[0] for c in qualification_criteria(jb, "commercialisation")] == [
		"jb9_cm_team",
		"jb9_cm_support",
	]


@pytest.mark.parametrize(
	"contract, subsidy",
	[("26666666", "7999999.80"), ("26666667", "8000000.00"), ("100000000", "8000000.00")],
)
def test_subsidy_cap_boundary(jb, contract, subsidy):
	plan = plan_subsidy(jb, "tech_breakthrough", contract)
	assert plan.subsidy == Decimal(subsidy)
	assert sum(d.amount for d in plan.instalments) == plan.subsidy


# ---- §19 黑名单: 三年内不得申报新区级科技计划项目 — every New Area programme, not only XX-JBGS


#: a day on which every shipped scheme is in force
IN_FORCE = date(2026, 3, 2)


def test_19_blacklist_blocks_every_new_area_programme(schemes, jb):
	from policy_app.engine.eligibility import ban_of, check_eligibility

	assert jb.deadline("blacklist").binds_jurisdiction and jb.deadline("blacklist").years == 3
	ban = ban_of(jb, "S", date(2029, 11, 23), "第十九条", "第十九条 主观原因终止的主责方")
	assert ban.jurisdiction == "Xixian" and ban.scheme == "XX-JBGS"
	for code in ("XX-JBGS", "XX-BASE", "XX-SVC", "XX-INC"):
		result = check_eligibility(schemes[code], {}, on=IN_FORCE, organisation="S", bans=[ban])
		assert "ban" in [f.code for f in result.failures], code
		assert "至 2029-11-23" in next(f.reason_zh for f in result.failures if f.code == "ban")
	# Zhejiang, Chongqing, Qingdao are not New Area programmes; another organisation is not banned
	for code in ("ZJ-BASE", "CQ-BASE", "QD-BASE"):
		result = check_eligibility(schemes[code], {}, on=IN_FORCE, organisation="S", bans=[ban])
		assert "ban" not in [f.code for f in result.failures], code
	other = check_eligibility(schemes["XX-BASE"], {}, on=IN_FORCE, organisation="T", bans=[ban])
	assert "ban" not in [f.code for f in other.failures]
	# the ban ends on its last day
	short = ban_of(jb, "S", IN_FORCE, "第十九条")
	ended = check_eligibility(schemes["XX-BASE"], {}, on=IN_FORCE, organisation="S", bans=[short])
	assert "ban" not in [f.code for f in ended.failures]


def test_a_fraud_ban_of_xx_base_binds_its_own_scheme_only(schemes):
	"""XX-BASE §14 撤销后不得再次申报 stays with the cooperation-base scheme."""
	from policy_app.engine.eligibility import ban_of, check_eligibility

	ban = ban_of(schemes["XX-BASE"], "S", date(2029, 1, 1), "第十四条")
	assert ban.jurisdiction is None
	inc = check_eligibility(schemes["XX-INC"], {}, on=IN_FORCE, organisation="S", bans=[ban])
	assert "ban" not in [f.code for f in inc.failures]


# ---- §17 未按期验收的视为自动终止


def test_17_not_accepted_on_time_is_terminated(jb):
	from policy_app.engine.open_competition import not_accepted_on_time

	end = date(2027, 6, 30)
	assert not_accepted_on_time(end, end) is None  # the last day still belongs to the period
	zh, en = not_accepted_on_time(end, date(2027, 7, 1))
	assert zh == "第十七条：项目应于 2027-06-30 前验收，未按期验收，视为自动终止" and "§17" in en


def test_17_acceptance_held_on_time_but_not_yet_confirmed_is_not_terminated(jb):
	from policy_app.engine.open_competition import not_accepted_on_time

	end = date(2027, 6, 30)
	assert not_accepted_on_time(end, date(2027, 9, 1), acceptance_held_on=date(2027, 6, 30)) is None
	assert not_accepted_on_time(end, date(2027, 9, 1), acceptance_held_on=date(2027, 7, 1)) is not None


# ---- a "no" is a result with its reasons, not an exception


def test_refusals_are_verdicts_with_the_article(jb):
	from policy_app.engine.errors import Refusal
	from policy_app.engine.money import release_instalment
	from policy_app.engine.verdict import judge

	v = judge(check_yearly_limit, jb, 2026, 10)
	assert not v.ok and v.article == "第二十一条" and "达到每年 10 个的上限" in v.reasons_zh[0]
	assert judge(check_yearly_limit, jb, 2026, 9).ok
	v = judge(check_period, jb, date(2026, 1, 1), date(2029, 1, 1))
	assert not v.ok and v.article == "第十七条" and "2028-12-31" in v.reasons_zh[0]
	plan = plan_subsidy(jb, "tech_breakthrough", "1000000")
	v = judge(release_instalment, plan, 2)
	assert not v.ok and v.article == "第十五条" and v.reasons_zh == ["第 1 期尚未拨付"]
	v = judge(release_instalment, plan, 1, funder_paid="299999.99")
	assert not v.ok and "低于合同额的 30%（300,000.00 元）" in v.reasons_zh[0]
	assert judge(release_instalment, plan, 1, funder_paid="300000").value == Decimal("90000.00")
	# bad input stays an error
	with pytest.raises(PolicyError) as e:
		judge(release_instalment, plan, 1, funder_paid="-5")
	assert not isinstance(e.value, Refusal)


def test_s12_acceptance_is_held_after_the_start_and_not_in_the_future():
	from policy_app.engine.errors import Refusal
	from policy_app.engine.open_competition import check_acceptance_date

	start, today = date(2026, 3, 1), date(2026, 12, 2)
	check_acceptance_date(start, start, today)  # the start day itself
	check_acceptance_date(start, today, today)
	with pytest.raises(Refusal, match="早于项目开始日期 2026-03-01") as e:
		check_acceptance_date(start, date(2026, 2, 28), today)
	assert e.value.article == "第十二条"
	with pytest.raises(Refusal, match="尚未到来"):
		check_acceptance_date(start, date(2026, 12, 3), today)
