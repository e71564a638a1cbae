"""SPEC §5: rubric scoring, grade bands, gates, quotas, promotion, history and medals."""

from decimal import Decimal

import pytest

from policy_app.engine import EvaluationInput, PolicyError, grade_cohort, score
from policy_app.engine.scoring import band_for

D = Decimal


def base(record, outputs_items=None, ops=None, sat=(5, 5), **kw):
	"""An XX-BASE evaluation: operations 2 + 3 + 13 × 2 = 31, capped at 30; outputs from the given items."""
	items = {"plan": 1, "funding": 1, "staff_fulltime": 13, "served_party": sat[0], "authority": sat[1]}
	items.update(ops or {})
	items.update(outputs_items or {})
	return EvaluationInput(record=record, organisation=record, year=2025, items=items, **kw)


def outputs(points):
	"""Outputs section worth exactly `points` (multiples of 0.5) through judged trainings and projects."""
	points = D(str(points))
	landed = []
	while points >= 30:
		landed.append(30)
		points -= 30
	items = {}
	if landed:
		items["projects_landed"] = landed
	if points >= 5:
		items["park_agreements"] = [min(points, 10)]
		points -= min(points, 10)
	if points >= 5:
		items["rd_results"] = [min(points, 8)]
		points -= min(points, 8)
	if points:
		parts = []
		while points > 0:
			p = min(points, D(3))
			parts.append(p)
			points -= p
		items["trainings"] = parts
	return items


def test_item_section_total_with_caps_and_bonus(schemes):
	s = schemes["XX-BASE"]
	card = score(
		s,
		EvaluationInput(
			record="r",
			items={
				"plan": 1,
				"funding": 1,
				"staff_fulltime": 3,
				"staff_parttime": 3,
				"info_system": 0,
				"overseas_partners": 4,
				"overseas_stations": [3, 1],
				"publicity": [0.1, 0.5],
				"projects_landed": [30, 30, 30],
				"served_party": 4.5,
				"authority": 5,
				"highlights": 2,
			},
		),
	)
	# 2 + 3 + 3×2 + 3×0.5 + 4×0.5 + (3+1) + (0.1+0.5) = 19.1
	assert card.sections["operations"] == D("19.1")
	assert card.uncapped_sections["outputs"] == 90 and card.sections["outputs"] == 60  # capped at 60
	assert card.sections["satisfaction"] == D("9.5")
	assert card.sections["bonus"] == 2
	assert card.total == D("90.6")
	big = score(s, EvaluationInput(record="r", items={"staff_fulltime": 40}))
	assert big.sections["operations"] == 30


@pytest.mark.parametrize(
	"total, grade",
	[
		("80", "excellent"),
		("79.9", "good"),
		("70", "good"),
		("69.5", "pass"),
		("60", "pass"),
		("59.9", "fail"),
		("0", "fail"),
		("110", "excellent"),
	],
)
def test_xx_base_bands(schemes, total, grade):
	assert band_for(schemes["XX-BASE"], D(total)).grade == grade


@pytest.mark.parametrize(
	"total, grade",
	[("85", "pass"), ("85.5", "excellent"), ("60", "pass"), ("59.9", "fail"), ("100", "excellent")],
)
def test_xx_inc_bands_85_is_pass(schemes, total, grade):
	assert band_for(schemes["XX-INC"], D(total)).grade == grade


def test_gates_and_the_outstanding_contribution(schemes):
	s = schemes["XX-BASE"]
	r = grade_cohort(
		s,
		[
			base("o50", outputs(50)),  # 30 + 50 + 10 = 90: excellent
			base("o49", outputs(49.5)),  # 89.5 but outputs < 50: good
			base("o39", outputs(39.5), ops={"highlights": 10}),  # 89.5 but outputs < 40: pass
			base("o39x", outputs(39.5), ops={"highlights": 10}, outstanding=True),  # waived: excellent
		]
		+ [base(f"f{i}", sat=(0, 0), ops={"staff_fulltime": 0}) for i in range(6)],
	)
	by = {x.record: x for x in r}
	assert by["o50"].card.sections["outputs"] == 50 and by["o50"].final_grade == "excellent"
	assert by["o49"].raw_grade == "excellent" and by["o49"].final_grade == "good"
	assert "第十七条" in by["o49"].reason("zh")
	assert by["o39"].final_grade == "pass" and len(by["o39"].changes) == 2
	assert by["o39x"].final_grade == "excellent" and "突出贡献" in by["o39x"].reason("zh")


def test_forty_percent_quota_by_grade_then_score(schemes):
	s = schemes["XX-BASE"]
	cohort = [base(f"e{i}", outputs(60), ops={"highlights": i}) for i in range(3)]  # excellent
	cohort += [base("g_high", outputs(45), ops={"highlights": 10})]  # 95 but gated to good
	cohort += [base("g_low", outputs(40), sat=(1, 1))]  # 72: good
	cohort += [base(f"p{i}", outputs(25)) for i in range(5)]  # 65: pass
	r = {x.record: x for x in grade_cohort(s, cohort)}  # 10 bases: at most 4 excellent + good
	top = [k for k, v in r.items() if v.final_grade in ("excellent", "good")]
	assert len(top) == 4
	assert {"e0", "e1", "e2", "g_high"} == set(top)  # an excellent keeps its place before a gated good
	assert r["g_low"].final_grade == "pass" and "第十六条" in r["g_low"].reason("zh")


def test_quota_with_ties_at_the_cutoff(schemes):
	s = schemes["XX-BASE"]
	# 10 bases, 4 places; 3 clear excellents and two identical goods tied for the 4th place
	cohort = [base(f"e{i}", outputs(60), ops={"highlights": i}) for i in range(3)]
	cohort += [
		base("t1", outputs(40), sat=(2.5, 2.5)),
		base("t2", outputs(40), sat=(2.5, 2.5)),
	]  # 75, same sections
	cohort += [base(f"p{i}", outputs(22)) for i in range(5)]
	r = {x.record: x for x in grade_cohort(s, cohort)}
	assert [r[k].final_grade for k in ("t1", "t2")] == ["pass", "pass"]
	assert "同分并列" in r["t1"].reason("zh")
	assert sum(x.final_grade in ("excellent", "good") for x in r.values()) == 3
	# the tie-breaker decides when totals are equal but outputs differ: more outputs keeps the place
	cohort[4] = base("t2", outputs(41), ops={"staff_fulltime": 12}, sat=(2.5, 2.5))  # 29 + 41 + 5 = 75 too
	r = {x.record: x for x in grade_cohort(s, cohort)}
	assert r["t2"].card.total == r["t1"].card.total == 75
	assert r["t2"].final_grade == "good" and r["t1"].final_grade == "pass"


def test_top_ten_percent_promoted_with_85_not_excellent(schemes):
	s = schemes["XX-INC"]
	scores = [84, 80, 75, 70, 65, 62, 61, 60, 59, 50, 40, 30, 85, 85.5, 20, 10, 10, 10, 10, 10, 10]
	cohort = [EvaluationInput(record=f"i{n}", items={"expert_score": v}) for n, v in enumerate(scores)]
	r = {x.record: x for x in grade_cohort(s, cohort)}
	# 21 carriers: floor(10 % × 21) = 2 places; 85.5 is excellent already, 85 (pass) is second: promoted
	assert r["i13"].final_grade == "excellent" and not r["i13"].changes
	assert (
		r["i12"].raw_grade == "pass"
		and r["i12"].final_grade == "excellent"
		and "前 10%" in r["i12"].reason("zh")
	)
	assert r["i0"].final_grade == "pass"  # 84 is third
	assert sum(x.final_grade == "excellent" for x in r.values()) == 2


def test_promotion_takes_a_tied_group_whole_and_never_a_fail(schemes):
	s = schemes["XX-INC"]
	cohort = [EvaluationInput(record=f"a{n}", items={"expert_score": 70}) for n in range(2)]
	cohort += [EvaluationInput(record=f"b{n}", items={"expert_score": 65}) for n in range(18)]
	r = {x.record: x for x in grade_cohort(s, cohort)}
	assert r["a0"].final_grade == r["a1"].final_grade == "excellent"  # 2 places of 20
	cohort = [EvaluationInput(record=f"c{n}", items={"expert_score": 50}) for n in range(10)]
	assert all(x.final_grade == "fail" for x in grade_cohort(s, cohort))


def test_two_consecutive_fails_revoke(schemes):
	r = grade_cohort(
		schemes["XX-BASE"],
		[base("a", sat=(0, 0), ops={"staff_fulltime": 0}, previous_grades=["pass", "fail"])],
	)[0]
	assert r.final_grade == "fail" and any(a.step.endswith(":revoke") for a in r.actions)
	r = grade_cohort(
		schemes["XX-BASE"],
		[base("a", sat=(0, 0), ops={"staff_fulltime": 0}, previous_grades=["fail", "pass"])],
	)[0]
	assert not any(a.step.endswith(":revoke") for a in r.actions)
	zj = grade_cohort(
		schemes["ZJ-BASE"], [EvaluationInput(record="z", grade="fail", previous_grades=["fail"])]
	)[0]
	revoke = [a for a in zj.actions if a.step.endswith(":revoke")]
	assert revoke and "3 年内不得再次申报" in revoke[0].reason_zh
	inc = grade_cohort(
		schemes["XX-INC"],
		[EvaluationInput(record="i", items={"expert_score": 59.9}, previous_grades=["fail"])],
	)[0]
	assert any(a.step.endswith(":revoke") for a in inc.actions)


def test_assigned_grades_need_the_experts_grade(schemes):
	with pytest.raises(PolicyError) as e:
		grade_cohort(schemes["QD-BASE"], [EvaluationInput(record="q")])
	assert e.value.field == "grade"
	with pytest.raises(PolicyError):
		grade_cohort(schemes["QD-BASE"], [EvaluationInput(record="q", grade="superb")])
	qd = grade_cohort(schemes["QD-BASE"], [EvaluationInput(record="q", grade="fail")])[0]
	assert [a.step.split(":")[-1] for a in qd.actions] == ["rectify"]


def svc(level, grade, paid=()):
	return EvaluationInput(
		record="s", organisation="S", year=2025, grade=grade, medal_level=level, paid_once=list(paid)
	)


def test_medals_climb_drop_and_vanish(schemes):
	s = schemes["XX-SVC"]
	first = grade_cohort(s, [svc(0, "excellent")])[0]
	assert first.medal == "bronze" and first.reward_total == 100000
	second = grade_cohort(s, [svc(1, "excellent", ["svc_medal_bronze"])])[0]
	assert second.medal == "silver" and second.reward_total == 200000
	third = grade_cohort(s, [svc(2, "excellent", ["svc_medal_bronze", "svc_medal_silver"])])[0]
	assert third.medal == "gold" and third.reward_total == 300000
	stays = grade_cohort(
		s, [svc(3, "excellent", ["svc_medal_bronze", "svc_medal_silver", "svc_medal_gold"])]
	)[0]
	assert stays.medal == "gold" and stays.reward_total == 0
	drop = grade_cohort(s, [svc(3, "pass")])[0]
	assert drop.medal == "silver" and drop.reward_total == 0
	gone = grade_cohort(s, [svc(2, "fail")])[0]
	assert gone.medal is None and gone.medal_level == 0
	# climbing back to silver after a drop pays nothing again
	again = grade_cohort(s, [svc(1, "excellent", ["svc_medal_bronze", "svc_medal_silver"])])[0]
	assert again.medal == "silver" and again.reward_total == 0


def test_xx_base_rewards_and_xx_inc_first_grades(schemes):
	r = {
		x.record: x
		for x in grade_cohort(
			schemes["XX-BASE"],
			[base("e", outputs(60)), base("g", outputs(40), sat=(0, 0))]
			+ [base(f"p{i}", outputs(20)) for i in range(3)],
		)
	}
	assert r["e"].reward_total == 500000 and r["g"].reward_total == 300000 and r["p0"].reward_total == 0
	inc = schemes["XX-INC"]
	first = grade_cohort(inc, [EvaluationInput(record="i", organisation="I", items={"expert_score": 90})])[0]
	assert first.reward_total == 300000
	later = grade_cohort(
		inc,
		[
			EvaluationInput(
				record="i", organisation="I", items={"expert_score": 90}, paid_once=["inc_first_excellent"]
			)
		],
	)[0]
	assert later.reward_total == 0
	passing = grade_cohort(
		inc,
		[
			EvaluationInput(
				record="i", organisation="I", items={"expert_score": 70}, paid_once=["inc_first_excellent"]
			)
		],
	)[0]
	assert passing.reward_total == 100000


@pytest.mark.parametrize(
	"items, field",
	[
		({"staff_fulltime": 2.5}, "items.staff_fulltime"),
		({"staff_fulltime": -1}, "items.staff_fulltime"),
		({"staff_fulltime": "many"}, "items.staff_fulltime"),
		({"projects_landed": [31]}, "items.projects_landed"),
		({"projects_landed": [4]}, "items.projects_landed"),
		({"served_party": 5.5}, "items.served_party"),
		({"rocket_launches": 1}, "items.rocket_launches"),
	],
)
def test_bad_rubric_input(schemes, items, field):
	with pytest.raises(PolicyError) as e:
		score(schemes["XX-BASE"], EvaluationInput(record="r", items=items))
	assert e.value.field == field and e.value.zh and e.value.en
	given = list(items.values())[0]
	assert e.value.value in (given, *(given if isinstance(given, list) else []), "rocket_launches")


def test_duplicate_records_are_refused(schemes):
	with pytest.raises(PolicyError) as e:
		grade_cohort(schemes["XX-BASE"], [base("a"), base("a")])
	assert e.value.field == "record" and e.value.value == "a"
