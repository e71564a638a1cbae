"""The scheme form's engine parts (#15 item 6): the end of a scheme's effective period and the years for
a chosen end, what a stored 0 stands for, and a filled 0 read as a value, never as 未填写."""

from datetime import date

import pytest
from test_eligibility import ON, XX_BASE_OK

from policy_app.engine import PolicyError, check_eligibility, get_scheme
from policy_app.engine.calendar import validity_end, validity_years_to
from policy_app.engine.models import TABLES, ZERO_MEANING, Scheme


def test_xx_base_22_in_force_from_1_october_2023_for_3_years_ends_30_september_2026():
	"""XX-BASE 第二十二条：自 2023 年 10 月 1 日起施行，有效期 3 年 — in force through 2026-09-30."""
	s = get_scheme("XX-BASE")
	assert (s.effective_from, s.effective_years) == (date(2023, 10, 1), 3)
	assert s.effective_to == date(2026, 9, 30) == validity_end(date(2023, 10, 1), 3)


def test_extending_xx_base_22_to_30_september_2028_is_5_years():
	"""Picking 有效期至 2028-09-30 for XX-BASE (第二十二条, from 2023-10-01) sets 有效期（年） to 5."""
	assert validity_years_to(date(2023, 10, 1), date(2028, 9, 30)) == 5
	assert validity_years_to(date(2023, 10, 1), date(2024, 9, 30)) == 1


def test_an_end_that_is_not_whole_years_from_xx_base_22_start_is_refused_with_the_nearest_ends():
	"""XX-BASE 第二十二条 counts whole years: 2028-10-01 is not an end, 2028-09-30 and 2029-09-30 are."""
	with pytest.raises(PolicyError) as e:
		validity_years_to(date(2023, 10, 1), date(2028, 10, 1))
	assert "不是自施行日期 2023-10-01 起的整年" in e.value.zh
	assert "2028-09-30" in e.value.zh and "2029-09-30" in e.value.zh
	with pytest.raises(PolicyError):
		validity_years_to(date(2023, 10, 1), date(2023, 9, 1))  # before the start


def test_a_leap_day_start_ends_as_the_civil_code_202_says():
	"""Civil Code §202: lacking 29 February, the period ends on the month's last day, the validity the
	day before; the inverse finds the same years."""
	end = validity_end(date(2024, 2, 29), 1)
	assert end == date(2025, 2, 27)
	assert validity_years_to(date(2024, 2, 29), end) == 1


def test_every_zero_is_unset_field_says_what_its_zero_stands_for():
	for table, model in TABLES.items():
		for field, meaning in model.ZERO_IS_UNSET.items():
			assert meaning in ZERO_MEANING, f"{table}.{field}"
	assert TABLES["grade_bands"].ZERO_IS_UNSET["max_score"] == "no_bound"
	assert ZERO_MEANING["no_bound"][1] == "不设上限"


def test_xx_base_grade_band_excellent_with_max_score_0_has_no_upper_bound():
	"""XX-BASE 第十六条 优秀 80 分以上: the band's stored 0 upper bound means none, 100 is 优秀."""
	record = get_scheme("XX-BASE").model_dump()
	for band in record["grade_bands"]:
		if band["max_score"] is None:
			band["max_score"] = 0
	s = Scheme.from_record(record)
	top = s.band(s.bands_best_first()[0].grade)
	assert top.max_score is None and top.contains(100)


def test_xx_base_6_4_no_success_case_filled_as_0_is_not_met_not_missing():
	"""XX-BASE 第六条第4项 近五年……成功案例: an applicant who fills 0 is told the condition is not met
	(0，要求 ≥ 1), not that it is 未填写; only an empty value is 未填写."""
	result = check_eligibility(
		get_scheme("XX-BASE"), {**XX_BASE_OK, "success_cases_5y": 0}, type_code=None, on=ON
	)
	(f,) = [f for f in result.failures if f.code == "xx6_4_cases"]
	assert "不满足：0（要求 ≥ 1）" in f.reason_zh and "未填写" not in f.reason_zh
	empty = check_eligibility(
		get_scheme("XX-BASE"), {**XX_BASE_OK, "success_cases_5y": None}, type_code=None, on=ON
	)
	(f,) = [f for f in empty.failures if f.code == "xx6_4_cases"]
	assert "未填写" in f.reason_zh
