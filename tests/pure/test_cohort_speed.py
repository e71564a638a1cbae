"""The cohort's speed-ups (benchmarks/engine_cohort.py) change nothing in the results: item points
remembered for the length of one cohort, records built without re-validation, no awards computed for
records without claims."""

from decimal import Decimal

import pytest

from policy_app.engine import EvaluationInput, PolicyError, grade_cohort
from policy_app.engine.scoring import item_points, score


def _inputs(values):
	return [
		EvaluationInput(record=f"r{i}", organisation=f"o{i}", year=2025, items=items)
		for i, items in enumerate(values)
	]


COHORT = [
	{"plan": "1", "staff_fulltime": "4", "projects_landed": ["30", "20"], "served_party": "4.5"},
	{"plan": "1", "staff_fulltime": "4", "projects_landed": ["30", "20"], "served_party": "4.5"},
	{"plan": "", "staff_fulltime": "13", "trainings": ["0.5", "3"], "authority": "5"},
	{"staff_fulltime": "4", "trainings": ["0.5", "3"], "highlights": "10", "rd_results": ["8", "8"]},
]


def test_cohort_equals_each_record_scored_alone(schemes):
	s = schemes["XX-BASE"]
	results = grade_cohort(s, _inputs(COHORT))
	for r, inp in zip(results, _inputs(COHORT), strict=True):
		alone = score(s, inp)
		assert r.card == alone
		by_item = {i.code: item_points(i, inp.items.get(i.code)) for i in s.rubric_items}
		assert r.card.items == by_item
		assert r.card.total == sum(r.card.sections.values(), Decimal(0))


def test_text_and_numbers_give_the_same_points_and_keep_their_own_digits(schemes):
	s = schemes["XX-BASE"]
	text, num = grade_cohort(
		s,
		_inputs(
			[
				{"served_party": "4.50", "staff_fulltime": "3"},
				{"served_party": Decimal("4.5"), "staff_fulltime": 3},
			]
		),
	)
	assert text.card.total == num.card.total
	assert str(text.card.items["served_party"]) == "4.50" and str(num.card.items["served_party"]) == "4.5"


def test_a_bad_value_is_refused_every_time_not_remembered(schemes):
	s = schemes["XX-BASE"]
	for _ in range(2):
		with pytest.raises(PolicyError, match="served_party"):
			grade_cohort(s, _inputs([{"served_party": "6"}, {"served_party": "6"}]))


def test_nothing_is_kept_between_cohorts(schemes):
	"""An edited scheme (a new unit value) is used by the next cohort: no cache outlives a call."""
	s = schemes["XX-BASE"]
	first = grade_cohort(s, _inputs([{"staff_fulltime": "4"}]))[0]
	edited = s.model_copy(
		update={
			"rubric_items": [
				i.model_copy(update={"unit_points": Decimal(3)}) if i.code == "staff_fulltime" else i
				for i in s.rubric_items
			]
		}
	)
	second = grade_cohort(edited, _inputs([{"staff_fulltime": "4"}]))[0]
	assert first.card.items["staff_fulltime"] == 8 and second.card.items["staff_fulltime"] == 12


def test_records_without_reward_claims_get_no_awards_and_the_others_do(schemes):
	s = schemes["XX-BASE"]
	results = grade_cohort(s, _inputs(COHORT))
	assert all(isinstance(r.awards, list) for r in results)
	assert all((r.final_grade in ("excellent", "good")) == bool(r.awards) for r in results)


def test_a_malformed_list_is_a_policy_error_not_a_crash(schemes):
	s = schemes["XX-BASE"]
	with pytest.raises(PolicyError, match="must be a number"):
		grade_cohort(s, _inputs([{"projects_landed": [["30"], "20"]}]))


def test_the_collector_is_paused_only_while_a_cohort_is_graded(schemes):
	import gc

	s = schemes["XX-BASE"]
	assert gc.isenabled()
	grade_cohort(s, _inputs(COHORT))
	assert gc.isenabled()
	with pytest.raises(PolicyError):
		grade_cohort(s, _inputs([{"no_such_item": "1"}]))
	assert gc.isenabled()  # restored after an error too
	gc.disable()
	try:
		grade_cohort(s, _inputs(COHORT))
		assert not gc.isenabled()  # a caller that turned it off keeps it off
	finally:
		gc.enable()


def test_the_fast_constructor_builds_what_model_construct_builds(schemes):
	from policy_app.engine import scoring

	s = schemes["XX-BASE"]
	r = grade_cohort(s, _inputs(COHORT))[0]
	again = scoring.CohortResult.model_construct(**dict(r.__dict__))
	assert r == again and r.model_dump() == again.model_dump()
	assert r.model_fields_set == again.model_fields_set
	r.rank = 99  # still an ordinary model: assignment works
	assert r.model_dump()["rank"] == 99


def test_a_pydantic_whose_internals_differ_gets_model_construct(monkeypatch):
	from policy_app.engine import scoring

	monkeypatch.setattr(scoring, "_construct_fast", lambda cls, **values: object())
	assert scoring._pick_constructor() is not scoring._construct_fast
	card = scoring._pick_constructor()(
		scoring.ScoreCard, items={}, sections={}, uncapped_sections={}, total=Decimal(1)
	)
	assert isinstance(card, scoring.ScoreCard) and card.total == Decimal(1)
