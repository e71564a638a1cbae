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


# ---- XX-SVC 第十条: 每年应面向新区企业免费提供不少于5场（场均不少于50人次）的活动；场次多、效果好的加分，
# 场次少、效果差的减分 (bonus and penalty are the scheme's parameters, 2 points each by default)


def _events(*attendees, year=2025, free=True):
	from datetime import date

	from policy_app.engine.scoring import ServiceEvent

	return [
		ServiceEvent(on=date(year, 1 + i % 12, 10), kind="政策宣讲", attendees=a, free=free)
		for i, a in enumerate(attendees)
	]


def test_xx_svc_s10_five_events_averaging_50_meet_the_duty_without_adjustment(schemes):
	"""第十条: 不少于5场（场均不少于50人次）: exactly 5 events averaging exactly 50 attendees."""
	from policy_app.engine.scoring import events_adjustment

	adj = events_adjustment(schemes["XX-SVC"], _events(50, 50, 50, 50, 50), 2025)
	assert (adj.events, adj.average, adj.points, adj.article) == (5, D(50), D(0), "第十条")
	assert "2025 年免费活动 5 场，场均 50 人次" in adj.reason_zh


def test_xx_svc_s10_average_not_each_event_counts(schemes):
	"""第十条 says 场均不少于50人次: one event of 30 is made up by others (5 events, 250 attendees)."""
	from policy_app.engine.scoring import events_adjustment

	adj = events_adjustment(schemes["XX-SVC"], _events(30, 70, 50, 50, 50), 2025)
	assert adj.average == D(50) and adj.points == D(0)


def test_xx_svc_s10_more_events_with_good_attendance_earn_the_bonus(schemes):
	"""第十条: 对宣讲场次多、效果好的将给予适当加分: 6 events, 60 a piece → +2."""
	from policy_app.engine.scoring import EvaluationInput, events_adjustment, score

	s = schemes["XX-SVC"]
	adj = events_adjustment(s, _events(60, 60, 60, 60, 60, 60), 2025)
	assert adj.points == D(2) and "加 2 分" in adj.reason_zh
	# the evaluation counts it: the record's total carries the adjustment
	assert score(s, EvaluationInput(record="r", grade="pass", adjustment=adj.points)).total == D(2)


def test_xx_svc_s10_fewer_events_or_a_low_average_take_the_penalty(schemes):
	"""第十条: 对宣讲场次少、效果差的将给予适当减分: 4 events (少于5场), or 5 averaging 49 (场均不足50)."""
	from policy_app.engine.scoring import events_adjustment

	s = schemes["XX-SVC"]
	few = events_adjustment(s, _events(80, 80, 80, 80), 2025)
	assert few.points == D(-2) and "少于 5 场" in few.reason_zh
	poor = events_adjustment(s, _events(49, 49, 49, 49, 49, 49, 49), 2025)
	assert poor.points == D(-2) and "场均不足 50 人次" in poor.reason_zh
	none = events_adjustment(s, [], 2025)
	assert none.events == 0 and none.points == D(-2)


def test_xx_svc_s10_only_free_events_of_the_year_count(schemes):
	"""第十条: 免费提供, 每年: a paid event and one of the year before are not counted."""
	from policy_app.engine.scoring import events_adjustment

	s = schemes["XX-SVC"]
	events = _events(60, 60, 60, 60, 60) + _events(500, free=False) + _events(500, 500, year=2024)
	adj = events_adjustment(s, events, 2025)
	assert adj.events == 5 and adj.average == D(60) and adj.points == D(0)


def test_xx_svc_s10_points_are_the_schemes_parameters(schemes):
	"""The bonus and the penalty (适当) are set by the bureau on the scheme: 3 and 1 here."""
	from policy_app.engine.scoring import events_adjustment

	base = schemes["XX-SVC"]
	value = {"events_bonus_points": D(3), "events_penalty_points": D(1)}
	s = base.model_copy(
		update={
			"parameters": [
				p.model_copy(update={"value": value.get(p.code, p.value)}) for p in base.parameters
			]
		}
	)
	assert events_adjustment(s, _events(*[60] * 7), 2025).points == D(3)
	assert events_adjustment(s, _events(60), 2025).points == D(-1)


def test_schemes_without_s10_parameters_have_no_events_adjustment(schemes):
	from policy_app.engine.scoring import events_adjustment

	assert events_adjustment(schemes["XX-BASE"], _events(60), 2025) is None
