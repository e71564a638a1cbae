"""SPEC §3: every scheme's hard conditions with the documents' own numbers, on both sides."""

from datetime import date

import pytest

from policy_app.engine import Ban, PolicyError, check_eligibility

ON = date(2025, 6, 1)  # inside XX-BASE's period (2023-10-01 .. 2026-09-30)

XX_BASE_OK = {
	"registered_taxed_counted_in_area": True,
	"independent_legal_person": True,
	"has_dishonesty_record": False,
	"has_cooperation_capability": True,
	"has_stable_overseas_channels": True,
	"success_cases_5y": 2,
	"international_staff": 3,
	"cap_research": False,
	"cap_results": False,
	"cap_space": True,
	"cap_transfer": False,
}


def failed(result):
	return {f.code for f in result.failures}


def test_xx_base_all_conditions_met(schemes):
	r = check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=ON)
	assert r.eligible and not r.failures


def test_xx_base_staff_of_three(schemes):
	r = check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "international_staff": 2}, on=ON)
	assert failed(r) == {"xx6_5_staff"}
	(f,) = r.failures
	assert "第六条第5项" in f.reason_zh and "2" in f.reason_zh and "≥ 3" in f.reason_zh
	assert "needs ≥ 3" in f.reason_en


def test_xx_base_one_of_four_capabilities(schemes):
	none = {**XX_BASE_OK, "cap_space": False}
	r = check_eligibility(schemes["XX-BASE"], none, on=ON)
	assert failed(r) == {"xx6_6"}
	assert "至少 1 项" in r.failures[0].reason_zh and "0 met" in r.failures[0].reason_en
	for cap in ("cap_research", "cap_results", "cap_space", "cap_transfer"):
		assert check_eligibility(schemes["XX-BASE"], {**none, cap: True}, on=ON).eligible


def test_xx_base_dishonesty_and_missing_facts(schemes):
	r = check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "has_dishonesty_record": True}, on=ON)
	assert failed(r) == {"xx6_1_credit"}
	partial = dict(XX_BASE_OK)
	del partial["registered_taxed_counted_in_area"]
	r = check_eligibility(schemes["XX-BASE"], partial, on=ON)
	assert failed(r) == {"xx6_1_reg"} and "未填写" in r.failures[0].reason_zh


def test_a_ban_blocks_a_new_application(schemes):
	ban = Ban(organisation="ORG-1", until=date(2026, 1, 1), reason_zh="弄虚作假", reason_en="fraud")
	r = check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=ON, organisation="ORG-1", bans=[ban])
	assert not r.eligible and failed(r) == {"ban"} and "2026-01-01" in r.failures[0].reason_zh
	assert check_eligibility(
		schemes["XX-BASE"], XX_BASE_OK, on=date(2026, 1, 1), organisation="ORG-1", bans=[ban]
	).eligible
	assert check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=ON, organisation="ORG-2", bans=[ban]).eligible


def test_date_outside_the_effective_period(schemes):
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=date(2026, 10, 1))
	assert e.value.field == "on" and e.value.value == "2026-10-01" and "2026-09-30" in e.value.zh
	with pytest.raises(PolicyError):
		check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=date(2023, 9, 30))


ZJ_ALL = {
	"registered_in_area": True,
	"support_in_place": True,
	"has_stable_overseas_channels": True,
	"policy_ip": True,
	"policy_cross_border_data": True,
	"policy_human_genetic": True,
	"policy_ethics": True,
	"policy_secrecy": True,
	"security_mechanism": True,
}


def test_zj_joint_rd_needs_three_agreements_and_one_strength_route(schemes):
	zj = schemes["ZJ-BASE"]
	facts = {
		**ZJ_ALL,
		"overseas_agreements": 3,
		"provincial_project_by_lead": False,
		"rd_intensity_meets_hte": True,
	}
	assert check_eligibility(zj, facts, type_code="joint_rd", on=ON).eligible
	r = check_eligibility(zj, {**facts, "overseas_agreements": 2}, type_code="joint_rd", on=ON)
	assert failed(r) == {"zj8_2_agreements"}
	r = check_eligibility(zj, {**facts, "rd_intensity_meets_hte": False}, type_code="joint_rd", on=ON)
	assert failed(r) == {"zj8_1"}
	# the agreements condition belongs to joint R&D only
	assert "zj8_2_agreements" not in {
		c.code for c in check_eligibility(zj, facts, type_code="open_service", on=ON).conditions
	}


def test_zj_featured_one_of_two_and_the_security_policies(schemes):
	zj = schemes["ZJ-BASE"]
	r = check_eligibility(
		zj,
		{**ZJ_ALL, "overseas_rd_controlled": False, "foreign_rd_centre_qualifies": False},
		type_code="featured",
		on=ON,
	)
	assert failed(r) == {"zj10"}
	assert check_eligibility(
		zj,
		{**ZJ_ALL, "overseas_rd_controlled": False, "foreign_rd_centre_qualifies": True},
		type_code="featured",
		on=ON,
	).eligible
	r = check_eligibility(
		zj,
		{**ZJ_ALL, "policy_human_genetic": False, "overseas_rd_controlled": True},
		type_code="featured",
		on=ON,
	)
	assert failed(r) == {"zj7_3_hgr"}


CQ_BASE = {
	"registered_in_area": True,
	"has_team_and_funding": True,
	"accident_or_integrity_issue_3y": False,
	"complies_secrecy": True,
}


@pytest.mark.parametrize(
	"type_code, facts, weak, code",
	[
		(
			"innovation_park",
			{"hightech_firms": 10, "city_platforms": 3, "overseas_rd_teams": 2, "foreign_partners": 5},
			("hightech_firms", 9),
			"cq6_2_firms",
		),
		(
			"innovation_park",
			{"hightech_firms": 10, "city_platforms": 3, "overseas_rd_teams": 2, "foreign_partners": 5},
			("city_platforms", 2),
			"cq6_2_platforms",
		),
		(
			"innovation_park",
			{"hightech_firms": 10, "city_platforms": 3, "overseas_rd_teams": 2, "foreign_partners": 5},
			("overseas_rd_teams", 1),
			"cq6_2_teams",
		),
		(
			"innovation_park",
			{"hightech_firms": 10, "city_platforms": 3, "overseas_rd_teams": 2, "foreign_partners": 5},
			("foreign_partners", 4),
			"cq6_3_partners",
		),
		(
			"tech_transfer",
			{"has_transfer_team": True, "transfers_total": 3},
			("transfers_total", 2),
			"cq7_4_transfers",
		),
		(
			"joint_research",
			{
				"has_city_key_projects": True,
				"sci_ei_papers_3y": 20,
				"joint_papers_3y": 5,
				"owns_ip_or_award": True,
			},
			("sci_ei_papers_3y", 19),
			"cq8_2_papers",
		),
		(
			"joint_research",
			{
				"has_city_key_projects": True,
				"sci_ei_papers_3y": 20,
				"joint_papers_3y": 5,
				"owns_ip_or_award": True,
			},
			("joint_papers_3y", 4),
			"cq8_2_joint",
		),
		(
			"overseas_centre",
			{
				"actual_control": True,
				"fixed_site_abroad": True,
				"overseas_staff": 2,
				"long_term_agreements": True,
				"intl_spend_3y": 2000000,
				"joint_projects": 2,
			},
			("intl_spend_3y", 1999999.99),
			"cq9_4_spend",
		),
		(
			"overseas_centre",
			{
				"actual_control": True,
				"fixed_site_abroad": True,
				"overseas_staff": 2,
				"long_term_agreements": True,
				"intl_spend_3y": 2000000,
				"joint_projects": 2,
			},
			("overseas_staff", 1),
			"cq9_2_staff",
		),
		(
			"overseas_centre",
			{
				"actual_control": True,
				"fixed_site_abroad": True,
				"overseas_staff": 2,
				"long_term_agreements": True,
				"intl_spend_3y": 2000000,
				"joint_projects": 2,
			},
			("joint_projects", 1),
			"cq9_4_projects",
		),
	],
)
def test_cq_type_thresholds(schemes, type_code, facts, weak, code):
	cq = schemes["CQ-BASE"]
	assert check_eligibility(cq, {**CQ_BASE, **facts}, type_code=type_code, on=ON).eligible
	r = check_eligibility(cq, {**CQ_BASE, **facts, weak[0]: weak[1]}, type_code=type_code, on=ON)
	assert failed(r) == {code}


def test_cq_accident_in_three_years(schemes):
	r = check_eligibility(
		schemes["CQ-BASE"],
		{**CQ_BASE, "accident_or_integrity_issue_3y": True, "has_transfer_team": True, "transfers_total": 5},
		type_code="tech_transfer",
		on=ON,
	)
	assert failed(r) == {"cq5_3"}


QD_BASE = {
	"aligned_and_capable": True,
	"has_stable_overseas_channels": True,
	"has_coop_office": True,
	"has_cooperation_results": True,
	"serious_integrity_breach": False,
}


def test_qd_enterprise_registered_one_year(schemes):
	qd = schemes["QD-BASE"]
	on = date(2025, 6, 1)
	facts = {**QD_BASE, "independent_legal_person": True, "intl_layout": True, "city_project": True}
	assert check_eligibility(
		qd, {**facts, "registration_date": "2024-06-01"}, type_code="demo_base", host_kind="enterprise", on=on
	).eligible
	r = check_eligibility(
		qd, {**facts, "registration_date": "2024-06-02"}, type_code="demo_base", host_kind="enterprise", on=on
	)
	assert failed(r) == {"qd9_1_reg"} and "11 个月" in r.failures[0].reason_zh


def test_qd_park_partners_in_three_countries(schemes):
	qd = schemes["QD-BASE"]
	facts = {**QD_BASE, "park_functions": True, "park_support_system": True, "partner_countries": 3}
	assert check_eligibility(qd, facts, type_code="innovation_park", host_kind="park", on=ON).eligible
	r = check_eligibility(
		qd, {**facts, "partner_countries": 2}, type_code="innovation_park", host_kind="park", on=ON
	)
	assert failed(r) == {"qd12_2"}
	# institute conditions do not apply to a park; a date before 2024-12-30 is outside QD's period
	assert not {c.code for c in r.conditions} & {"qd10_1", "qd9_1_reg"}
	with pytest.raises(PolicyError):
		check_eligibility(qd, facts, type_code="innovation_park", host_kind="park", on=date(2024, 12, 29))


def test_xx_svc_revenue_of_500000(schemes):
	svc = schemes["XX-SVC"]
	facts = {
		"registered_taxed_counted_in_area": True,
		"independent_legal_person": True,
		"fixed_premises": True,
		"sound_structure": True,
		"sound_rules": True,
	}
	assert check_eligibility(svc, {**facts, "annual_service_revenue": 500000}, on=ON).eligible
	r = check_eligibility(svc, {**facts, "annual_service_revenue": 499999.99}, on=ON)
	assert failed(r) == {"svc3_5"}


INC = {
	"registered_in_area": True,
	"site_area_m2": 800,
	"registration_date": "2024-06-01",
	"statistics_years": 1,
	"incubatee_count": 30,
	"service_staff": 3,
	"mentors": 2,
	"oldest_incubatee_age_months": 48,
	"biomedicine": False,
	"onsite_incubatees": 10,
	"events_per_year": 10,
}


@pytest.mark.parametrize(
	"change, code",
	[
		({"site_area_m2": 799}, "inc7_1_area"),
		({"registration_date": "2024-06-02"}, "inc7_1_age"),
		({"service_staff": 2}, "inc7_2_staff"),  # 30 incubatees need 3 staff (1 per 10)
		({"incubatee_count": 31}, "inc7_2_staff"),  # 31 need 4 staff, and 3 mentors (1 per 15)
		({"mentors": 1}, "inc7_2_mentors"),
		({"oldest_incubatee_age_months": 49}, "inc7_3_age"),
		({"onsite_incubatees": 9}, "inc7_3_onsite"),
		({"events_per_year": 9}, "inc7_4_events"),
	],
)
def test_xx_inc_conditions(schemes, change, code):
	inc = schemes["XX-INC"]
	assert check_eligibility(inc, INC, on=ON).eligible
	r = check_eligibility(inc, {**INC, **change}, on=ON)
	assert code in failed(r)


def test_xx_inc_biomedicine_may_be_sixty_months(schemes):
	inc = schemes["XX-INC"]
	bio = {**INC, "biomedicine": True, "oldest_incubatee_age_months": 60}
	assert check_eligibility(inc, bio, on=ON).eligible
	assert failed(check_eligibility(inc, {**bio, "oldest_incubatee_age_months": 61}, on=ON)) == {
		"inc7_3_age_bio"
	}
	assert failed(check_eligibility(inc, {**INC, "oldest_incubatee_age_months": 60}, on=ON)) == {"inc7_3_age"}


def test_bad_facts_raise(schemes):
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "international_staff": -1}, on=ON)
	assert e.value.field == "international_staff" and e.value.value == -1
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "international_staff": "three"}, on=ON)
	assert e.value.field == "international_staff"
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["CQ-BASE"], CQ_BASE, type_code="space_station", on=ON)
	assert e.value.field == "type" and e.value.value == "space_station"
