"""SPEC §5, one record at a time: the XX-BASE rubric (附件) item by item, section maxima, grade bands
of XX-BASE §16 and XX-INC §10, and the input the scorer refuses."""

from decimal import Decimal

import pytest

from policy_app.engine import EvaluationInput, PolicyError, score
from policy_app.engine.scoring import band_for, item_points

D = Decimal


def card(scheme, **items):
	return score(scheme, EvaluationInput(record="r", items=items))


def test_item_section_total_with_caps_and_bonus(schemes):
	s = schemes["XX-BASE"]
	c = card(
		s,
		plan=1,
		funding=1,
		staff_fulltime=3,
		staff_parttime=3,
		info_system=0,
		overseas_partners=4,
		overseas_stations=[3, 1],
		publicity=[D("0.1"), D("0.5")],
		projects_landed=[30, 30, 30],
		served_party=D("4.5"),
		authority=5,
		highlights=2,
	)
	# 2 + 3 + 3×2 + 3×0.5 + 4×0.5 + (3+1) + (0.1+0.5) = 19.1
	assert c.sections["operations"] == D("19.1")
	assert c.uncapped_sections["outputs"] == 90 and c.sections["outputs"] == 60  # capped at 60
	assert c.sections["satisfaction"] == D("9.5")
	assert c.sections["bonus"] == 2
	assert c.total == D("90.6")


@pytest.mark.parametrize(
	"items, operations",
	[
		({"plan": 1}, "2"),  # 计划制定与实施 +2
		({"funding": 1}, "3"),  # 经费保障与管理 +3
		({"info_system": 1}, "2"),  # 信息化建设 +2
		({"plan": 0, "funding": 0, "info_system": 0}, "0"),
		({"staff_fulltime": 1}, "2"),  # each full-time staff +2
		({"staff_parttime": 1}, "0.5"),  # each part-time +0.5
		({"staff_fulltime": 4, "staff_parttime": 3}, "9.5"),
		({"overseas_leads": 3}, "1.5"),  # each lead +0.5
		({"needs_matched": 5}, "2.5"),  # each matched need +0.5
		({"overseas_partners": 7}, "3.5"),  # each partner +0.5
		({"overseas_stations": [1, 2, 3]}, "6"),  # each station 1..3
		({"publicity": [D("0.1"), D("0.3"), D("0.5")]}, "0.9"),  # each action 0.1..0.5
	],
)
def test_operations_items_with_the_rubric_points(schemes, items, operations):
	assert card(schemes["XX-BASE"], **items).sections["operations"] == D(operations)


@pytest.mark.parametrize(
	"items, outputs",
	[
		({"projects_landed": [5, 30]}, "35"),  # each project landed 5..30
		({"park_visits": 2}, "4"),  # each park exchange +2
		({"park_visits": 1, "park_agreements": [5]}, "7"),  # and +5..10 when it ends in an agreement
		({"park_agreements": [10]}, "10"),
		({"talents": [3, 10]}, "13"),  # each overseas high-level talent 3..10
		({"expert_services": [1, 5]}, "6"),  # each expert service 1..5
		({"rd_results": [5, 8]}, "13"),  # each R&D result landed 5..8
		({"patents": [5, 8]}, "13"),  # each patent landed 5..8
		({"tech_deals": [2, 5]}, "7"),  # each technology deal 2..5
		({"events": [1, 5]}, "6"),  # each event 1..5
		({"trainings": [D("0.5"), 3]}, "3.5"),  # each training 0.5..3
		({"study_visits": [2, 5]}, "7"),  # each study visit 2..5
	],
)
def test_outputs_items_with_the_rubric_points(schemes, items, outputs):
	assert card(schemes["XX-BASE"], **items).sections["outputs"] == D(outputs)


@pytest.mark.parametrize(
	"item, low, high",
	[
		("overseas_stations", "1", "3"),
		("publicity", "0.1", "0.5"),
		("projects_landed", "5", "30"),
		("park_agreements", "5", "10"),
		("talents", "3", "10"),
		("expert_services", "1", "5"),
		("rd_results", "5", "8"),
		("patents", "5", "8"),
		("tech_deals", "2", "5"),
		("events", "1", "5"),
		("trainings", "0.5", "3"),
		("study_visits", "2", "5"),
		("served_party", "0", "5"),
		("authority", "0", "5"),
	],
)
def test_judged_points_stay_in_their_range(schemes, item, low, high):
	s = schemes["XX-BASE"]
	judged = next(i for i in s.rubric_items if i.code == item)
	assert item_points(judged, [low] if judged.mode == "judged_each" else low) == D(low)
	assert item_points(judged, [high] if judged.mode == "judged_each" else high) == D(high)
	for outside in (D(low) - D("0.01"), D(high) + D("0.01")):
		if outside < 0:
			continue  # a negative score is refused as well, by the range
		value = [str(outside)] if judged.mode == "judged_each" else str(outside)
		with pytest.raises(PolicyError) as e:
			card(s, **{item: value})
		assert e.value.field == f"items.{item}" and e.value.value == str(outside)
		assert low in e.value.zh and high in e.value.en


def test_judged_each_reads_a_semicolon_list(schemes):
	s = schemes["XX-BASE"]
	assert card(s, projects_landed="30;20").sections["outputs"] == 50
	assert card(s, projects_landed="30 ; 20 ; 5").sections["outputs"] == 55
	assert card(s, projects_landed=[]).sections["outputs"] == 0


@pytest.mark.parametrize(
	"fulltime, operations",
	[(14, "28"), (15, "30"), (16, "30"), (40, "30")],
)
def test_operations_never_exceed_30(schemes, fulltime, operations):
	c = card(schemes["XX-BASE"], staff_fulltime=fulltime)
	assert c.sections["operations"] == D(operations)
	assert c.uncapped_sections["operations"] == 2 * fulltime


@pytest.mark.parametrize("landed, outputs", [([30, 29], "59"), ([30, 30], "60"), ([30, 30, 5], "60")])
def test_outputs_never_exceed_60(schemes, landed, outputs):
	assert card(schemes["XX-BASE"], projects_landed=landed).sections["outputs"] == D(outputs)


def test_satisfaction_is_two_times_five_and_the_bonus_is_on_top(schemes):
	s = schemes["XX-BASE"]
	full = card(s, staff_fulltime=15, projects_landed=[30, 30], served_party=5, authority=5)
	assert full.sections["satisfaction"] == 10 and full.total == 100
	bonus = card(s, staff_fulltime=15, projects_landed=[30, 30], served_party=5, authority=5, highlights=7)
	assert bonus.sections["bonus"] == 7 and bonus.total == 107  # 特色亮点 comes on top of 100


@pytest.mark.parametrize(
	"total, grade",
	[
		("110", "excellent"),
		("80", "excellent"),  # 80 分以上
		("79.9", "good"),
		("70", "good"),  # 70-79
		("69.9", "pass"),
		("60", "pass"),  # 60-69
		("59.9", "fail"),  # 60 分以下
		("0", "fail"),
	],
)
def test_xx_base_bands(schemes, total, grade):
	assert band_for(schemes["XX-BASE"], D(total)).grade == grade


@pytest.mark.parametrize(
	"total, grade",
	[
		("100", "excellent"),
		("85.5", "excellent"),
		("85.01", "excellent"),
		("85", "pass"),  # 85 分（不含）以上为优秀: 85 itself is 合格
		("60", "pass"),  # 60 分（含）至 85 分
		("59.9", "fail"),
		("0", "fail"),
	],
)
def test_xx_inc_bands_85_is_pass(schemes, total, grade):
	assert band_for(schemes["XX-INC"], D(total)).grade == grade


def test_a_total_below_every_band_is_refused(schemes):
	with pytest.raises(PolicyError) as e:
		band_for(schemes["XX-BASE"], D("-1"))
	assert e.value.field == "total" and e.value.value == "-1" and e.value.zh and e.value.en


@pytest.mark.parametrize(
	"items, field, value",
	[
		({"staff_fulltime": 2.5}, "items.staff_fulltime", 2.5),  # a count that is not whole
		({"staff_fulltime": "2.5"}, "items.staff_fulltime", "2.5"),
		({"staff_fulltime": -1}, "items.staff_fulltime", -1),  # a negative count
		({"staff_fulltime": "many"}, "items.staff_fulltime", "many"),
		({"staff_fulltime": "Infinity"}, "items.staff_fulltime", "Infinity"),
		({"overseas_partners": 0.5}, "items.overseas_partners", 0.5),
		({"projects_landed": [31]}, "items.projects_landed", 31),  # a score outside its item's range
		({"projects_landed": [4]}, "items.projects_landed", 4),
		({"publicity": ["0.6"]}, "items.publicity", "0.6"),
		({"served_party": 5.5}, "items.served_party", 5.5),
		({"served_party": -0.5}, "items.served_party", -0.5),
		({"expert_score": 90}, "items.expert_score", "expert_score"),  # an item of another scheme
		({"rocket_launches": 1}, "items.rocket_launches", "rocket_launches"),  # an unknown item
	],
)
def test_bad_rubric_input(schemes, items, field, value):
	with pytest.raises(PolicyError) as e:
		score(schemes["XX-BASE"], EvaluationInput(record="r", items=items))
	assert e.value.field == field and e.value.value == value
	assert (
		e.value.zh
		and e.value.en
		and e.value.message("zh") == e.value.zh
		and e.value.message("en") == e.value.en
	)


def test_xx_inc_expert_score_range(schemes):
	inc = schemes["XX-INC"]
	assert card(inc, expert_score="100").total == 100
	for bad in ("100.5", "-1"):
		with pytest.raises(PolicyError) as e:
			card(inc, expert_score=bad)
		assert e.value.field == "items.expert_score" and e.value.value == bad
