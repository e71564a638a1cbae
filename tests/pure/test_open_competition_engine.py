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
	"bad_credit_3y": False,
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
	tb = check_party(jb, "solver", "tech_breakthrough", {"bad_credit_3y": False}, ON, "S")
	assert tb.eligible and {c.code for c in tb.conditions} == {"jb22_credit"}
	cm = check_party(jb, "solver", "commercialisation", {"bad_credit_3y": False}, ON, "S")
	assert not cm.eligible and [f.code for f in cm.failures] == ["jb23_area"]
	credit = check_party(jb, "solver", "tech_breakthrough", {"bad_credit_3y": True}, ON, "S")
	assert [f.code for f in credit.failures] == ["jb22_credit"]


def test_a_standing_ban_refuses_and_an_ended_one_does_not(jb):
	ban = Ban(organisation="S", scheme="XX-JBGS", until=date(2029, 11, 23), reason_zh="第十九条")
	refused = check_party(jb, "solver", "tech_breakthrough", {"bad_credit_3y": False}, ON, "S", [ban])
	assert not refused.eligible and refused.failures[0].code == "ban"
	later = check_party(
		jb, "solver", "tech_breakthrough", {"bad_credit_3y": False}, date(2029, 11, 23), "S", [ban]
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
