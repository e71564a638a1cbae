"""Issue 19 (3–5), XX-BASE 附件 (seeds/000, 西咸新区国际科技创新交流合作基地评估标准): the district counts,
the experts judge each unit, the section caps hold, and the §17 outputs gate reads the true section.

附件: 人员配备 每配备1名专职工作人员，加2分 (fixed per unit: count × points); 活动组织 每组织1次国际科技
创新交流合作活动的，视活动规模和成效加1-5分 and 对外宣传推介 每对外宣传1次…加0.1-0.5分 (judged per unit:
one figure per unit); 运营管理（30分）, 成果产出（60分） (section caps); 第十七条 成果产出少于50分不得评为
优秀."""

from decimal import Decimal

import pytest

from policy_app.engine import EvaluationInput, PolicyError, grade_cohort, score
from policy_app.engine import evaluation_panel as panel
from policy_app.engine.scoring import check_rubric_rows, row_points, rubric_values, unit_scores

D = Decimal


def item(s, code):
	return next(i for i in s.rubric_items if i.code == code)


def test_fixed_per_unit_items_are_count_times_points(schemes):
	"""附件 人员配备: 4 full-time staff at 2 points and 3 part-time at 0.5 = 8 + 1.5."""
	s = schemes["XX-BASE"]
	values = rubric_values(s, [("staff_fulltime", 4, None), ("staff_parttime", 3, None)])
	card = score(s, EvaluationInput(record="r", items=values))
	assert card.items["staff_fulltime"] == D(8) and card.items["staff_parttime"] == D("1.5")


def test_judged_per_unit_items_take_a_count_and_points_each_or_one_by_one(schemes):
	"""附件 活动组织 每次 1–5 分: 4 events at 2 points each is 8, not 2; 10 publicity actions at 0.3 is 3;
	points given one by one (3；2；2.5) count each unit."""
	s = schemes["XX-BASE"]
	ev = item(s, "events")
	assert row_points(ev, 4, D(2)) == [D(2)] * 4
	assert row_points(ev, 3, None, "3；2；2.5") == [D(3), D(2), D("2.5")]
	assert row_points(ev, 1, D(4)) == [D(4)]
	assert row_points(ev, 0, D(4)) == [D(4)]  # a row per source record, as the platform writes it
	values = rubric_values(
		s, [("events", 4, D(2)), ("publicity", 10, D("0.3")), ("trainings", 3, None, "1;2;3")]
	)
	card = score(s, EvaluationInput(record="r", items=values))
	assert card.items["events"] == D(8)
	assert card.items["publicity"] == D(3)
	assert card.items["trainings"] == D(6)
	assert unit_scores("3， 2、2.5") == [D(3), D(2), D("2.5")]


def test_the_district_enters_counts_before_the_experts_score(schemes):
	"""The district → expert split of the 附件: a count with no points yet is taken and scores nothing."""
	s = schemes["XX-BASE"]
	check_rubric_rows(
		s, [(1, "overseas_stations", 2, D(0)), (2, "events", 4, None), (3, "events", 4, D(0), "")]
	)
	assert rubric_values(s, [("overseas_stations", 2, D(0)), ("events", 4, None)]) == {}


def test_points_one_by_one_must_match_the_count_and_the_range(schemes):
	s = schemes["XX-BASE"]
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(5, "events", 4, None, "3；2；2")])
	assert e.value.zh.startswith("第 5 行") and "数量为 4，应填写 4 个得分（现有 3 个）" in e.value.zh
	assert "4 points are needed (3 given)" in e.value.en
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(6, "events", 2, None, "3；6")])
	assert "1–5" in e.value.zh and e.value.en.startswith("Row 6:")
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(7, "events", 2, None, "3；很好")])
	assert "分号" in e.value.zh
	with pytest.raises(PolicyError) as e:
		check_rubric_rows(s, [(8, "staff_fulltime", 2, None, "2；2")])
	assert "不按单位评分" in e.value.zh


def _base(outputs_rows):
	"""A base strong in operations and satisfaction whose outputs come from `outputs_rows`."""
	return [
		("plan", 1, None),
		("funding", 1, None),
		("staff_fulltime", 6, None),
		("staff_parttime", 4, None),
		("info_system", 1, None),
		("overseas_partners", 10, None),
		("publicity", 20, D("0.5")),  # 20 × 0.5 = 10, the section is capped at 30
		("served_party", 0, D(5)),
		("authority", 0, D(5)),
		*outputs_rows,
	]


def test_section_caps_and_the_s17_outputs_gate_read_the_true_counts(schemes):
	"""Entered the natural way (4 events at 5 each, 3 landed projects at 10 each, 5 park visits), outputs
	are 20 + 30 + 10 = 60 (capped at 60): no §17 gate, 优秀. Read as one unit per row (the old reading:
	5 + 10 + 10 = 25) the same base fell under the gate."""
	s = schemes["XX-BASE"]
	rows = _base(
		[
			("events", 4, D(5)),
			("projects_landed", 3, D(10)),
			("park_visits", 5, None),
			("talents", 2, None, "8；10"),
		]
	)
	card = score(s, EvaluationInput(record="r", items=rubric_values(s, rows)))
	assert card.uncapped_sections["operations"] == D(2 + 3 + 12 + 2 + 2 + 5 + 10)
	assert card.sections["operations"] == D(30)
	assert card.uncapped_sections["outputs"] == D(20 + 30 + 10 + 18) and card.sections["outputs"] == D(60)
	(r,) = grade_cohort(s, [EvaluationInput(record="r", items=rubric_values(s, rows))])
	assert r.raw_grade == "excellent" and not [c for c in r.changes if c.step.startswith("gate")]
	old = [(c, 1 if q else 0, j) for c, q, j, *rest in rows if c in ("events", "projects_landed")]
	assert score(s, EvaluationInput(record="o", items=rubric_values(s, old))).items["events"] == D(5)
	# the same base with 40 output points: the §17 gate holds it at 良好
	weak = _base([("events", 4, D(5)), ("projects_landed", 2, D(10))])
	(w,) = grade_cohort(s, [EvaluationInput(record="w", items=rubric_values(s, weak))])
	assert w.card.total >= D(80) and w.card.sections["outputs"] == D(40) and w.raw_grade == "excellent"
	assert [c.rule for c in w.changes if c.step.startswith("gate")] == ["outputs_50"]
	# (a cohort of one then meets the 40 % share ceiling of §16: that is the quota's, not the gate's)


def _rows(s):
	return panel.judged_rows(
		s,
		[
			("r1", 1, "events", 3, None, None),
			("r2", 2, "served_party", 0, D(4), None),
			("r3", 3, "staff_fulltime", 4, None, None),  # fixed: not the experts'
			("r4", 4, "talents", 0, None, None),  # no count: nothing to score
			("r5", 5, "publicity", 2, D("0.3"), None),
		],
	)


def test_an_expert_scores_every_unit_of_the_judged_rows(schemes):
	s = schemes["XX-BASE"]
	rows = _rows(s)
	assert [(r.row, r.units) for r in rows] == [("r1", 3), ("r2", 1), ("r5", 2)]
	assert rows[2].proposed == [D("0.3"), D("0.3")] and rows[1].proposed == [D(4)]
	sheet = panel.check_sheet(rows, {"r1": "3；4；5", "r2": "4.5", "r5": "0.2；0.5"})
	assert sheet == {"r1": [D(3), D(4), D(5)], "r2": [D("4.5")], "r5": [D("0.2"), D("0.5")]}
	with pytest.raises(PolicyError) as e:
		panel.check_sheet(rows, {"r1": "3；4", "r2": "4", "r5": "0.2；0.5"})
	assert "共 3 项，应填写 3 个得分（现有 2 个）" in e.value.zh and e.value.zh.startswith("第 1 行")
	with pytest.raises(PolicyError) as e:
		panel.check_sheet(rows, {"r1": "3；4；5", "r2": "6", "r5": "0.2；0.5"})
	assert "0–5" in e.value.zh
	with pytest.raises(PolicyError):
		panel.check_sheet(rows, {"r1": "3；4；5", "r2": "4"})  # a row left empty


def test_the_panel_is_every_listed_expert_or_the_quorum_and_its_points_the_mean(schemes):
	s = schemes["XX-BASE"]
	assert s.review_quorum == 3
	assert panel.panel_needed(s, 2) == 2 and panel.panel_needed(s, 5) == 3 and panel.panel_needed(s, 1) == 1
	a = {"r1": [D(3), D(4), D(5)], "r2": [D(4)]}
	b = {"r1": [D(4), D(4), D(2)], "r2": [D("4.5")]}
	c = {"r1": [D(5), D(4), D(2)], "r2": [D(5)]}
	assert panel.panel_points([a, b]) == {"r1": [D("3.50"), D("4.00"), D("3.50")], "r2": [D("4.25")]}
	assert panel.panel_points([a, b, c])["r1"] == [D("4.00"), D("4.00"), D("3.00")]
	assert panel.panel_points([a, b, c])["r2"] == [D("4.50")]
	assert panel.as_text([D("3.50"), D("4.00")]) == "3.5；4"
	assert panel.panel_points([]) == {}
