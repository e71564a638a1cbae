"""SPEC §5, a whole evaluation round: gates (XX-BASE §17), the 40 % ceiling with ties (§16), the
top-10 % promotion (XX-INC §11), consecutive fails and other history (XX-BASE §16, ZJ §18/§22,
CQ §15, QD §14-15, XX-SVC §11, XX-INC §10), medals (XX-SVC §8.4) and the grade rewards."""

from decimal import Decimal

import pytest

from policy_app.engine import (
	Claim,
	EvaluationInput,
	PolicyError,
	grade_cohort,
	history_actions,
	split_funding,
)
from policy_app.engine.money import ClaimItem

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


def test_gates_and_the_outstanding_contribution(schemes):
	s = schemes["XX-BASE"]
	r = grade_cohort(
		s,
		[
			base("o50", outputs(50)),  # 30 + 50 + 10 = 90: excellent
			base("o49", outputs(49.5)),  # 89.5 but outputs < 50: good
			base("o39", outputs(39.5), ops={"highlights": 10}),  # 89.5 but outputs < 40: pass
			base("o39x", outputs(39.5), ops={"highlights": 10}, outstanding=True),  # waived: excellent
			base("o40", outputs(40), ops={"highlights": 10}),  # 90, outputs exactly 40: good
		]
		+ [base(f"f{i}", sat=(0, 0), ops={"staff_fulltime": 0}) for i in range(6)],
	)
	by = {x.record: x for x in r}
	assert by["o50"].card.sections["outputs"] == 50 and by["o50"].final_grade == "excellent"
	assert by["o49"].raw_grade == "excellent" and by["o49"].final_grade == "good"
	assert "第十七条" in by["o49"].reason("zh")
	assert by["o39"].final_grade == "pass" and len(by["o39"].changes) == 2
	assert by["o39x"].final_grade == "excellent" and "突出贡献" in by["o39x"].reason("zh")
	assert by["o40"].final_grade == "good" and [c.step for c in by["o40"].changes] == ["gate:outputs_50"]


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


def svc(level, grade, paid=(), before=()):
	return EvaluationInput(
		record="s",
		organisation="S",
		year=2025,
		grade=grade,
		medal_level=level,
		paid_once=list(paid),
		previous_grades=list(before),
	)


def test_xx_svc_s8_4_first_two_and_three_consecutive_excellent_years_give_bronze_silver_gold(schemes):
	"""§8(四): 对首次达到优秀等次的、连续两年达到优秀等次的、连续三年达到优秀等次的，相应授予“铜牌”
	“银牌”“金牌”称号，并分别给予 10 万元、20 万元、30 万元奖励."""
	s = schemes["XX-SVC"]
	first = grade_cohort(s, [svc(0, "excellent")])[0]
	assert first.medal == "bronze" and first.reward_total == 100000
	second = grade_cohort(s, [svc(1, "excellent", ["svc_medal_bronze"], ["excellent"])])[0]
	assert second.medal == "silver" and second.reward_total == 200000
	third = grade_cohort(
		s, [svc(2, "excellent", ["svc_medal_bronze", "svc_medal_silver"], ["excellent"] * 2)]
	)[0]
	assert third.medal == "gold" and third.reward_total == 300000
	assert "第八条第（四）项" in third.reason("zh")
	(medal,) = third.actions
	assert (medal.kind, medal.rule, medal.article, medal.action) == (
		"medal",
		"gold",
		"第八条第（四）项",
		None,
	)
	stays = grade_cohort(
		s,
		[svc(3, "excellent", ["svc_medal_bronze", "svc_medal_silver", "svc_medal_gold"], ["excellent"] * 3)],
	)[0]
	assert stays.medal == "gold" and stays.reward_total == 0


def test_xx_svc_s8_4_one_excellent_year_after_a_pass_is_not_two_in_a_row(schemes):
	"""§8(四): 银牌 is for 连续两年达到优秀等次. A bronze whose previous year was 合格 (one excellent,
	then 合格 took silver down to bronze) stays bronze on one 优秀; before, one 优秀 climbed a level
	whatever came before."""
	s = schemes["XX-SVC"]
	paid = ["svc_medal_bronze", "svc_medal_silver"]
	once = grade_cohort(s, [svc(1, "excellent", paid, ["excellent", "excellent", "pass"])])[0]
	assert once.medal == "bronze" and once.reward_total == 0 and not once.actions
	twice = grade_cohort(s, [svc(1, "excellent", paid, ["excellent", "excellent", "pass", "excellent"])])[0]
	assert twice.medal == "silver" and twice.reward_total == 0  # silver's award was paid once already
	# a silver left by a drop from gold is kept, not lowered, by a single 优秀; gold needs three in a row
	kept = grade_cohort(s, [svc(2, "excellent", paid, ["excellent"] * 3 + ["pass"])])[0]
	assert kept.medal == "silver"
	back = grade_cohort(
		s, [svc(2, "excellent", paid, ["excellent"] * 3 + ["pass", "excellent", "excellent"])]
	)[0]
	assert back.medal == "gold"


def test_xx_svc_s8_4_no_excellent_drops_one_level_and_a_fail_strips_the_title(schemes):
	"""§8(四): 若在后续考核评估中未达到优秀等次，对其进行逐级降级；若考核评估为不合格，直接取消其对应称号."""
	s = schemes["XX-SVC"]
	drop = grade_cohort(s, [svc(3, "pass", before=["excellent"] * 3)])[0]
	assert drop.medal == "silver" and drop.reward_total == 0
	assert grade_cohort(s, [svc(1, "pass", before=["excellent"])])[0].medal is None
	gone = grade_cohort(s, [svc(3, "fail", before=["excellent"] * 3)])[0]
	assert gone.medal is None and gone.medal_level == 0
	assert "金牌示范机构" in gone.reason("zh") and "无" in gone.reason("zh")


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


def test_duplicate_records_are_refused(schemes):
	with pytest.raises(PolicyError) as e:
		grade_cohort(schemes["XX-BASE"], [base("a"), base("a")])
	assert e.value.field == "record" and e.value.value == "a"


def pad(n, prefix="f"):
	"""Bases that fail: they count in the cohort (for the 40 %) without taking a place."""
	return [base(f"{prefix}{i}", sat=(0, 0), ops={"staff_fulltime": 0}) for i in range(n)]


def grades(results):
	return {r.record: r.final_grade for r in results}


def test_the_good_gate_on_a_good_score(schemes):
	# 30 + 39.5 + 5 = 74.5 is a good score, but outputs below 40 cannot be good
	(r, *_) = grade_cohort(schemes["XX-BASE"], [base("g", outputs(39.5), sat=(2.5, 2.5))] + pad(9))
	assert r.raw_grade == "good" and r.final_grade == "pass"
	assert [c.step for c in r.changes] == ["gate:outputs_40"]
	assert "40" in r.reason("zh") and "40" in r.reason("en")


def test_outstanding_contribution_lifts_both_gates_but_not_the_band(schemes):
	s = schemes["XX-BASE"]
	r = {
		x.record: x
		for x in grade_cohort(
			s,
			[
				base("e", outputs(30), ops={"highlights": 10}, outstanding=True),  # 80 with outputs 30
				base("g", outputs(30), sat=(0, 0), ops={"highlights": 10}, outstanding=True),  # 70
				base("p", outputs(25), sat=(0, 0), outstanding=True),  # 55: still fails
			]
			+ pad(7),
		)
	}
	assert r["e"].final_grade == "excellent" and r["g"].final_grade == "good"
	assert r["p"].final_grade == "fail" and not r["p"].changes
	assert all("突出贡献" in c.reason_zh for c in r["e"].changes) and len(r["e"].changes) == 2
	assert "outstanding" in r["g"].reason("en")


@pytest.mark.parametrize(
	"size, places",
	[(1, 0), (2, 0), (3, 1), (5, 2), (10, 4), (12, 4), (13, 5), (25, 10)],
)
def test_forty_percent_is_a_ceiling_rounded_down(schemes, size, places):
	# everyone scores the same excellent 100 except for the bonus, which orders them
	cohort = [base(f"e{i:02}", outputs(60), ops={"highlights": i % 11}) for i in range(size)]
	r = grade_cohort(schemes["XX-BASE"], cohort)
	kept = sorted(x.card.total for x in r if x.final_grade == "excellent")
	assert len([x for x in r if x.final_grade in ("excellent", "good")]) <= places
	# ties at the cutoff may leave a place empty, never add one; with distinct totals every place is used
	if len({x.card.total for x in r}) == size:
		assert len(kept) == places
	demoted = [x for x in r if x.final_grade == "pass"]
	assert all(d.raw_grade == "excellent" and "第十六条" in d.reason("zh") for d in demoted)
	if kept and demoted:
		assert min(kept) > max(d.card.total for d in demoted)


def test_exactly_forty_percent_is_left_alone(schemes):
	s = schemes["XX-BASE"]
	four = [base(f"e{i}", outputs(60), ops={"highlights": i}) for i in range(2)]
	four += [base(f"g{i}", outputs(40), sat=(i, 0)) for i in range(2)]  # 70 and 71: good
	r = grade_cohort(s, four + pad(6))
	assert sum(x.final_grade in ("excellent", "good") for x in r) == 4
	assert all(x.final_grade == x.raw_grade for x in r)
	# one more good makes 5 of 11 > floor(4.4) = 4: the lowest good goes down
	r = {x.record: x for x in grade_cohort(s, four + [base("g9", outputs(40), sat=(3, 0))] + pad(6))}
	assert r["g0"].final_grade == "pass" and r["g1"].final_grade == "good" and r["g9"].final_grade == "good"


def test_a_tie_that_does_not_fit_blocks_everyone_below_it(schemes):
	s = schemes["XX-BASE"]
	cohort = [base(f"e{i}", outputs(60), ops={"highlights": i}) for i in range(3)]  # 3 excellents
	cohort += [base("t1", outputs(40), sat=(2.5, 2.5)), base("t2", outputs(40), sat=(2.5, 2.5))]  # 75, 75
	cohort += [base("g71", outputs(40), sat=(1, 0))]  # 71: would fit the 4th place by itself
	cohort += pad(4)  # 10 bases, 4 places
	r = {x.record: x for x in grade_cohort(s, cohort)}
	assert [r[k].final_grade for k in ("e0", "e1", "e2")] == ["excellent"] * 3
	assert [r[k].final_grade for k in ("t1", "t2", "g71")] == ["pass"] * 3
	assert "同分并列" in r["t1"].reason("zh") and "tied" in r["t2"].reason("en")
	assert "同分并列" not in r["g71"].reason("zh")


def test_tie_breakers_outputs_then_operations(schemes):
	s = schemes["XX-BASE"]
	e = [base(f"e{i}", outputs(60), ops={"highlights": i}) for i in range(3)]
	# all 75: a has outputs 42 (operations 28), b outputs 41 (29), c outputs 41 (operations 29 as well)
	a = base("a", outputs(42), ops={"staff_fulltime": 11, "staff_parttime": 2}, sat=(2.5, 2.5))
	b = base("b", outputs(41), ops={"staff_fulltime": 12}, sat=(2.5, 2.5))
	c = base("c", outputs(41), ops={"staff_fulltime": 11, "staff_parttime": 4}, sat=(2.5, 2.5))
	r = {x.record: x for x in grade_cohort(s, e + [a, b, c] + pad(4))}  # 10 bases, 4 places
	assert r["a"].card.total == r["b"].card.total == r["c"].card.total == 75
	assert r["a"].card.sections["outputs"] == 42 and r["b"].card.sections["operations"] == 29
	assert (r["a"].final_grade, r["b"].final_grade, r["c"].final_grade) == ("good", "pass", "pass")
	# with outputs equal, operations decide: b (29) beats d (28.5)
	d = base("d", outputs(41), ops={"staff_fulltime": 11, "staff_parttime": 3}, sat=(3, 2.5))  # 75 too
	r = {x.record: x for x in grade_cohort(s, e + [b, d] + pad(5))}
	assert r["d"].card.total == 75 and r["d"].card.sections["operations"] == D("28.5")
	assert r["b"].final_grade == "good" and r["d"].final_grade == "pass"


def test_the_ceiling_is_configurable(schemes):
	s = schemes["XX-BASE"]
	q = s.quotas[0]
	half = s.model_copy(update={"quotas": [q.model_copy(update={"percent": D(50)})]})
	cohort = [base(f"e{i}", outputs(60), ops={"highlights": i}) for i in range(5)] + pad(5)
	assert sum(x.final_grade == "excellent" for x in grade_cohort(s, cohort)) == 4
	assert sum(x.final_grade == "excellent" for x in grade_cohort(half, cohort)) == 5


def inc(record, pts, **kw):
	return EvaluationInput(record=record, organisation=record, year=2025, items={"expert_score": pts}, **kw)


def test_fewer_than_ten_carriers_promote_no_one(schemes):
	r = {
		x.record: x
		for x in grade_cohort(
			schemes["XX-INC"], [inc("a", 85), inc("b", 70)] + [inc(f"c{i}", 61) for i in range(7)]
		)
	}
	assert r["a"].final_grade == "pass" and not r["a"].changes  # 9 carriers: floor(0.9) = 0 places


def test_ten_carriers_promote_the_best_one(schemes):
	cohort = [inc("a", 85), inc("b", 84.5)] + [inc(f"c{i}", 61) for i in range(8)]
	r = {x.record: x for x in grade_cohort(schemes["XX-INC"], cohort)}
	assert r["a"].raw_grade == "pass" and r["a"].final_grade == "excellent"
	assert r["a"].changes[0].step == "quota:top_ten" and "第十一条" in r["a"].reason("zh")
	assert r["b"].final_grade == "pass"
	assert r["a"].reward_total == 300000 and r["b"].reward_total == 100000  # first excellent / first pass


def test_a_tie_for_the_last_promoted_place_is_promoted_whole(schemes):
	cohort = [inc("a", 80), inc("b", 80), inc("c", 79)] + [inc(f"d{i}", 65) for i in range(7)]
	r = {x.record: x for x in grade_cohort(schemes["XX-INC"], cohort)}  # 1 place, 2 share it
	assert r["a"].final_grade == r["b"].final_grade == "excellent" and r["c"].final_grade == "pass"
	# an excellent already at the top takes its place: nobody else is promoted
	cohort = [inc("x", 85.5), inc("a", 80)] + [inc(f"d{i}", 65) for i in range(8)]
	r = {x.record: x for x in grade_cohort(schemes["XX-INC"], cohort)}
	assert r["x"].final_grade == "excellent" and r["a"].final_grade == "pass"


def test_xx_inc_band_edges_in_a_small_round(schemes):
	r = grades(grade_cohort(schemes["XX-INC"], [inc("a", 85), inc("b", 85.5), inc("c", 60), inc("d", 59.9)]))
	assert r == {"a": "pass", "b": "excellent", "c": "pass", "d": "fail"}


def test_two_fails_in_a_row_for_each_scheme(schemes):
	def acts(code, inp):
		(r,) = grade_cohort(schemes[code], [inp])
		return {a.step.split(":")[-1]: a for a in r.actions}

	# XX-BASE §16: revoked, no ban written
	a = acts("XX-BASE", base("a", sat=(0, 0), ops={"staff_fulltime": 0}, previous_grades=["fail"]))
	assert set(a) == {"revoke"} and "年内不得" not in a["revoke"].reason_zh
	# ZJ §18: revoked and no new application for three years; a single fail is a reminder
	z = acts("ZJ-BASE", EvaluationInput(record="z", grade="fail", previous_grades=["fail"]))
	assert (
		"revoke" in z and "3 年内不得再次申报" in z["revoke"].reason_zh and "3 years" in z["revoke"].reason_en
	)
	assert set(acts("ZJ-BASE", EvaluationInput(record="z", grade="fail", previous_grades=["pass"]))) == {
		"warn"
	}
	# CQ §15 and QD §14-15: rectify after the first fail, revoke with a 3-year ban after the second
	for code in ("CQ-BASE", "QD-BASE"):
		assert set(acts(code, EvaluationInput(record="q", grade="fail"))) == {"rectify"}
		again = acts(code, EvaluationInput(record="q", grade="fail", previous_grades=["fail"]))
		assert "revoke" in again and "3 年" in again["revoke"].reason_zh
	# XX-INC §10: a fail means rectification; failing again the next year revokes
	assert set(acts("XX-INC", inc("i", 59.9))) == {"rectify"}
	assert "revoke" in acts("XX-INC", inc("i", 59.9, previous_grades=["fail"]))
	assert not acts("XX-INC", inc("i", 60, previous_grades=["fail"]))
	# XX-SVC §11: two fails in a row take the title away
	assert "revoke" in acts("XX-SVC", EvaluationInput(record="s", grade="fail", previous_grades=["fail"]))
	# fail, pass, fail is not two in a row
	assert not acts("ZJ-BASE", EvaluationInput(record="z", grade="pass", previous_grades=["fail"]))
	assert set(
		acts("ZJ-BASE", EvaluationInput(record="z", grade="fail", previous_grades=["fail", "pass"]))
	) == {"warn"}


def test_not_taking_part_and_late_reports(schemes):
	# XX-INC §10 and QD §15: not taking part in the evaluation revokes, once is enough
	for code, ban in (("XX-INC", False), ("QD-BASE", True), ("XX-SVC", False)):
		(a,) = history_actions(schemes[code], "absent", 1)
		assert a.step.endswith(":revoke") and a.reason_zh and a.reason_en
		assert ("3 年内不得再次申报" in a.reason_zh) is ban
	assert history_actions(schemes["XX-INC"], "absent", 0) == []
	assert history_actions(schemes["XX-BASE"], "absent", 1) == []  # XX-BASE has no such rule
	# QD §15: annual reports late two years running
	assert history_actions(schemes["QD-BASE"], "report_late", 1) == []
	(late,) = history_actions(schemes["QD-BASE"], "report_late", 2)
	assert late.step == "history:report_late_twice:revoke" and "第十五条" in late.reason_zh
	# ZJ §22.1: a report neither filed nor made up during the evaluation
	(missing,) = history_actions(schemes["ZJ-BASE"], "report_missing", 1)
	assert missing.step.endswith(":revoke") and "3 years" in missing.reason_en
	with pytest.raises(PolicyError) as e:
		history_actions(schemes["ZJ-BASE"], "holiday", 1)
	assert e.value.field == "event" and e.value.value == "holiday" and e.value.zh and e.value.en


def test_zj_cq_qd_excellent_rewards_are_set_by_the_administrator(schemes):
	for code in ("ZJ-BASE", "CQ-BASE", "QD-BASE"):
		s = schemes[code]
		(r,) = grade_cohort(s, [EvaluationInput(record="b", organisation="B", year=2025, grade="excellent")])
		(award,) = r.awards
		assert award.amount == 0 and award.article  # the documents name no amount: 0 until set
		rule = next(x for x in s.reward_rules if x.grade == "excellent")
		set_amount = s.model_copy(update={"reward_rules": [rule.model_copy(update={"amount": D(200000)})]})
		(r,) = grade_cohort(
			set_amount, [EvaluationInput(record="b", organisation="B", year=2025, grade="excellent")]
		)
		assert r.reward_total == 200000
		(p,) = grade_cohort(
			set_amount, [EvaluationInput(record="b", organisation="B", year=2025, grade="pass")]
		)
		assert p.reward_total == 0


def test_xx_base_rewards_are_split_between_new_area_and_new_city(schemes):
	s = schemes["XX-BASE"]
	r = {
		x.record: x
		for x in grade_cohort(s, [base("e", outputs(60)), base("g", outputs(40), sat=(0, 0))] + pad(3))
	}
	assert r["e"].reward_total == 500000 and r["g"].reward_total == 300000  # §18
	assert [a.article for a in r["e"].awards] == ["第十八条"]
	assert split_funding(s, r["e"].reward_total) == [
		("new_area", D("250000.00")),
		("new_city", D("250000.00")),
	]
	assert all(x.reward_total == 0 for k, x in r.items() if k.startswith("f"))


@pytest.mark.parametrize(
	"rule, amount",
	[
		("inc_up_incubator_city", 100000),  # §19: incubator city / province / national
		("inc_up_incubator_province", 500000),
		("inc_up_incubator_national", 1000000),
		("inc_up_maker_city", 50000),  # maker space city / province / national
		("inc_up_maker_province", 200000),
		("inc_up_maker_national", 500000),
	],
)
def test_xx_inc_upgrade_awards_are_one_off_and_outside_the_yearly_total(schemes, rule, amount):
	s = schemes["XX-INC"]
	claims = [Claim(rule=rule, matter="upgrade"), Claim(rule="inc_hightech", matter="hte", units=7)]
	(r,) = grade_cohort(s, [inc("i", 90, claims=claims)])  # first excellent 300,000 + 140,000 high-tech
	paid = {a.rule: a.amount for a in r.awards}
	assert paid == {"inc_first_excellent": 300000, rule: amount, "inc_hightech": 140000}
	assert r.reward_total == 440000 + amount  # §19 comes on top of the §18 500,000
	(again,) = grade_cohort(s, [inc("i", 90, claims=claims, paid_once=["inc_first_excellent", rule])])
	assert {a.rule: a.amount for a in again.awards} == {"inc_hightech": 140000}


def test_xx_inc_first_awards_and_the_500000_total_in_one_round(schemes):
	claims = [
		Claim(rule="inc_vc", matter="vc", items=[ClaimItem(ref="A", amount=D("25000000"))]),  # 250,000
		Claim(rule="inc_hightech", matter="hte", units=8),  # 160,000 -> 150,000 (§16)
	]
	(r,) = grade_cohort(schemes["XX-INC"], [inc("i", 86, claims=claims)])
	first, vc, hte = r.awards
	# in the order they come: the first-excellent 300,000 leaves 200,000 of §18's yearly 500,000 for
	# the VC award, and nothing for the high-tech award, already cut to 150,000 by §16
	assert (first.rule, first.amount) == ("inc_first_excellent", 300000)
	assert (vc.computed, vc.amount) == (250000, 200000) and "第十八条" in vc.notes_zh[-1]
	assert (hte.computed, hte.amount) == (160000, 0) and "第十六条" in hte.notes_zh[0]
	assert r.reward_total == 500000


def test_xx_inc_hightech_and_vc_awards_need_a_passing_grade():
	"""XX-INC §16–17: 年度考核合格以上 — a failing carrier's claims are dropped with the reason."""
	from decimal import Decimal as D

	from policy_app.engine.loader import get_scheme
	from policy_app.engine.money import Claim
	from policy_app.engine.scoring import EvaluationInput, grade_cohort

	s = get_scheme("XX-INC")
	claims = [
		Claim(rule="inc_hightech", units=3),
		Claim(rule="inc_competition_prize", items=[{"ref": "大赛", "amount": 100000}]),
	]
	results = grade_cohort(
		s,
		[
			EvaluationInput(
				record="A", organisation="A", year=2025, items={"expert_score": 70}, claims=claims
			),
			EvaluationInput(
				record="B", organisation="B", year=2025, items={"expert_score": 50}, claims=claims
			),
		],
	)
	a, b = results
	assert {x.rule: x.amount for x in a.awards if not x.dropped} == {
		"inc_first_pass": D("100000.00"),
		"inc_hightech": D("60000.00"),
		"inc_competition_prize": D("10000.00"),
	}
	hightech = next(x for x in b.awards if x.rule == "inc_hightech")
	assert (
		hightech.dropped
		and hightech.amount == 0
		and "合格" in hightech.notes_zh[-1]
		and "不合格" in hightech.notes_zh[-1]
	)
	# §15 sets no such condition: the prize award stays
	assert next(x for x in b.awards if x.rule == "inc_competition_prize").amount == D("10000.00")


def test_inc_15_grading_reads_the_years_already_enjoyed(schemes):
	"""XX-INC §15 原则上同一载体可连续两年享受该类补贴: the round passes the years the carrier was already
	paid (`enjoyed`); a third year running is refused with the years, unless the bureau's reason is on
	the claim."""
	from policy_app.engine.money import Claim, ClaimItem

	s = schemes["XX-INC"]

	def carrier(reason=""):
		claim = Claim(
			rule="inc_competition_invest",
			matter="科创中国项目入驻",
			items=[ClaimItem(ref="氢能项目", amount=Decimal("500000"))],
			override_reason=reason,
		)
		return EvaluationInput(  # graded 合格 before: §14's first-time award is already paid
			record="c",
			organisation="O",
			year=2025,
			items={"expert_score": 75},
			paid_once=["inc_first_pass"],
			claims=[claim],
		)

	two_years = {("O", "inc_competition_invest"): {2023, 2024}}
	(r,) = grade_cohort(s, [carrier()], enjoyed={("O", "inc_competition_invest"): {2024}})
	assert [(a.rule, a.amount, a.dropped) for a in r.awards] == [("inc_competition_invest", 50000, False)]
	(r,) = grade_cohort(s, [carrier()], enjoyed=two_years)
	(a,) = r.awards
	assert a.dropped and a.amount == 0 and "已连续享受（2023、2024），本年不予兑现" in a.notes_zh[0]
	(r,) = grade_cohort(s, [carrier("新区重点产业链招引项目，局务会研究同意")], enjoyed=two_years)
	(a,) = r.awards
	assert not a.dropped and a.amount == 50000 and "局方说明理由继续兑现" in a.notes_zh[0]
