"""The scheme model: the shipped data loads, every SPEC number is in it, inconsistent edits are refused."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from policy_app.engine import PolicyError, get_scheme, load_schemes
from policy_app.engine.errors import explain
from policy_app.engine.models import Scheme

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


def test_a_scheme_without_the_asked_notice_or_parameter(schemes):
	with pytest.raises(PolicyError) as e:
		schemes["ZJ-BASE"].notice("recognition")
	assert e.value.field == "stage"
	with pytest.raises(PolicyError):
		schemes["XX-BASE"].param("max_projects_per_year")
	assert isinstance(schemes["XX-JBGS"].param("max_projects_per_year"), Decimal)
