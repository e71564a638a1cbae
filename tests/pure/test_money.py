"""SPEC §6: subsidies, instalments, clawback, reward kinds, every cap, 就高不重复, funding split."""

from datetime import date
from decimal import Decimal

import pytest

from policy_app.engine import (
	Claim,
	PolicyError,
	compute_awards,
	highest_only,
	plan_subsidy,
	release_instalment,
	settle_termination,
	split_funding,
)
from policy_app.engine.money import ClaimItem, compute_claim

D = Decimal


def one(scheme, **claim):
	(a,) = compute_awards(scheme, [Claim(organisation="O", year=2025, **claim)])
	return a


# ---- XX-JBGS §13-19


@pytest.mark.parametrize(
	"contract, subsidy",
	[
		("1000000", "300000.00"),
		("26666666", "7999999.80"),
		("26666666.67", "8000000.00"),
		("30000000", "8000000.00"),
	],
)
def test_subsidy_is_30_percent_capped_at_8_million(schemes, contract, subsidy):
	plan = plan_subsidy(schemes["XX-JBGS"], "tech_breakthrough", contract)
	assert plan.subsidy == min(D(subsidy), D("8000000")).quantize(D("0.01"))
	assert plan.subsidy <= 8000000 and plan.payee == "demand_side"
	assert sum(i.amount for i in plan.instalments) == plan.subsidy


def test_commercialisation_pays_the_solver(schemes):
	assert plan_subsidy(schemes["XX-JBGS"], "commercialisation", 1000000).payee == "solver"
	with pytest.raises(PolicyError) as e:
		plan_subsidy(schemes["XX-JBGS"], "moonshot", 1000000)
	assert e.value.value == "moonshot"


def test_instalments_need_their_evidence_in_order(schemes):
	plan = plan_subsidy(schemes["XX-JBGS"], "tech_breakthrough", "10000000")  # subsidy 3,000,000
	first, second = plan.instalments
	assert first.amount == D("900000.00") and second.amount == D("2100000.00")
	with pytest.raises(PolicyError) as e:
		release_instalment(plan, 1, funder_paid="2999999.99")  # below 30 % of the contract
	assert e.value.field == "funder_paid" and "30" in e.value.zh
	assert release_instalment(plan, 1, funder_paid="3000000") == D("900000.00")
	with pytest.raises(PolicyError, match="must be paid first"):
		release_instalment(plan, 2, final_evaluation_passed=True)
	with pytest.raises(PolicyError) as e:
		release_instalment(plan, 2, paid_seqs=[1], final_evaluation_passed=False)
	assert e.value.field == "final_evaluation_passed"
	assert release_instalment(plan, 2, paid_seqs=[1], final_evaluation_passed=True) == D("2100000.00")
	with pytest.raises(PolicyError, match="already paid"):
		release_instalment(plan, 1, paid_seqs=[1], funder_paid="3000000")


def test_termination_objective_and_subjective(schemes):
	s = schemes["XX-JBGS"]
	plan = plan_subsidy(s, "tech_breakthrough", "10000000")
	obj = settle_termination(s, plan, "900000", "objective")
	assert obj.cancelled == D("2100000.00") and obj.recover == 0 and obj.blacklist_years == 0
	subj = settle_termination(s, plan, "900000", "subjective")
	assert subj.recover == D("900000.00") and subj.cancelled == D("2100000.00") and subj.blacklist_years == 3
	late = settle_termination(s, plan, "0", "not_accepted")
	assert late.cancelled == plan.subsidy and late.recover == 0
	with pytest.raises(PolicyError):
		settle_termination(s, plan, "3000000.01", "objective")


@pytest.mark.parametrize("bad", [None, "", "-1", "abc", "NaN", True])
def test_bad_amounts(schemes, bad):
	with pytest.raises(PolicyError) as e:
		plan_subsidy(schemes["XX-JBGS"], "tech_breakthrough", bad)
	assert e.value.field == "contract_amount" and e.value.zh and e.value.en


# ---- XX-SVC §8


def test_svc_operations_support_above_500000_only(schemes):
	s = schemes["XX-SVC"]
	assert one(s, rule="svc_operations", base_amount="500000").amount == 0
	assert one(s, rule="svc_operations", base_amount="500000.01").amount == D("25000.00")
	assert one(s, rule="svc_operations", base_amount="10000000").amount == D("500000.00")
	assert one(s, rule="svc_operations", base_amount="20000000").amount == D("500000.00")  # capped


def test_svc_attraction_per_firm_and_per_year(schemes):
	s = schemes["XX-SVC"]
	a = one(
		s,
		rule="svc_attraction",
		items=[ClaimItem(ref="甲", amount=D("5000000")), ClaimItem(ref="乙", amount=D("20000000"))],
	)
	assert a.amount == D("150000.00")  # 50,000 + min(200,000, 100,000)
	claims = [
		Claim(
			rule="svc_attraction",
			organisation="O",
			year=2025,
			matter=f"m{i}",
			items=[ClaimItem(ref=f"f{i}", amount=D("10000000"))],
		)
		for i in range(35)
	]
	awards = compute_awards(s, claims)
	assert sum(x.amount for x in awards) == D("3000000.00")
	assert (
		awards[29].amount == 100000 and awards[30].amount == 0 and "年度累计上限" in awards[30].notes_zh[-1]
	)


@pytest.mark.parametrize(
	"rule, each",
	[
		("svc_cultivate_hte", 10000),
		("svc_cultivate_gazelle", 30000),
		("svc_cultivate_listing", 50000),
		("svc_cultivate_unicorn", 200000),
	],
)
def test_svc_cultivation_per_unit(schemes, rule, each):
	assert one(schemes["XX-SVC"], rule=rule, units=3).amount == 3 * each


def test_svc_recognition_awards(schemes):
	s = schemes["XX-SVC"]
	assert one(s, rule="svc_first_recognition").amount == 100000
	assert one(s, rule="svc_first_provincial").amount == 200000
	assert one(s, rule="svc_first_city").amount == 150000


# ---- XX-INC §14-19


def test_inc_high_tech_eight_times_20000_against_150000(schemes):
	a = one(schemes["XX-INC"], rule="inc_hightech", units=8)
	assert a.computed == 160000 and a.amount == 150000
	assert one(schemes["XX-INC"], rule="inc_hightech", units=7).amount == 140000


def test_inc_article_15_parts_together_at_most_100000(schemes):
	s = schemes["XX-INC"]
	claims = [
		Claim(
			rule="inc_competition_invest",
			organisation="O",
			year=2025,
			matter="invest",
			items=[ClaimItem(ref="p", amount=D("800000"))],
		),
		Claim(
			rule="inc_competition_prize",
			organisation="O",
			year=2025,
			matter="prize",
			items=[ClaimItem(ref="q", amount=D("500000"))],
		),
	]
	invest, prize = compute_awards(s, claims)
	assert invest.amount == 80000 and prize.computed == 50000 and prize.amount == 20000


def test_inc_vc_one_percent_capped_at_300000(schemes):
	a = one(schemes["XX-INC"], rule="inc_vc", items=[ClaimItem(ref="A", amount=D("50000000"))])
	assert a.computed == 500000 and a.amount == 300000


def test_inc_articles_14_to_17_together_at_most_500000(schemes):
	s = schemes["XX-INC"]
	claims = [
		Claim(
			rule="inc_first_excellent", organisation="O", year=2025, matter="grade", on=date(2025, 3, 1)
		),  # 300,000
		Claim(
			rule="inc_hightech", organisation="O", year=2025, matter="hte", units=5, on=date(2025, 4, 1)
		),  # 100,000
		Claim(
			rule="inc_vc",
			organisation="O",
			year=2025,
			matter="vc",
			items=[ClaimItem(ref="A", amount=D("20000000"))],
			on=date(2025, 5, 1),
		),  # 200,000
	]
	awards = compute_awards(s, claims)
	assert [a.amount for a in awards] == [300000, 100000, 100000]
	assert sum(a.amount for a in awards) == 500000 and "第十八条" in awards[2].notes_zh[-1]
	# another organisation has its own cap; upgrade awards (§19) are outside the §18 cap
	other = compute_awards(
		s,
		[Claim(rule="inc_up_incubator_national", organisation="P", year=2025)]
		+ [c.model_copy(update={"organisation": "P"}) for c in claims],
	)
	assert other[0].amount == 1000000 and sum(a.amount for a in other[1:]) == 500000


def test_already_paid_counts_against_the_caps(schemes):
	s = schemes["XX-INC"]
	paid = {("O", 2025, "inc_hightech"): D("140000")}
	(a,) = compute_awards(s, [Claim(rule="inc_hightech", organisation="O", year=2025, units=1)], paid)
	assert a.amount == 10000


def test_caps_only_lower(schemes):
	a = one(schemes["XX-INC"], rule="inc_hightech", units=1)
	assert a.amount == a.computed == 20000


# ---- 就高不重复


def test_highest_only_for_one_matter_of_one_organisation(schemes):
	svc, inc = schemes["XX-SVC"], schemes["XX-INC"]
	a = compute_claim(
		svc,
		Claim(rule="svc_cultivate_hte", organisation="O", year=2025, matter="firm-X high-tech 2025", units=1),
	)
	b = compute_claim(
		inc, Claim(rule="inc_hightech", organisation="O", year=2025, matter="firm-X high-tech 2025", units=1)
	)
	c = compute_claim(
		inc, Claim(rule="inc_hightech", organisation="Q", year=2025, matter="firm-X high-tech 2025", units=1)
	)
	kept = highest_only([a, b, c])
	assert not b.dropped and b.amount == 20000
	assert a.dropped and a.amount == 0 and "就高不重复" in a.notes_zh[-1] and "XX-INC" in a.notes_zh[-1]
	assert not c.dropped  # another organisation
	assert kept == [a, b, c]


def test_highest_only_within_a_scheme_and_equal_amounts(schemes):
	s = schemes["XX-INC"]
	awards = compute_awards(
		s,
		[
			Claim(rule="inc_up_maker_city", organisation="O", year=2025, matter="upgrade"),
			Claim(rule="inc_up_incubator_city", organisation="O", year=2025, matter="upgrade"),
		],
	)
	assert [a.amount for a in awards] == [0, 100000] and awards[0].dropped
	same = compute_awards(
		s, [Claim(rule="inc_up_incubator_city", organisation="O", year=2025, matter="m")] * 2
	)
	assert [a.dropped for a in same] == [False, True]


# ---- funding split (XX-BASE §21 …)


@pytest.mark.parametrize("amount", ["500000", "0.01", "333333.33", "1"])
def test_funding_split_sums_exactly(schemes, amount):
	parts = split_funding(schemes["XX-BASE"], amount)
	assert [p for p, _ in parts] == ["new_area", "new_city"]
	assert sum(a for _, a in parts) == D(amount)
