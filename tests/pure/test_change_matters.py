"""Major change requests in the engine: the scheme's matters, the refused ones, the reporting limit."""

from datetime import date

import pytest

from policy_app.engine import PolicyError
from policy_app.engine.changes import check_change_request


def test_qd_matters_of_the_form_and_the_two_it_refuses(schemes, cal):
	qd = schemes["QD-BASE"]
	allowed = [m.label_zh for m in qd.change_matters if m.allowed]
	assert allowed[:6] == [
		"负责人调整",
		"依托单位调整",
		"技术骨干调整",
		"组织推荐部门调整",
		"发展目标、实施方案调整",
		"外方合作单位调整",
	]
	assert "退出" in allowed and "其他" in allowed
	assert sorted(m.code for m in qd.change_matters if not m.allowed) == ["base_name", "core_field"]
	for code in ("base_name", "core_field"):
		with pytest.raises(PolicyError, match="原则上不予调整") as e:
			check_change_request(qd, ["lead", code], date(2026, 3, 1), date(2026, 3, 2), cal)
		assert e.value.field == "matters" and e.value.value == code


def test_qd_sets_no_limit_so_nothing_is_late(schemes, cal):
	c = check_change_request(schemes["QD-BASE"], ["lead"], date(2020, 1, 1), date(2026, 1, 1), cal)
	assert c.due is None and not c.late and c.days_late == 0


@pytest.mark.parametrize(
	"scheme, changed, reported, due, late, days",
	[
		# ZJ §16 一个月内: 31 January → 28 February 2026, a Saturday but a make-up working day (调休上班)
		("ZJ-BASE", date(2026, 1, 31), date(2026, 2, 28), date(2026, 2, 28), False, 0),
		("ZJ-BASE", date(2026, 1, 31), date(2026, 3, 1), date(2026, 2, 28), True, 1),
		# 30 April → 30 May 2026, a Saturday: the limit moves to Monday 1 June (Civil Code §203)
		("ZJ-BASE", date(2026, 4, 30), date(2026, 6, 1), date(2026, 6, 1), False, 0),
		("ZJ-BASE", date(2026, 4, 30), date(2026, 6, 2), date(2026, 6, 1), True, 1),
		# XX-BASE §14 一个月内: 1 September 2025 → 1 October, 国庆节: the first working day is 9 October
		("XX-BASE", date(2025, 9, 1), date(2025, 10, 9), date(2025, 10, 9), False, 0),
		("XX-BASE", date(2025, 9, 1), date(2025, 10, 10), date(2025, 10, 9), True, 1),
		("XX-BASE", date(2026, 5, 10), date(2026, 6, 10), date(2026, 6, 10), False, 0),
		("XX-BASE", date(2026, 5, 10), date(2026, 7, 1), date(2026, 6, 10), True, 21),
		("XX-INC", date(2026, 5, 10), date(2026, 7, 10), date(2026, 7, 10), False, 0),  # two months
		("XX-INC", date(2026, 5, 10), date(2026, 7, 11), date(2026, 7, 10), True, 1),
	],
)
def test_the_reporting_limit_counts_months_from_the_change(
	schemes, cal, scheme, changed, reported, due, late, days
):
	s = schemes[scheme]
	code = s.change_matters[0].code
	c = check_change_request(s, [code], changed, reported, cal)
	assert (c.due, c.late, c.days_late) == (due, late, days)
	zh, en = c.late_note()
	assert bool(zh) == late and (not late or f"逾期 {days} 天" in zh and f"{days} day(s) late" in en)


def test_exit_and_promotion_end_the_record_but_not_together(schemes, cal):
	zj = schemes["ZJ-BASE"]
	assert check_change_request(zj, ["exit"], date(2026, 1, 1), date(2026, 1, 2), cal).ends_record == "Exited"
	assert (
		check_change_request(zj, ["promotion"], date(2026, 1, 1), date(2026, 1, 2), cal).ends_record
		== "Promoted"
	)
	assert check_change_request(zj, ["lead"], date(2026, 1, 1), date(2026, 1, 2), cal).ends_record == ""
	with pytest.raises(PolicyError, match="退出与晋升"):
		check_change_request(zj, ["exit", "promotion"], date(2026, 1, 1), date(2026, 1, 2), cal)


@pytest.mark.parametrize(
	"scheme, matters, message",
	[
		("QD-BASE", [], "至少选择一项"),
		("QD-BASE", ["promotion"], "不是方案 QD-BASE 的调整事项"),
		("QD-BASE", ["lead", "lead"], "重复"),
	],
)
def test_bad_requests_say_why(schemes, cal, scheme, matters, message):
	with pytest.raises(PolicyError, match=message):
		check_change_request(schemes[scheme], matters, date(2026, 1, 1), date(2026, 1, 2), cal)


def test_a_scheme_with_a_matter_twice_is_refused(schemes):
	from policy_app.engine.models import Scheme

	data = schemes["QD-BASE"].model_dump()
	data["change_matters"].append(dict(data["change_matters"][0]))
	with pytest.raises(ValueError, match="change matter"):
		Scheme.model_validate(data)


def test_cq_s16_matters_are_reported_without_a_time_limit(schemes, cal):
	"""CQ §16 国合基地如发生并购、重组、经营业务变化、基地负责人变化等重大事项，应及时向市科技局报告: the four matters
	can be reported; the measures set no limit in months, so none is late."""
	cq = schemes["CQ-BASE"]
	assert [m.label_zh for m in cq.change_matters] == ["并购", "重组", "经营业务变化", "基地负责人变化"]
	assert all(m.allowed and m.article == "第十六条" for m in cq.change_matters)
	c = check_change_request(cq, ["merger", "lead"], date(2025, 1, 1), date(2026, 1, 2), cal)
	assert [m.code for m in c.matters] == ["merger", "lead"] and not c.late and c.due is None


def test_a_scheme_without_change_matters_says_so(schemes, cal):
	from policy_app.engine.models import Scheme

	data = schemes["CQ-BASE"].model_dump()
	data["change_matters"] = []
	with pytest.raises(PolicyError, match="未设置可申请调整的事项"):
		check_change_request(Scheme.model_validate(data), ["lead"], date(2026, 1, 1), date(2026, 1, 2), cal)


def test_a_change_in_december_is_checked_before_next_years_calendar_is_published(schemes):
	"""ZJ §16 一个月内: changed on 1 December 2026, the month ends on 1 January 2027, a day of next year's
	calendar the State Council has not yet published; a report made now is on time and the request is not
	refused, while a report after that day needs the calendar and says so."""
	from policy_app.engine import work_calendar

	cal = work_calendar("CN")
	if 2027 in cal.years:
		pytest.skip("the shipped calendar covers 2027")
	zj = schemes["ZJ-BASE"]
	c = check_change_request(zj, ["lead"], date(2026, 12, 1), date(2026, 12, 1), cal)
	assert c.due == date(2027, 1, 1) and not c.late
	with pytest.raises(PolicyError, match="缺少 2027 年"):
		check_change_request(zj, ["lead"], date(2026, 12, 1), date(2027, 1, 4), cal)


def test_a_limit_on_a_sunday_of_an_unpublished_year_is_shown_on_the_monday(schemes):
	"""XX-BASE §14 一个月内, the scheme's limit rolls to a working day: changed on 3 December 2026, the month
	ends on Sunday 3 January 2027, before next year's calendar is published. A report made now is on time
	and the limit it shows is Monday 4 January, not the Sunday."""
	from policy_app.engine import work_calendar

	cal = work_calendar("CN")
	if 2027 in cal.years:
		pytest.skip("the shipped calendar covers 2027")
	xx = schemes["XX-BASE"]
	code = xx.change_matters[0].code
	c = check_change_request(xx, [code], date(2026, 12, 3), date(2026, 12, 20), cal)
	assert c.due == date(2027, 1, 4) and c.due.weekday() == 0 and not c.late
	# within a published year the calendar decides: 29 November 2026 is a Sunday, the limit is Monday 30th
	c = check_change_request(xx, [code], date(2026, 10, 29), date(2026, 12, 2), cal)
	assert (c.due, c.late, c.days_late) == (date(2026, 11, 30), True, 2)
