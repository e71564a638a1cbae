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
	"contract, uncapped, subsidy, first, second",
	[
		("1000000", "300000.00", "300000.00", "90000.00", "210000.00"),
		("26666666", "7999999.80", "7999999.80", "2399999.94", "5599999.86"),
		("26666666.64", "7999999.99", "7999999.99", "2400000.00", "5599999.99"),
		("26666666.67", "8000000.00", "8000000.00", "2400000.00", "5600000.00"),
		("30000000", "9000000.00", "8000000.00", "2400000.00", "5600000.00"),  # §13: at most 8,000,000
		("100000000", "30000000.00", "8000000.00", "2400000.00", "5600000.00"),
		("0.01", "0.00", "0.00", "0.00", "0.00"),
		("333.33", "100.00", "100.00", "30.00", "70.00"),
		("1234567.89", "370370.37", "370370.37", "111111.11", "259259.26"),
	],
)
def test_subsidy_is_30_percent_capped_at_8_million(schemes, contract, uncapped, subsidy, first, second):
	plan = plan_subsidy(schemes["XX-JBGS"], "tech_breakthrough", contract)
	assert plan.contract_amount == D(contract)
	assert plan.uncapped == D(uncapped) and plan.subsidy == D(subsidy)
	assert [i.amount for i in plan.instalments] == [D(first), D(second)]
	assert plan.instalments[0].amount + plan.instalments[1].amount == plan.subsidy
	assert [i.release_condition for i in plan.instalments] == ["funder_paid_share", "final_evaluation_passed"]
	assert plan.payee == "demand_side" and plan.rule == "jb_subsidy"


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
	assert e.value.field == "funder_paid" and e.value.value == "2999999.99"
	assert "30" in e.value.zh and "3,000,000.00" in e.value.en
	with pytest.raises(PolicyError) as e:
		release_instalment(plan, 1)  # no proof of payment at all
	assert e.value.field == "funder_paid" and e.value.value == "0.00"
	assert release_instalment(plan, 1, funder_paid="3000000") == D("900000.00")  # exactly 30 %
	assert release_instalment(plan, 1, funder_paid="10000000") == D("900000.00")  # more changes nothing
	with pytest.raises(PolicyError, match="must be paid first"):
		release_instalment(plan, 2, final_evaluation_passed=True)
	with pytest.raises(PolicyError) as e:
		release_instalment(plan, 2, paid_seqs=[1], final_evaluation_passed=False)
	assert e.value.field == "final_evaluation_passed" and e.value.value is False
	assert release_instalment(plan, 2, paid_seqs=[1], final_evaluation_passed=True) == D("2100000.00")
	with pytest.raises(PolicyError, match="already paid") as e:
		release_instalment(plan, 1, paid_seqs=[1], funder_paid="3000000")
	assert e.value.field == "seq" and e.value.value == 1
	with pytest.raises(PolicyError) as e:
		release_instalment(plan, 3, paid_seqs=[1, 2])
	assert e.value.field == "seq" and e.value.value == 3


def test_thirty_percent_of_the_contract_is_not_rounded_down(schemes):
	# 30 % of 1,000,000.01 is 300,000.003: paying 300,000.00 is short of it, 300,000.01 is not
	plan = plan_subsidy(schemes["XX-JBGS"], "tech_breakthrough", "1000000.01")
	with pytest.raises(PolicyError) as e:
		release_instalment(plan, 1, funder_paid="300000.00")
	assert e.value.field == "funder_paid" and "300,000.01" in e.value.en
	assert release_instalment(plan, 1, funder_paid="300000.01") == plan.instalments[0].amount == D("90000.00")


def test_capped_subsidy_first_instalment_and_its_release(schemes):
	plan = plan_subsidy(schemes["XX-JBGS"], "commercialisation", "30000000")
	# the solver must invest 30 % of the contract (9,000,000) before 30 % of the capped subsidy
	assert plan.payee == "solver" and plan.subsidy == D("8000000")
	with pytest.raises(PolicyError):
		release_instalment(plan, 1, funder_paid="8999999.99")
	assert release_instalment(plan, 1, funder_paid="9000000") == D("2400000.00")
	assert release_instalment(plan, 2, paid_seqs=[1], final_evaluation_passed=True) == D("5600000.00")


def test_termination_objective_and_subjective(schemes):
	s = schemes["XX-JBGS"]
	plan = plan_subsidy(s, "tech_breakthrough", "10000000")
	obj = settle_termination(s, plan, "900000", "objective")
	assert obj.cancelled == D("2100000.00") and obj.recover == 0 and obj.blacklist_years == 0
	subj = settle_termination(s, plan, "900000", "subjective")
	assert subj.recover == D("900000.00") and subj.cancelled == D("2100000.00") and subj.blacklist_years == 3
	late = settle_termination(s, plan, "0", "not_accepted")  # §17: not accepted on time
	assert late.cancelled == plan.subsidy and late.recover == 0 and late.blacklist_years == 0
	everything = settle_termination(s, plan, "3000000", "subjective")
	assert everything.recover == D("3000000.00") and everything.cancelled == 0
	assert everything.recover + everything.cancelled == plan.subsidy
	with pytest.raises(PolicyError) as e:
		settle_termination(s, plan, "3000000.01", "objective")
	assert e.value.field == "paid" and e.value.value == "3000000.01"
	with pytest.raises(PolicyError) as e:
		settle_termination(s, plan, "0", "bad luck")
	assert e.value.field == "cause" and e.value.value == "bad luck" and e.value.zh and e.value.en


@pytest.mark.parametrize("bad", [None, "", "-1", "-0.01", "abc", "NaN", "Infinity", True, "0"])
def test_bad_amounts(schemes, bad):
	with pytest.raises(PolicyError) as e:
		plan_subsidy(schemes["XX-JBGS"], "tech_breakthrough", bad)
	assert e.value.field == "contract_amount" and e.value.value == bad and e.value.zh and e.value.en


@pytest.mark.parametrize(
	"claim, field, value",
	[
		({"rule": "svc_operations"}, "base_amount", None),  # a missing amount
		({"rule": "svc_operations", "base_amount": D("-1")}, "base_amount", D("-1")),  # a negative one
		({"rule": "svc_cultivate_hte"}, "units", None),
		({"rule": "svc_cultivate_hte", "units": -2}, "units", -2),
		(
			{"rule": "svc_attraction", "items": [ClaimItem(ref="甲", amount=D("-5"))]},
			"items[甲].amount",
			D("-5"),
		),
		({"rule": "svc_nothing"}, "reward_rule", "svc_nothing"),
	],
)
def test_bad_claims(schemes, claim, field, value):
	with pytest.raises(PolicyError) as e:
		compute_awards(schemes["XX-SVC"], [Claim(organisation="O", year=2025, **claim)])
	assert e.value.field == field and e.value.value == value and e.value.zh and e.value.en


# ---- XX-SVC §8


def test_svc_operations_support_above_500000_only(schemes):
	s = schemes["XX-SVC"]  # §8(二): revenue 超过 50 万元, 5 %, at most 500,000 a year
	at = one(s, rule="svc_operations", base_amount="500000")
	assert at.amount == 0 and "不予奖励" in at.notes_zh[0] and "nothing due" in at.notes_en[0]
	assert one(s, rule="svc_operations", base_amount="500000.01").amount == D("25000.00")
	assert one(s, rule="svc_operations", base_amount="499999.99").amount == 0
	assert one(s, rule="svc_operations", base_amount="9999999.99").amount == D("500000.00")
	assert one(s, rule="svc_operations", base_amount="10000000").amount == D("500000.00")
	big = one(s, rule="svc_operations", base_amount="20000000")
	assert big.computed == D("1000000.00") and big.amount == D("500000.00")  # capped
	# a second claim the same year gets only what the yearly 500,000 left
	first, second = compute_awards(
		s,
		[
			Claim(rule="svc_operations", organisation="O", year=2025, matter="a", base_amount=D("8000000")),
			Claim(rule="svc_operations", organisation="O", year=2025, matter="b", base_amount=D("4000000")),
		],
	)
	assert (first.amount, second.computed, second.amount) == (D("400000.00"), D("200000.00"), D("100000.00"))


def test_svc_attraction_per_firm_and_per_year(schemes):
	s = schemes["XX-SVC"]
	a = one(
		s,
		rule="svc_attraction",
		items=[ClaimItem(ref="甲", amount=D("5000000")), ClaimItem(ref="乙", amount=D("20000000"))],
	)
	assert a.amount == D("150000.00")  # 50,000 + min(200,000, 100,000)
	assert "乙" in a.notes_zh[0] and "per-item cap" in a.notes_en[0]
	edge = one(
		s,
		rule="svc_attraction",
		items=[ClaimItem(ref="丙", amount=D("10000000")), ClaimItem(ref="丁", amount=D("10000100"))],
	)
	assert edge.amount == D("200000.00") and len(edge.notes_zh) == 1  # 100,000 exactly is not cut
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


def test_svc_cultivation_together(schemes):
	awards = compute_awards(
		schemes["XX-SVC"],
		[
			Claim(rule="svc_cultivate_hte", organisation="O", year=2025, units=2),
			Claim(rule="svc_cultivate_gazelle", organisation="O", year=2025, units=1),
			Claim(rule="svc_cultivate_listing", organisation="O", year=2025, units=1),
			Claim(rule="svc_cultivate_unicorn", organisation="O", year=2025, units=1),
			Claim(rule="svc_cultivate_unicorn", organisation="O", year=2025, matter="u2", units=0),
		],
	)
	assert [a.amount for a in awards] == [20000, 30000, 50000, 200000, 0]


def test_svc_recognition_awards(schemes):
	s = schemes["XX-SVC"]  # §8(一)
	assert one(s, rule="svc_first_recognition").amount == 100000
	assert one(s, rule="svc_first_provincial").amount == 200000
	assert one(s, rule="svc_first_city").amount == 150000


# ---- XX-INC §14-19


def test_inc_high_tech_eight_times_20000_against_150000(schemes):
	a = one(schemes["XX-INC"], rule="inc_hightech", units=8)  # §16
	assert a.computed == 160000 and a.amount == 150000
	assert "第十六条" in a.notes_zh[-1] and "10,000.00" in a.notes_zh[-1] and "yearly cap" in a.notes_en[-1]
	assert one(schemes["XX-INC"], rule="inc_hightech", units=7).amount == 140000
	# spread over the year: 4 + 3 + 1 firms -> 80,000, 60,000, then only 10,000 is left
	awards = compute_awards(
		schemes["XX-INC"],
		[
			Claim(
				rule="inc_hightech",
				organisation="O",
				year=2025,
				matter=f"m{i}",
				units=n,
				on=date(2025, 3 + i, 1),
			)
			for i, n in enumerate((4, 3, 1))
		],
	)
	assert [a.amount for a in awards] == [80000, 60000, 10000]
	# a new year starts again
	(nxt,) = compute_awards(
		schemes["XX-INC"], [Claim(rule="inc_hightech", organisation="O", year=2026, units=1)]
	)
	assert nxt.amount == 20000


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
	assert "第十五条" in prize.notes_zh[-1]
	# exactly 100,000 together is not cut
	claims[1] = claims[1].model_copy(update={"items": [ClaimItem(ref="q", amount=D("200000"))]})
	invest, prize = compute_awards(s, claims)
	assert invest.amount + prize.amount == 100000 and not prize.notes_zh


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


def test_highest_only_keeps_the_earlier_of_equal_awards(schemes):
	s = schemes["XX-INC"]
	later = compute_claim(
		s, Claim(rule="inc_up_incubator_city", organisation="O", year=2025, matter="m", on=date(2025, 9, 1))
	)
	earlier = compute_claim(
		s, Claim(rule="inc_up_incubator_city", organisation="O", year=2025, matter="m", on=date(2025, 3, 1))
	)
	highest_only([later, earlier])
	assert not earlier.dropped and later.dropped and later.amount == 0
	assert "highest only" in later.notes_en[-1]


def test_highest_only_across_svc_and_inc_for_the_same_firm(schemes):
	# one firm attracted by an institution that is also an incubator: XX-SVC §12 / XX-INC §20
	svc = compute_claim(
		schemes["XX-SVC"],
		Claim(rule="svc_cultivate_gazelle", organisation="O", year=2025, matter="firm-Y", units=1),
	)
	inc = compute_claim(
		schemes["XX-INC"], Claim(rule="inc_hightech", organisation="O", year=2025, matter="firm-Y", units=1)
	)
	highest_only([inc, svc])
	assert svc.amount == 30000 and not svc.dropped
	assert (
		inc.dropped and inc.amount == 0 and "XX-SVC" in inc.notes_zh[-1] and "30,000.00" in inc.notes_zh[-1]
	)
	# different matters of the same organisation are both paid
	other = compute_claim(
		schemes["XX-INC"], Claim(rule="inc_hightech", organisation="O", year=2025, matter="firm-Z", units=1)
	)
	highest_only([svc, other])
	assert not other.dropped and other.amount == 20000


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


@pytest.mark.parametrize(
	"amount, area, city",
	[
		("500000", "250000.00", "250000.00"),
		("300000", "150000.00", "150000.00"),
		("0.01", "0.01", "0.00"),
		("333333.33", "166666.67", "166666.66"),
		("1", "0.50", "0.50"),
		("0", "0.00", "0.00"),
	],
)
def test_funding_split_sums_exactly(schemes, amount, area, city):
	for code in ("XX-BASE", "XX-JBGS", "XX-SVC", "XX-INC"):  # XX-BASE §21, XX-JBGS §25, XX-SVC §13, XX-INC §5
		parts = split_funding(schemes[code], amount)
		assert parts == [("new_area", D(area)), ("new_city", D(city))]
		assert sum(a for _, a in parts) == D(amount)


def test_funding_split_follows_the_configured_shares(schemes):
	s = schemes["XX-BASE"]
	area, city = s.funding_shares
	sixty = s.model_copy(
		update={
			"funding_shares": [
				area.model_copy(update={"share_percent": D(60)}),
				city.model_copy(update={"share_percent": D(40)}),
			]
		}
	)
	assert split_funding(sixty, "500000") == [("new_area", D("300000.00")), ("new_city", D("200000.00"))]
	assert split_funding(sixty, "0.05") == [("new_area", D("0.03")), ("new_city", D("0.02"))]
	# a scheme without shares pays everything from one purse
	assert split_funding(schemes["ZJ-BASE"], "1000") == [("", D("1000.00"))]
	with pytest.raises(PolicyError) as e:
		split_funding(s, "-1")
	assert e.value.field == "amount" and e.value.value == "-1"


# ---- 就高不重复 across publications


def _award(amount, matter="hte:甲公司"):
	from policy_app.engine.money import Award

	return Award(
		scheme="XX-SVC",
		rule="svc_cultivate_hte",
		article="第十条",
		label_zh="辅导培育高新技术企业",
		label_en="",
		organisation="ORG-1",
		year=2025,
		matter=matter,
		computed=Decimal(amount),
		amount=Decimal(amount),
	)


def test_prior_higher_award_drops_the_new_one():
	from policy_app.engine.money import PriorAward, against_prior

	a = _award("10000")
	drop = against_prior(a, [PriorAward(key="RW-1", scheme="XX-INC", amount=Decimal("20000"))])
	assert drop == [] and a.dropped and a.amount == 0
	assert "就高不重复" in a.notes_zh[0] and "XX-INC" in a.notes_zh[0]


def test_tie_keeps_the_earlier_award():
	from policy_app.engine.money import PriorAward, against_prior

	a = _award("20000")
	assert against_prior(a, [PriorAward(key="RW-1", scheme="XX-INC", amount=Decimal("20000"))]) == []
	assert a.dropped


def test_higher_new_award_withdraws_open_and_tops_up_settled():
	from policy_app.engine.money import PriorAward, against_prior

	a = _award("30000")
	drop = against_prior(
		a,
		[
			PriorAward(key="RW-1", scheme="XX-INC", amount=Decimal("10000"), settled=True),
			PriorAward(key="RW-2", scheme="XX-INC", amount=Decimal("20000")),
		],
	)
	assert drop == ["RW-2"]
	assert not a.dropped and a.amount == Decimal("20000")  # 30,000 highest − 10,000 already paid


def test_no_prior_leaves_the_award_alone():
	from policy_app.engine.money import against_prior

	a = _award("30000")
	assert against_prior(a, []) == [] and a.amount == Decimal("30000") and not a.dropped


# ---- 最高 is a ceiling (XX-BASE §18, XX-INC §19)


def test_xx_base_18_up_to_500000_for_excellent_and_300000_for_good(schemes):
	"""§18：分别给予最高50万元和30万元的奖励性后补助工作经费 — any amount up to it, a lower one with a reason."""
	from policy_app.engine.money import grant

	s = schemes["XX-BASE"]
	excellent, good = s.rule("xx_reward_excellent"), s.rule("xx_reward_good")
	assert excellent.ceiling and good.ceiling
	full = grant(excellent, "500000", "500000")
	assert full.amount == D("500000.00") and not full.note_zh
	less = grant(excellent, "500000", "420000", "考评材料中两项合作成果未经核实")
	assert less.amount == D("420000.00") and less.ceiling == D("500000.00")
	assert (
		less.note_zh == "第十八条：最高 500,000.00 元，核定 420,000.00 元（考评材料中两项合作成果未经核实）"
	)
	assert grant(good, "300000", "0.01", "仅核定工作经费的一部分").amount == D("0.01")
	with pytest.raises(PolicyError) as e:  # a lower amount needs its reason
		grant(good, "300000", "250000", "   ")
	assert e.value.field == "grant_reason" and "须说明理由" in e.value.zh and "300,000.00" in e.value.zh
	with pytest.raises(PolicyError) as e:  # never above the ceiling, not by a fen
		grant(excellent, "500000", "500000.01", "多发")
	assert e.value.field == "granted_amount" and "超过上限 500,000.00 元" in e.value.zh
	with pytest.raises(PolicyError):
		grant(excellent, "500000", "-1", "负数")


def test_the_ceiling_is_what_the_caps_left(schemes):
	"""Caps still hold: XX-INC §19 最高100万 is granted at most, and a §15 amount cut by its 10万 cap
	(每年最高10万元) is granted at most what the cap left."""
	from policy_app.engine.money import grant

	s = schemes["XX-INC"]
	national = s.rule("inc_up_incubator_national")
	assert (
		national.ceiling and grant(national, "1000000", "600000", "新认定当年场地面积核减").amount == 600000
	)
	invest, prize = compute_awards(
		s,
		[
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
		],
	)
	assert prize.amount == 20000
	with pytest.raises(PolicyError):
		grant(s.rule("inc_competition_prize"), prize.amount, "20000.01", "x")


def test_a_fixed_amount_is_not_a_ceiling(schemes):
	"""XX-INC §14 首次评定为优秀的给予30万元补贴奖励: no 最高, so the bureau cannot grant less."""
	from policy_app.engine.money import grant

	first = schemes["XX-INC"].rule("inc_first_excellent")
	assert not first.ceiling
	assert grant(first, "300000", "300000").amount == 300000
	with pytest.raises(PolicyError) as e:
		grant(first, "300000", "200000", "预算不足")
	assert "不是最高额" in e.value.zh and "第十四条第1项" in e.value.zh


# ---- XX-INC §15 原则上同一载体可连续两年享受该类补贴


def _invest(year, reason=""):
	return Claim(
		rule="inc_competition_invest",
		organisation="O",
		year=year,
		matter=f"invest-{year}",
		items=[ClaimItem(ref="p", amount=D("300000"))],
		override_reason=reason,
	)


def test_inc_15_two_consecutive_years_as_a_rule(schemes):
	s = schemes["XX-INC"]
	assert s.rule("inc_competition_invest").max_consecutive_years == 2
	# first and second year running: paid (10 % of 300,000)
	(a,) = compute_awards(s, [_invest(2025)], enjoyed={("O", "inc_competition_invest"): [2024]})
	assert a.amount == 30000 and not a.dropped
	# a third year running: not paid, with the years in the reason
	(a,) = compute_awards(s, [_invest(2025)], enjoyed={("O", "inc_competition_invest"): [2023, 2024]})
	assert a.dropped and a.amount == 0
	assert a.notes_zh == [
		"第十五条：原则上同一单位可连续 2 年享受该类补贴，已连续享受（2023、2024），本年不予兑现"
	]
	# a gap restarts the run: 2022 and 2023, nothing in 2024
	(a,) = compute_awards(s, [_invest(2025)], enjoyed={("O", "inc_competition_invest"): [2022, 2023]})
	assert a.amount == 30000
	# another carrier's years do not count; the prize part of §15 has no such limit
	(a,) = compute_awards(s, [_invest(2025)], enjoyed={("P", "inc_competition_invest"): [2023, 2024]})
	assert a.amount == 30000


def test_inc_15_the_bureau_overrides_with_a_reason_and_the_caps_hold(schemes):
	"""原则上: the bureau may go on with its reason; §15 每年最高10万元 and §18 still apply."""
	s = schemes["XX-INC"]
	claim = _invest(2025, "承接项目为新区重点产业链招引项目").model_copy(
		update={"items": [ClaimItem(ref="p", amount=D("2000000"))]}
	)
	(a,) = compute_awards(s, [claim], enjoyed={("O", "inc_competition_invest"): [2023, 2024]})
	assert not a.dropped and a.computed == 200000 and a.amount == 100000
	assert "局方说明理由继续兑现：承接项目为新区重点产业链招引项目" in a.notes_zh[0]
	assert "第十五条" in a.notes_zh[-1] and "100,000.00" in a.notes_zh[-1]


def test_consecutive_run():
	from policy_app.engine.money import consecutive_run

	assert consecutive_run([2023, 2024], 2025) == [2023, 2024]
	assert consecutive_run([2021, 2023], 2025) == []
	assert consecutive_run([2024, 2022, 2023, 2025], 2025) == [2022, 2023, 2024]


# ---- XX-JBGS §24 就高不重复 and §25 split for project subsidies


def test_jbgs_24_project_subsidy_against_another_award_of_the_same_matter(schemes):
	"""§24 同一企业就同一事项满足多个奖补政策的，按“就高不重复”原则予以兑现."""
	from policy_app.engine.money import PriorAward, against_prior, subsidy_award

	s = schemes["XX-JBGS"]
	plan = plan_subsidy(s, "tech_breakthrough", "5000000")  # 30 % = 1,500,000
	a = subsidy_award(s, plan, "ORG", 2026, "氢能电堆攻关", date(2026, 3, 1))
	assert a.amount == D("1500000.00") and a.article == "第十三条" and a.matter == "氢能电堆攻关"
	# an award of 2,000,000 already made for the matter: the subsidy is dropped
	higher = PriorAward(key="RW-1", scheme="XX-SVC", article="第八条", label_zh="x", amount=D("2000000"))
	assert against_prior(a, [higher]) == [] and a.dropped and a.amount == 0
	assert "就高不重复" in a.notes_zh[0] and "2,000,000.00" in a.notes_zh[0]
	# a lower one already paid: the subsidy tops it up to the highest; an open one is withdrawn
	a = subsidy_award(s, plan, "ORG", 2026, "氢能电堆攻关")
	paid = PriorAward(key="RW-2", scheme="XX-INC", amount=D("100000"), settled=True)
	open_ = PriorAward(key="RW-3", scheme="XX-BASE", amount=D("50000"))
	assert against_prior(a, [paid, open_]) == ["RW-3"]
	assert a.amount == D("1400000.00") and "补足差额 1,400,000.00 元" in a.notes_zh[0]


def test_jbgs_25_subsidy_split_by_the_funding_shares(schemes):
	"""§25 本办法所需奖补资金由新区及新城按财政体制分别承担 (shipped default 50/50)."""
	s = schemes["XX-JBGS"]
	assert [f.article for f in s.funding_shares] == ["第二十五条", "第二十五条"]
	plan = plan_subsidy(s, "commercialisation", "33333333.33")  # capped at 8,000,000
	assert split_funding(s, plan.subsidy) == [("new_area", D("4000000.00")), ("new_city", D("4000000.00"))]
	plan = plan_subsidy(s, "tech_breakthrough", "0.11")  # 0.03: the last payer takes the remainder
	assert split_funding(s, plan.subsidy) == [("new_area", D("0.02")), ("new_city", D("0.01"))]


# ---- XX-JBGS §13 最高800万元 is a ceiling; §24 and §25 re-plan what is paid


def test_jbgs_13_at_most_8_million_is_a_ceiling_and_the_instalments_follow_the_grant(schemes):
	"""§13 按照30%的比例，给予最高800万元补贴; §15 …拨付核定支持资金的30%。通过综合绩效评价后拨付剩余额度."""
	s = schemes["XX-JBGS"]
	assert s.rule("jb_subsidy").ceiling
	plan = plan_subsidy(s, "tech_breakthrough", "30000000")  # 30 % = 9,000,000 → at most 8,000,000
	assert plan.uncapped == D("9000000.00") and plan.ceiling == plan.granted == plan.subsidy == D(
		"8000000.00"
	)
	# the bureau grants 6,000,000 with its reason: the 30 % first instalment is of the granted amount
	plan = plan_subsidy(
		s, "tech_breakthrough", "30000000", granted="6000000", grant_reason="配套资金到位不足"
	)
	assert plan.ceiling == D("8000000.00") and plan.granted == plan.subsidy == D("6000000.00")
	assert [d.amount for d in plan.instalments] == [D("1800000.00"), D("4200000.00")]
	assert plan.notes_zh == ["第十三条：最高 8,000,000.00 元，核定 6,000,000.00 元（配套资金到位不足）"]
	assert release_instalment(plan, 1, funder_paid="9000000") == D("1800000.00")
	# never above the ceiling, not by a fen; lower needs its reason
	with pytest.raises(PolicyError) as e:
		plan_subsidy(s, "tech_breakthrough", "30000000", granted="8000000.01", grant_reason="多补")
	assert "超过上限 8,000,000.00 元" in e.value.zh
	with pytest.raises(PolicyError) as e:
		plan_subsidy(s, "tech_breakthrough", "30000000", granted="7000000")
	assert e.value.field == "grant_reason" and "须说明理由" in e.value.zh
	# under the cap the ceiling is the 30 % itself: 10,000,000 → at most 3,000,000
	plan = plan_subsidy(s, "commercialisation", "10000000", granted="2000000", grant_reason="核减")
	assert plan.ceiling == D("3000000.00") and [d.amount for d in plan.instalments] == [
		D("600000.00"),
		D("1400000.00"),
	]


def test_jbgs_24_the_subsidy_left_by_another_award_is_what_the_instalments_pay(schemes):
	"""§24 同一企业就同一事项满足多个奖补政策的，按“就高不重复”原则予以兑现: the project pays only what the
	other award of the matter does not already hold, in the §15 instalments."""
	from policy_app.engine.money import PriorAward, replan, subsidy_against_prior

	s = schemes["XX-JBGS"]
	plan = plan_subsidy(s, "tech_breakthrough", "5000000")  # 1,500,000
	settled = PriorAward(key="RW-1", scheme="XX-SVC", article="第八条", amount=D("500000"), settled=True)
	open_ = PriorAward(key="RW-2", scheme="XX-INC", amount=D("100000"))
	paid, withdraw = subsidy_against_prior(s, plan, "ORG", 2026, "氢能电堆攻关", [settled, open_])
	assert withdraw == ["RW-2"] and paid.granted == D("1500000.00") and paid.subsidy == D("1000000.00")
	assert [d.amount for d in paid.instalments] == [D("300000.00"), D("700000.00")]
	assert "补足差额 1,000,000.00 元" in paid.notes_zh[0]
	# an award of 2,000,000 for the same matter: the subsidy is not paid, no instalment is planned
	higher = PriorAward(
		key="RW-3", scheme="XX-SVC", article="第八条", label_zh="运营支持", amount=D("2000000")
	)
	none, withdraw = subsidy_against_prior(s, plan, "ORG", 2026, "氢能电堆攻关", [higher])
	assert withdraw == [] and none.subsidy == 0 and none.instalments == []
	assert "就高不重复" in none.notes_zh[0] and "2,000,000.00" in none.notes_zh[0]
	# no other award: the plan is unchanged
	same, withdraw = subsidy_against_prior(s, plan, "ORG", 2026, "氢能电堆攻关", [])
	assert same == plan and withdraw == []
	# what approval decided is re-planned later, never above the grant
	assert [d.amount for d in replan(s, plan, "1000000").instalments] == [D("300000.00"), D("700000.00")]
	with pytest.raises(PolicyError):
		replan(s, plan, "1500000.01")


def test_jbgs_25_funding_rows_of_the_subsidy(schemes):
	"""§25 本办法所需奖补资金由新区及新城按财政体制分别承担: the rows stored and printed on the project."""
	from policy_app.engine.money import funding_rows

	s = schemes["XX-JBGS"]
	rows = funding_rows(s, plan_subsidy(s, "tech_breakthrough", "6000000.03").subsidy)  # 1,800,000.01
	assert [(r["payer"], r["share_percent"], r["amount"]) for r in rows] == [
		("new_area", D(50), D("900000.01")),
		("new_city", D(50), D("900000.00")),
	]
	assert rows[0]["payer_label"].startswith("新区承担") and funding_rows(s, 0) == []
	assert sum(r["amount"] for r in rows) == D("1800000.01")
