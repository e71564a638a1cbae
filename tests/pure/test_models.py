"""The scheme model: the shipped data loads, every SPEC number is in it, inconsistent edits are refused."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from policy_app.engine import PolicyError, get_scheme, load_schemes
from policy_app.engine.errors import explain
from policy_app.engine.loader import parse_scheme
from policy_app.engine.models import Scheme
from policy_app.engine.scoring import band_for

REPO = Path(__file__).resolve().parents[2]


def data(code):
	return json.loads(get_scheme(code).model_dump_json())


def test_seven_schemes_ship_and_load():
	assert set(load_schemes()) == {"XX-BASE", "ZJ-BASE", "CQ-BASE", "QD-BASE", "XX-JBGS", "XX-SVC", "XX-INC"}
	assert len(list((REPO / "fixtures" / "schemes").glob("*.json"))) == 7


def test_spec_numbers_are_in_the_data(schemes):
	xx = schemes["XX-BASE"]
	assert {s.code: s.max_points for s in xx.rubric_sections if s.max_points} == {
		"operations": 30,
		"outputs": 60,
		"satisfaction": 10,
	}
	assert xx.notice("recognition").working_days == 5 and xx.deadline("validity").years == 3
	assert [g.below for g in xx.gates] == [50, 40] and xx.quotas[0].percent == 40
	assert {r.grade: r.amount for r in xx.reward_rules} == {"excellent": 500000, "good": 300000}
	jb = schemes["XX-JBGS"]
	assert jb.param("max_projects_per_year") == 10 and jb.notice("project").working_days == 10
	assert jb.rule("jb_subsidy").rate == 30 and jb.rule("jb_subsidy").cap == 8000000
	assert schemes["XX-INC"].reward_caps[1].per_year_cap == 500000
	assert schemes["XX-SVC"].param("free_events_per_year") == 5


def test_effective_periods(schemes):
	assert str(schemes["XX-BASE"].effective_to) == "2026-09-30"
	assert schemes["QD-BASE"].effective_to is None and str(schemes["QD-BASE"].effective_from) == "2024-12-30"


def test_record_round_trip_treats_stored_zero_as_unset(schemes):
	record = data("XX-INC")
	for band in record["grade_bands"]:
		band["max_score"] = band["max_score"] or 0  # Frappe stores a blank number as 0
	for rule in record["reward_rules"]:
		for k in ("threshold", "per_item_cap", "per_year_cap", "cap"):
			rule[k] = rule[k] or 0.0
	record["effective_years"] = 3
	record["name"] = "XX-INC"
	record["custom_note"] = "a field an administrator added"
	assert Scheme.from_record(record) == schemes["XX-INC"]


@pytest.mark.parametrize(
	"edit, zh, en",
	[
		(lambda d: d["grade_bands"][1].update(max_score="85"), "重叠", "overlap"),
		(lambda d: d["quotas"][0].update(percent="140"), "应不大于 100", "less than or equal to 100"),
		(lambda d: d["reward_rules"][0].update(amount="-1"), "应不小于 0", "greater than or equal to 0"),
		(lambda d: d["rubric_items"][0].update(section="nowhere"), "不存在", "unknown section"),
		(lambda d: d["gates"][0].update(blocked_grade="legendary"), "不存在", "unknown grade"),
		(lambda d: d["funding_shares"][0].update(share_percent="60"), "100%", "100 %"),
	],
)
def test_inconsistent_edits_are_refused_in_both_languages(edit, zh, en):
	d = data("XX-BASE")
	edit(d)
	with pytest.raises(ValidationError) as e:
		Scheme.model_validate(d)
	z, n = explain(e.value)
	assert zh in z and en in n


def edited(code, edit):
	d = data(code)
	edit(d)
	return d


def rule_of(d, code):
	return next(r for r in d["reward_rules"] if r["code"] == code)


@pytest.mark.parametrize(
	"code, edit, en",
	[
		# overlapping grade bands
		("XX-INC", lambda d: d["grade_bands"][0].update(min_inclusive=True), "overlap at 85"),
		("XX-BASE", lambda d: d["grade_bands"][2].update(max_score="70.5"), "overlap"),
		("XX-BASE", lambda d: d["grade_bands"][3].update(max_score="50", min_score="55"), "maximum below"),
		# a quota above 100 % (and below 0)
		("XX-INC", lambda d: d["quotas"][0].update(percent="100.5"), "less than or equal to 100"),
		("XX-BASE", lambda d: d["quotas"][0].update(percent="-1"), "greater than or equal to 0"),
		# a negative cap of any kind
		("XX-JBGS", lambda d: rule_of(d, "jb_subsidy").update(cap="-8000000"), "greater than or equal to 0"),
		(
			"XX-INC",
			lambda d: rule_of(d, "inc_hightech").update(per_year_cap="-1"),
			"greater than or equal to 0",
		),
		("XX-SVC", lambda d: rule_of(d, "svc_attraction").update(per_item_cap="-0.01"), "greater than"),
		(
			"XX-INC",
			lambda d: d["reward_caps"][1].update(per_year_cap="-500000"),
			"greater than or equal to 0",
		),
		# an instalment naming an unknown rule, or adding up to more than the subsidy
		("XX-JBGS", lambda d: d["instalments"][0].update(rule="jb_other"), "unknown rule"),
		("XX-JBGS", lambda d: d["instalments"][1].update(share_percent="80"), "above 100"),
		# other references that must resolve
		(
			"XX-INC",
			lambda d: d["reward_caps"][0].update(rules="inc_competition_invest,inc_lottery"),
			"unknown rule",
		),
		("XX-BASE", lambda d: d["quotas"][0].update(tie_breakers="outputs,charm"), "unknown tie-breaker"),
		("XX-SVC", lambda d: d["medal_tiers"][0].update(reward_rule="svc_medal_platinum"), "unknown rule"),
		("ZJ-BASE", lambda d: d["eligibility_conditions"][0].update(group_code="zj99"), "unknown group"),
		(
			"CQ-BASE",
			lambda d: d["eligibility_conditions"][4].update(applies_to_type="moon_base"),
			"unknown type",
		),
		("XX-INC", lambda d: d["eligibility_conditions"][4].update(other_fact=None), "needs other_fact"),
	],
)
def test_scheme_edits_that_break_a_rule_are_refused(code, edit, en):
	d = edited(code, edit)
	with pytest.raises(ValidationError) as e:
		Scheme.model_validate(d)
	zh, text = explain(e.value)
	assert en in text and zh
	# through the loader the same edit is a PolicyError naming where it is
	with pytest.raises(PolicyError) as e:
		parse_scheme(d, f"{code}.json")
	assert e.value.field and e.value.zh and e.value.en and code in e.value.en


def test_the_edges_that_are_allowed():
	# a quota of exactly 100 %, instalments adding up to exactly 100 %
	Scheme.model_validate(edited("XX-BASE", lambda d: d["quotas"][0].update(percent="100")))
	Scheme.model_validate(edited("XX-JBGS", lambda d: d["instalments"][1].update(share_percent="70")))
	s = Scheme.model_validate(edited("XX-INC", lambda d: d["grade_bands"][1].update(max_inclusive=False)))
	# 85 now belongs to no band: a gap is not an overlap, and grading 85 says so
	with pytest.raises(PolicyError):
		band_for(s, Decimal("85"))


def test_instalments_above_100_percent_and_unknown_rules():
	d = data("XX-JBGS")
	d["instalments"][1]["share_percent"] = "80"
	with pytest.raises(ValidationError, match="above 100"):
		Scheme.model_validate(d)
	d = data("XX-JBGS")
	d["instalments"][0]["rule"] = "nope"
	with pytest.raises(ValidationError, match="unknown rule"):
		Scheme.model_validate(d)


def test_unknown_scheme():
	with pytest.raises(PolicyError) as e:
		get_scheme("XX-MOON")
	assert e.value.field == "scheme" and e.value.value == "XX-MOON" and "XX-BASE" in e.value.en
	assert "XX-MOON" in e.value.zh and "未知" in e.value.zh and e.value.message("en") == e.value.en


def test_a_scheme_without_the_asked_notice_or_parameter(schemes):
	with pytest.raises(PolicyError) as e:
		schemes["ZJ-BASE"].notice("recognition")
	assert e.value.field == "stage"
	with pytest.raises(PolicyError):
		schemes["XX-BASE"].param("max_projects_per_year")
	assert isinstance(schemes["XX-JBGS"].param("max_projects_per_year"), Decimal)
