"""XX-BASE §11–12 and 附件: the platform's proposed points from a record's size, the shipped bands of
XX-BASE checked against its rubric, and the ratings aggregated into the 5-point scores."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from policy_app.engine import PolicyError
from policy_app.engine.platform import (
	KindMapping,
	PlatformRules,
	PointsBand,
	aggregate_ratings,
	check_rules,
	propose_points,
	rules_from_record,
)

D = Decimal
SHIPPED = Path(__file__).resolve().parents[2] / "fixtures" / "platform_scoring_rules" / "xx_base.json"


@pytest.fixture(scope="module")
def xx_rules():
	return rules_from_record(json.loads(SHIPPED.read_text(encoding="utf-8")))


def item(scheme, code):
	return next(i for i in scheme.rubric_items if i.code == code)


def test_shipped_xx_base_rules_fit_the_rubric(schemes, xx_rules):
	s = schemes["XX-BASE"]
	check_rules(s, xx_rules)  # raises on an unknown item, points out of range, overlaps
	# every platform-countable item of 附件 is fed by at least one record kind
	fed = {k.item_code for k in xx_rules.kinds}
	assert fed == {
		"overseas_leads",
		"needs_matched",
		"overseas_partners",
		"overseas_stations",
		"publicity",
		"projects_landed",
		"park_visits",
		"park_agreements",
		"talents",
		"expert_services",
		"rd_results",
		"patents",
		"tech_deals",
		"events",
		"trainings",
		"study_visits",
		"served_party",
		"authority",
	}
	assert xx_rules.mapping("Cooperation Match", "Project Landed").item_code == "projects_landed"
	assert xx_rules.mapping("Cooperation Match", "Nothing") is None


@pytest.mark.parametrize(
	"amount, points",
	[
		(0, 5),
		(9_999_999, 5),
		(10_000_000, 10),
		(80_000_000, 15),
		(100_000_000, 20),
		(999_999_999, 25),
		(5e9, 30),
	],
)
def test_landed_project_points_by_investment(schemes, xx_rules, amount, points):
	got = propose_points(item(schemes["XX-BASE"], "projects_landed"), xx_rules.bands, "amount", amount)
	assert got == points


@pytest.mark.parametrize(
	"level, points", [("Bachelor's Degree", 3), ("Master's Degree", 5), ("Doctorate", 8), ("Top Talent", 10)]
)
def test_talent_points_by_degree(schemes, xx_rules, level, points):
	assert (
		propose_points(item(schemes["XX-BASE"], "talents"), xx_rules.bands, "talent_level", level) == points
	)


def test_no_band_proposes_the_lowest_points_and_fixed_items_get_none(schemes, xx_rules):
	s = schemes["XX-BASE"]
	# an unknown degree, a missing amount, an item without a measure: the item's minimum
	assert propose_points(item(s, "talents"), xx_rules.bands, "talent_level", "Other") == 3
	assert propose_points(item(s, "projects_landed"), xx_rules.bands, "amount", None) == 5
	assert propose_points(item(s, "expert_services"), xx_rules.bands, "", None) == 1
	assert propose_points(item(s, "publicity"), xx_rules.bands, "channel_level", "National Media") == D("0.4")
	assert propose_points(item(s, "park_visits"), xx_rules.bands, "", None) is None


def test_a_band_outside_the_range_is_clamped_when_proposed(schemes):
	s = schemes["XX-BASE"]
	stray = [PointsBand(item_code="talents", measure="talent_level", category="Nobel", points=D(50))]
	assert propose_points(item(s, "talents"), stray, "talent_level", "Nobel") == 10


def test_inconsistent_rules_are_refused(schemes):
	s = schemes["XX-BASE"]

	def rules(**kw):
		return PlatformRules(scheme="XX-BASE", **kw)

	with pytest.raises(PolicyError, match="not a rubric item"):
		check_rules(
			s, rules(kinds=[KindMapping(record_doctype="Base Activity", kind="Event", item_code="nope")])
		)
	with pytest.raises(PolicyError, match="mapped twice"):
		k = KindMapping(record_doctype="Base Activity", kind="Event", item_code="events")
		check_rules(s, rules(kinds=[k, k]))
	with pytest.raises(PolicyError, match="outside 5-30"):
		check_rules(s, rules(bands=[PointsBand(item_code="projects_landed", measure="amount", points=D(40))]))
	with pytest.raises(PolicyError, match="fixed points"):
		check_rules(s, rules(bands=[PointsBand(item_code="park_visits", points=D(2))]))
	with pytest.raises(PolicyError, match="overlap"):
		check_rules(
			s,
			rules(
				bands=[
					PointsBand(item_code="events", measure="attendees", from_size=0, to_size=100, points=1),
					PointsBand(item_code="events", measure="attendees", from_size=50, to_size=0, points=2),
				]
			),
		)
	with pytest.raises(PolicyError, match="upper end"):
		check_rules(
			s,
			rules(
				bands=[PointsBand(item_code="events", measure="attendees", from_size=9, to_size=3, points=1)]
			),
		)
	with pytest.raises(ValidationError):
		PointsBand(item_code="events", points=D(-1))


def test_ratings_aggregate_into_the_five_point_score():
	# two enterprises: (5, 4, 3) → 4 and (5, 5, 5) → 5; mean 4.5 of 5
	assert aggregate_ratings([[5, 4, 3], [5, 5, 5]], 5, D(5)) == D("4.50")
	# 2/3 of a point is rounded half up to the cent
	assert aggregate_ratings([[4, 4, 5]], 5, D(5)) == D("4.33")
	# a 10-point item on the same form doubles
	assert aggregate_ratings([[3, 3, 3]], 5, D(10)) == D("6.00")
	assert aggregate_ratings([], 5, D(5)) is None


@pytest.mark.parametrize("bad", [[0, 3, 3], [6, 3, 3], [D("3.5"), 3, 3], ["x"], []])
def test_bad_ratings_are_refused(bad):
	with pytest.raises(PolicyError):
		aggregate_ratings([bad], 5, D(5))


@pytest.mark.parametrize("scale", [1, "abc", -5])
def test_a_bad_rating_scale_is_refused_in_both_languages(scale):
	from policy_app.engine.platform import rules_from_record

	with pytest.raises(PolicyError) as e:
		rules_from_record({"scheme": "XX-BASE", "rating_scale": scale})
	assert e.value.field == "rating_scale"
	assert e.value.message("zh") == f"评分量表应为不小于 2 的整数（{scale}）"
	assert "Rating Scale" in e.value.message("en")
