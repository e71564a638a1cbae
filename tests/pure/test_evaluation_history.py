"""Evaluation history rules (issue #14): the QD §14–15 cycle, one outcome per record per cycle, quota
rounding as a scheme setting, and the rubric rows read by the engine. The articles are quoted from the
documents (seeds/004 for QD, seeds/001 ZJ, seeds/002 CQ, seeds/003 XX-INC)."""

from datetime import date
from decimal import Decimal

import pytest

from policy_app.engine import (
	EvaluationInput,
	PastEvaluation,
	PolicyError,
	Scheme,
	absence_actions,
	due_in,
	grade_cohort,
)
from policy_app.engine.cycles import cycle_closes
from policy_app.engine.scoring import check_rubric_rows, history_actions, quota_places, rubric_values

D = Decimal
CERTIFIED = date(2022, 6, 1)


def past(*pairs):
	return [PastEvaluation(year=y, grade=g) for y, g in pairs]


def outcome(scheme, grade, before=()):
	(r,) = grade_cohort(scheme, [EvaluationInput(record="r", grade=grade, previous_grades=list(before))])
	return [(a.rule, a.action, a.article) for a in r.actions if a.kind == "history"]


# ---- QD §14: 每三年为一个评估周期


def test_qd_s14_a_base_is_evaluated_every_three_years_from_its_certification(schemes):
	"""QD §14: 国合基地实行定期绩效评估制度，每三年为一个评估周期. Certified 1 June 2022: its first cycle
	closes in 2025, the second in 2028; the years between are not its evaluation years."""
	qd = schemes["QD-BASE"]
	assert cycle_closes(qd, CERTIFIED, 2031) == [2025, 2028, 2031]
	due = {y: due_in(qd, y, CERTIFIED) for y in range(2022, 2029)}
	assert [y for y, d in due.items() if d.due] == [2025, 2028]
	assert (due[2025].why, due[2025].cycle, due[2025].article) == ("cycle", 1, "第十四条")
	assert "每 3 年评估" in due[2025].reason_zh and "第 1 个评估周期" in due[2025].reason_zh
	assert due[2028].cycle == 2
	assert (due[2023].why, due[2023].next_year) == ("not_yet", 2025)
	assert (due[2026].why, due[2026].next_year) == ("off_cycle", 2028)
	assert "2028" in due[2027].reason_zh and "not a cycle year" in due[2027].reason_en


def test_schemes_without_a_cycle_evaluate_every_year_after_certification(schemes):
	"""XX-BASE §16 新区科技局每年……开展综合考评; XX-INC §10 年度考核; XX-SVC §8 每年……综合考评."""
	for code in ("XX-BASE", "XX-INC", "XX-SVC"):
		s = schemes[code]
		assert not due_in(s, 2022, CERTIFIED).due  # the year of certification
		assert all(due_in(s, y, CERTIFIED).why == "cycle" for y in (2023, 2024, 2025))
		assert "每年评估" in due_in(s, 2023, CERTIFIED).reason_zh


def test_a_certification_that_has_expired_is_not_due(schemes):
	d = due_in(schemes["XX-BASE"], 2027, date(2023, 10, 1), valid_until=date(2026, 9, 30))
	assert (d.due, d.why) == (False, "ended") and "2026-09-30" in d.reason_zh


def test_qd_s14_fail_rectifies_one_year_then_re_evaluated(schemes):
	"""QD §14: 评估结果为“不合格”的国合基地，整改一年，参加下一年度评估，进行复评. The 2025 fail asks for
	rectification, and 2026 (not a cycle year) becomes the year of its re-evaluation."""
	qd = schemes["QD-BASE"]
	assert outcome(qd, "fail") == [("fail_rectify", "rectify", "第十四条")]
	d = due_in(qd, 2026, CERTIFIED, past((2025, "fail")))
	assert (d.due, d.why, d.article) == (True, "re_evaluation", "第十四条")
	assert "2025 年度评估“不合格”" in d.reason_zh and "2026 年度复评" in d.reason_zh
	# passed the re-evaluation: back on the cycle of its certification, next due in 2028
	after = due_in(qd, 2027, CERTIFIED, past((2025, "fail"), (2026, "pass")))
	assert (after.due, after.next_year) == (False, 2028)
	assert due_in(qd, 2028, CERTIFIED, past((2025, "fail"), (2026, "pass"))).why == "cycle"


def test_qd_s15_1_failing_the_re_evaluation_revokes_with_no_second_rectification(schemes):
	"""QD §15(一): 绩效评估不合格，整改后复评结果仍为“不合格”的 ⇒ 取消国合基地资格; 被取消……三年内不得
	再次提出建设国合基地申请. One outcome: revocation alone, no second rectification."""
	qd = schemes["QD-BASE"]
	assert outcome(qd, "fail", ["fail"]) == [("fail_twice", "revoke", "第十五条第（一）项")]
	(r,) = grade_cohort(qd, [EvaluationInput(record="r", grade="fail", previous_grades=["fail"])])
	assert r.actions[0].ban_years == 3 and "3 年内不得再次申报" in r.reason("zh")
	# a pass between two fails: the second fail is a first fail again
	assert outcome(qd, "fail", ["fail", "pass"]) == [("fail_rectify", "rectify", "第十四条")]


def test_qd_s15_2_not_taking_part_revokes_only_bases_that_were_due(schemes):
	"""QD §15(二): 无正当理由不参加绩效评估的和复评或中途退出评估的 ⇒ 取消资格. A base absent from a round
	it was not due in (2024, 2026) is proposed nothing; absent from its cycle (2025) or from its
	re-evaluation (2026 after a 2025 fail) it is proposed for revocation."""
	qd = schemes["QD-BASE"]
	assert absence_actions(qd, due_in(qd, 2024, CERTIFIED)) == []
	assert absence_actions(qd, due_in(qd, 2026, CERTIFIED, past((2025, "pass")))) == []
	(cycle,) = absence_actions(qd, due_in(qd, 2025, CERTIFIED))
	assert (cycle.rule, cycle.action, cycle.article, cycle.ban_years) == (
		"absent",
		"revoke",
		"第十五条第（二）项",
		3,
	)
	assert "第 1 个评估周期" in cycle.reason_zh
	(re_eval,) = absence_actions(qd, due_in(qd, 2026, CERTIFIED, past((2025, "fail"))))
	assert re_eval.action == "revoke" and "复评" in re_eval.reason_zh


def test_qd_s14_bases_rated_excellent_nationally_or_provincially_skip_the_city_evaluation(schemes):
	"""QD §14: 国合基地被国家、省评为优秀的，不参加市级国合基地评估."""
	qd = schemes["QD-BASE"]
	d = due_in(qd, 2025, CERTIFIED, exempt_until=date(2025, 12, 31))
	assert (d.due, d.why, d.article) == (False, "exempt", "第十四条")
	assert absence_actions(qd, d) == []
	assert due_in(qd, 2025, CERTIFIED, exempt_until=date(2024, 12, 31)).due  # the exemption has ended


# ---- one outcome per record per cycle


@pytest.mark.parametrize(
	"code, single, article",
	[
		("QD-BASE", "rectify", "第十五条第（一）项"),  # §14 整改一年 / §15(一) 复评仍不合格
		("CQ-BASE", "rectify", "第十五条第（四）项"),  # 评估不合格，并且整改后再次评估仍不合格
		("XX-INC", "rectify", "第十条"),  # 限期整改提升，次年考核结果仍不合格的予以取消资格
		("ZJ-BASE", "warn", "第十八条、第二十二条第（二）项"),  # 提醒督促 / 连续两次评价“不合格”
	],
)
def test_a_second_consecutive_fail_gives_revocation_alone(schemes, code, single, article):
	"""Two history rules match a second fail in a row (the single-fail rule and the two-fails rule):
	the strongest outcome alone is proposed, as structured data (rule, action, article)."""
	s = schemes[code]
	inp = dict(items={"expert_score": 50}) if s.scored else dict(grade="fail")
	(first,) = grade_cohort(s, [EvaluationInput(record="r", **inp)])
	assert [a.action for a in first.actions] == [single]
	(second,) = grade_cohort(s, [EvaluationInput(record="r", previous_grades=["fail"], **inp)])
	assert [(a.kind, a.rule, a.action, a.article) for a in second.actions] == [
		("history", "fail_twice", "revoke", article)
	]
	assert history_actions(s, "grade", 2, "fail") == second.actions


def test_history_actions_are_one_outcome_for_other_events_too(schemes):
	(late,) = history_actions(schemes["QD-BASE"], "report_late", 3)
	assert (late.rule, late.action, late.article) == ("report_late_twice", "revoke", "第十五条")


# ---- quota rounding: a scheme setting, floor by default


@pytest.mark.parametrize(
	"rounding, n, places",
	[
		("floor", 1, 0),
		("floor", 2, 0),
		("floor", 3, 1),
		("half_up", 1, 0),  # 0.4
		("half_up", 2, 1),  # 0.8
		("half_up", 4, 2),  # 1.6
		("ceiling", 1, 1),  # 0.4
		("ceiling", 5, 2),  # exactly 2
	],
)
def test_xx_base_s16_forty_percent_places_follow_the_schemes_rounding(schemes, rounding, n, places):
	"""XX-BASE §16: 优秀和良好的比例不超过总数的40%. 40 % of one or two bases is less than one base:
	floor (the shipped default) leaves no place, a bureau reading it otherwise sets half_up or ceiling."""
	s = schemes["XX-BASE"]
	assert s.quota_rounding == "floor"
	s = s.model_copy(update={"quota_rounding": rounding})
	assert quota_places(s, n, D(40)) == places
	cohort = [
		EvaluationInput(
			record=f"b{i}",
			items={"plan": 1, "funding": 1, "staff_fulltime": 13, "served_party": 5, "authority": 5},
		)
		for i in range(n)
	]
	# these score 40: 不合格 — give them outputs for an 优秀 (100) with distinct bonuses
	cohort = [
		c.model_copy(update={"items": {**c.items, "projects_landed": [30, 30], "highlights": i}})
		for i, c in enumerate(cohort)
	]
	results = grade_cohort(s, cohort)
	assert sum(r.final_grade in ("excellent", "good") for r in results) == places


def test_quota_rounding_is_a_closed_choice(schemes):
	with pytest.raises(ValueError, match="quota_rounding"):
		Scheme.model_validate({**schemes["XX-BASE"].model_dump(), "quota_rounding": "banker"})


def test_xx_inc_s11_top_ten_percent_of_nine_with_ceiling_is_one(schemes):
	"""XX-INC §11: 将考核分数位列前10%的载体调整为优秀 — 0.9 of a carrier is none by floor, one by ceiling."""
	s = schemes["XX-INC"]
	cohort = [EvaluationInput(record=f"c{i}", items={"expert_score": 70 + i}) for i in range(9)]
	assert all(r.final_grade == "pass" for r in grade_cohort(s, cohort))
	up = grade_cohort(s.model_copy(update={"quota_rounding": "ceiling"}), cohort)
	assert [r.record for r in up if r.final_grade == "excellent"] == ["c8"]
	assert up[-1].changes[0].rule == "top_ten" and up[-1].changes[0].article == "第十一条"


# ---- rubric rows: the engine adds them up and checks them


def test_rubric_rows_add_up_per_item_mode(schemes):
	"""XX-BASE 附件: per-unit items sum their rows, judged-per-unit items take each row's points, a flat
	item is achieved when any row has a quantity."""
	s = schemes["XX-BASE"]
	values = rubric_values(
		s,
		[
			("staff_fulltime", 4, None),
			("staff_fulltime", 3, None),
			("projects_landed", 1, D(20)),
			("projects_landed", 1, D("12.5")),
			("projects_landed", 0, None),  # an empty row
			("plan", 0, None),
			("plan", 1, None),
		],
	)
	assert values == {"staff_fulltime": 7, "projects_landed": [D(20), D("12.5")], "plan": 1}
	with pytest.raises(PolicyError) as e:
		rubric_values(s, [("astrology", 1, None)])
	assert "astrology" in e.value.zh and "XX-BASE" in e.value.en


def test_rubric_rows_out_of_range_are_refused_with_their_row_number(schemes):
	"""XX-BASE 附件: 每落地一个项目 5–30 分 — 31 points on row 3 is refused, naming the row."""
	s = schemes["XX-BASE"]
	check_rubric_rows(s, [(1, "projects_landed", 1, D(30)), (2, "projects_landed", 1, D(0))])
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(1, "plan", 1, None), (3, "projects_landed", 1, D(31))])
	assert e.value.en.startswith("Row 3:") and "between 5 and 30" in e.value.en
	assert e.value.zh.startswith("第 3 行") and "5–30" in e.value.zh
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(2, "staff_fulltime", -1, None)])
	assert "negative" in e.value.en and "负数" in e.value.zh
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(4, "astrology", 1, None)])
	assert e.value.en.startswith("Row 4:")


def test_a_title_certified_after_the_rounds_year_is_not_yet_due(schemes):
	"""A base certified on 2 December 2026 is not in the 2025 round: its first cycle closes in 2027
	(every year after certification, XX-BASE §16) or 2029 (QD §14, every three years)."""
	from datetime import date

	from policy_app.engine.cycles import due_in

	for code, first in (("XX-BASE", 2027), ("QD-BASE", 2029)):
		d = due_in(schemes[code], 2025, date(2026, 12, 2), [])
		assert not d.due and d.why == "not_yet" and d.next_year == first, (code, d)
