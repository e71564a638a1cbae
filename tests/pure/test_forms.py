"""XX-SVC 附件 (西咸新区科技服务示范机构申报表): the four shares the form prints in %, computed from the
form's own figures: 专职人员占比, 本科及中级职称以上占比, 科技服务收入占营业收入的比例, 利税总额占营业收入的比例."""

from decimal import Decimal

import pytest

from policy_app.engine.errors import PolicyError
from policy_app.engine.forms import ServiceFormFigures, percent, service_form_shares

D = Decimal


def test_xx_svc_annex_the_four_shares_from_the_forms_figures():
	"""附件 人员情况 and 上年度财务情况: 40 staff, 30 full-time (75 %), 28 bachelor or above and 12 with an
	intermediate title, 32 of them counted once (80 %); revenue 200 万元, service revenue 150 万元 (75 %),
	profit and tax 30 万元 (15 %)."""
	s = service_form_shares(
		ServiceFormFigures(
			staff_total=40,
			staff_fulltime=30,
			staff_bachelor=28,
			staff_mid_title=12,
			staff_qualified=32,
			revenue_total=D(2000000),
			service_revenue=D(1500000),
			profit_tax_total=D(300000),
		)
	)
	assert (s.staff_fulltime_ratio, s.staff_qualified_ratio, s.service_revenue_ratio, s.profit_tax_ratio) == (
		D("75.00"),
		D("80.00"),
		D("75.00"),
		D("15.00"),
	)


def test_xx_svc_annex_shares_round_to_two_places_half_up():
	assert percent(1, 3) == D("33.33") and percent(2, 3) == D("66.67") and percent(1, 8) == D("12.50")
	assert percent(5, 0) == D(0)  # the whole not given: nothing to compute


def test_xx_svc_annex_qualified_count_follows_from_the_two_counts_when_one_holds_the_other():
	"""本科及中级职称以上, each person once: with nobody of an intermediate title it is the bachelor count;
	when everybody holds a bachelor's it is the whole staff."""
	none_mid = service_form_shares(ServiceFormFigures(staff_total=20, staff_bachelor=15))
	assert none_mid.staff_qualified == 15 and none_mid.staff_qualified_ratio == D("75.00")
	all_bachelor = service_form_shares(
		ServiceFormFigures(staff_total=20, staff_bachelor=20, staff_mid_title=6)
	)
	assert all_bachelor.staff_qualified_ratio == D("100.00")


def test_xx_svc_annex_overlapping_counts_need_the_qualified_count():
	with pytest.raises(PolicyError) as e:
		service_form_shares(ServiceFormFigures(staff_total=20, staff_bachelor=12, staff_mid_title=5))
	assert e.value.field == "staff_qualified" and "本科及中级职称以上人数" in e.value.zh


@pytest.mark.parametrize(
	"figures, field, words",
	[
		(dict(staff_total=10, staff_fulltime=11), "staff_fulltime", "专职人员（11）不能多于总人数（10）"),
		(dict(staff_total=10, staff_bachelor=12), "staff_bachelor", "本科以上人数（12）不能多于总人数（10）"),
		(
			dict(staff_total=30, staff_bachelor=12, staff_mid_title=5, staff_qualified=20),
			"staff_qualified",
			"应在 12 至 17 之间",
		),
		(
			dict(revenue_total=D(1000000), service_revenue=D(1200000)),
			"annual_service_revenue",
			"科技服务收入（1200000）不能多于营业收入（1000000）",
		),
		(dict(staff_total=-1), "staff_total", "人数不能为负数"),
	],
)
def test_xx_svc_annex_a_part_larger_than_its_whole_is_refused(figures, field, words):
	with pytest.raises(PolicyError) as e:
		service_form_shares(ServiceFormFigures(**figures))
	assert e.value.field == field and words in e.value.zh
