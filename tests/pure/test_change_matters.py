"""Major change requests in the engine: the scheme's matters, the refused ones, the reporting limit."""

from datetime import date

import pytest

from policy_app.engine import PolicyError
from policy_app.engine.changes import check_change_request


def test_qd_matters_of_the_form_and_the_two_it_refuses(schemes):
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
			check_change_request(qd, ["lead", code], date(2026, 3, 1), date(2026, 3, 2))
		assert e.value.field == "matters" and e.value.value == code


def test_qd_sets_no_limit_so_nothing_is_late(schemes):
	c = check_change_request(schemes["QD-BASE"], ["lead"], date(2020, 1, 1), date(2026, 1, 1))
	assert c.due is None and not c.late and c.days_late == 0


@pytest.mark.parametrize(
	"scheme, changed, reported, due, late, days",
	[
		("ZJ-BASE", date(2026, 1, 31), date(2026, 2, 28), date(2026, 2, 28), False, 0),  # month end
		("ZJ-BASE", date(2026, 1, 31), date(2026, 3, 1), date(2026, 2, 28), True, 1),
		("XX-BASE", date(2026, 5, 10), date(2026, 6, 10), date(2026, 6, 10), False, 0),
		("XX-BASE", date(2026, 5, 10), date(2026, 7, 1), date(2026, 6, 10), True, 21),
		("XX-INC", date(2026, 5, 10), date(2026, 7, 10), date(2026, 7, 10), False, 0),  # two months
		("XX-INC", date(2026, 5, 10), date(2026, 7, 11), date(2026, 7, 10), True, 1),
	],
)
def test_the_reporting_limit_counts_months_from_the_change(
	schemes, scheme, changed, reported, due, late, days
):
	s = schemes[scheme]
	code = s.change_matters[0].code
	c = check_change_request(s, [code], changed, reported)
	assert (c.due, c.late, c.days_late) == (due, late, days)
	zh, en = c.late_note()
	assert bool(zh) == late and (not late or f"逾期 {days} 天" in zh and f"{days} day(s) late" in en)


def test_exit_and_promotion_end_the_record_but_not_together(schemes):
	zj = schemes["ZJ-BASE"]
	assert check_change_request(zj, ["exit"], date(2026, 1, 1), date(2026, 1, 2)).ends_record == "Exited"
	assert (
		check_change_request(zj, ["promotion"], date(2026, 1, 1), date(2026, 1, 2)).ends_record == "Promoted"
	)
	assert check_change_request(zj, ["lead"], date(2026, 1, 1), date(2026, 1, 2)).ends_record == ""
	with pytest.raises(PolicyError, match="退出与晋升"):
		check_change_request(zj, ["exit", "promotion"], date(2026, 1, 1), date(2026, 1, 2))


@pytest.mark.parametrize(
	"scheme, matters, message",
	[
		("QD-BASE", [], "至少选择一项"),
		("QD-BASE", ["promotion"], "不是方案 QD-BASE 的调整事项"),
		("QD-BASE", ["lead", "lead"], "重复"),
		("CQ-BASE", ["lead"], "未设置可申请调整的事项"),
	],
)
def test_bad_requests_say_why(schemes, scheme, matters, message):
	with pytest.raises(PolicyError, match=message):
		check_change_request(schemes[scheme], matters, date(2026, 1, 1), date(2026, 1, 2))


def test_a_scheme_with_a_matter_twice_is_refused(schemes):
	from policy_app.engine.models import Scheme

	data = schemes["QD-BASE"].model_dump()
	data["change_matters"].append(dict(data["change_matters"][0]))
	with pytest.raises(ValueError, match="change matter"):
		Scheme.model_validate(data)
