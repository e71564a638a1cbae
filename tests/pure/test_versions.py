"""Which version of a scheme judges a record, and what a new version changes (engine/versions.py)."""

from datetime import date

import pytest

from policy_app.engine.versions import Outcome, VersionRef, cycle_date, differences, version_in_force

QD = [
	VersionRef(name="QD-BASE", in_force_from=date(2021, 12, 30)),
	VersionRef(name="QD-BASE-V2", in_force_from=date(2024, 12, 30)),
]


@pytest.mark.parametrize(
	"on, expected",
	[
		(date(2024, 12, 29), "QD-BASE"),  # the day before the amended measures take effect
		(date(2024, 12, 30), "QD-BASE-V2"),  # the amended measures from their first day
		(date(2026, 6, 1), "QD-BASE-V2"),
		(date(2020, 1, 1), "QD-BASE"),  # before every start: the original, whose period refuses the date
	],
)
def test_the_version_in_force_on_a_date(on, expected):
	assert version_in_force(QD, on) == expected
	assert version_in_force(list(reversed(QD)), on) == expected


def test_a_scheme_without_a_start_is_in_force_until_a_version_starts():
	refs = [VersionRef(name="XX-SVC"), VersionRef(name="XX-SVC-V2", in_force_from=date(2026, 12, 1))]
	assert version_in_force(refs, date(2026, 11, 30)) == "XX-SVC"
	assert version_in_force(refs, date(2026, 12, 1)) == "XX-SVC-V2"


def test_an_evaluation_is_judged_by_the_version_at_the_end_of_its_year():
	assert cycle_date(2024) == date(2024, 12, 31)
	assert version_in_force(QD, cycle_date(2024)) == "QD-BASE-V2"
	assert version_in_force(QD, cycle_date(2023)) == "QD-BASE"


def test_differences_name_each_changed_value_and_only_those():
	before = [
		Outcome(key="a", label="甲", values={"等级": "良好", "奖补": "300,000.00"}),
		Outcome(key="b", label="乙", values={"等级": "合格", "奖补": "0.00"}),
		Outcome(key="c", label="丙", values={"等级": "优秀"}),
	]
	after = [
		Outcome(key="a", label="甲", values={"等级": "合格", "奖补": "0.00"}),
		Outcome(key="b", label="乙", values={"等级": "合格", "奖补": "0.00"}),
		Outcome(key="d", label="丁", values={"等级": "合格"}),
	]
	got = [(d.label, d.what, d.before, d.after) for d in differences(before, after)]
	assert got == [
		("甲", "等级", "良好", "合格"),
		("甲", "奖补", "300,000.00", "0.00"),
		("丙", "等级", "优秀", "—"),
		("丁", "等级", "—", "合格"),
	]
	assert differences(before, before) == []
