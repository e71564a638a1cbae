"""SPEC §3: every scheme's hard conditions with the documents' own numbers, on both sides."""

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from policy_app.engine import Ban, PolicyError, check_eligibility, get_scheme
from policy_app.engine.eligibility import evaluate_condition

ON = date(2025, 6, 1)  # inside XX-BASE's period (2023-10-01 .. 2026-09-30)

XX_BASE_OK = {
	"registered_taxed_counted_in_area": True,
	"independent_legal_person": True,
	"no_dishonesty_record": True,
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


def test_xx_base_success_cases_in_five_years(schemes):
	assert check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "success_cases_5y": 1}, on=ON).eligible
	r = check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "success_cases_5y": 0}, on=ON)
	assert failed(r) == {"xx6_4_cases"} and "第六条第4项" in r.failures[0].reason_zh


@pytest.mark.parametrize(
	"fact, code",
	[
		("registered_taxed_counted_in_area", "xx6_1_reg"),
		("independent_legal_person", "xx6_1_legal"),
		("has_cooperation_capability", "xx6_2_capable"),
		("has_stable_overseas_channels", "xx6_3_channels"),
	],
)
def test_xx_base_yes_no_conditions(schemes, fact, code):
	r = check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, fact: False}, on=ON)
	assert not r.eligible and failed(r) == {code}
	assert r.failures[0].reason_zh.startswith("第六条") and "not met" in r.failures[0].reason_en


def test_xx_base_several_failures_are_all_reported(schemes):
	facts = {**XX_BASE_OK, "international_staff": 1, "cap_space": False, "no_dishonesty_record": False}
	r = check_eligibility(schemes["XX-BASE"], facts, on=ON)
	assert failed(r) == {"xx6_5_staff", "xx6_6", "xx6_1_credit"}
	assert len(r.reasons("zh")) == len(r.reasons("en")) == 3
	assert all(x for x in r.reasons("zh") + r.reasons("en"))


def test_xx_base_dishonesty_and_missing_facts(schemes):
	r = check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "no_dishonesty_record": False}, on=ON)
	assert failed(r) == {"xx6_1_credit"}
	partial = dict(XX_BASE_OK)
	del partial["registered_taxed_counted_in_area"]
	r = check_eligibility(schemes["XX-BASE"], partial, on=ON)
	assert failed(r) == {"xx6_1_reg"} and "未填写" in r.failures[0].reason_zh


def test_a_ban_from_a_revocation_lasts_three_years(schemes, cal):
	# XX-BASE §14: fraud ends the cooperation and no application is accepted for three years
	until = cal.due_date(schemes["XX-BASE"].deadline("fraud_ban"), date(2023, 11, 15))
	assert until == date(2026, 11, 15)
	ban = Ban(organisation="ORG-1", scheme="XX-BASE", until=until)
	r = check_eligibility(
		schemes["XX-BASE"], XX_BASE_OK, on=date(2026, 9, 30), organisation="ORG-1", bans=[ban]
	)
	assert failed(r) == {"ban"} and r.failures[0].reason_zh and r.failures[0].reason_en
	# a ban under one scheme does not block another scheme; a ban for every scheme does
	svc = {**SVC_OK, "annual_service_revenue": 800000}
	assert check_eligibility(schemes["XX-SVC"], svc, on=ON, organisation="ORG-1", bans=[ban]).eligible
	everywhere = Ban(organisation="ORG-1", until=until)
	assert not check_eligibility(
		schemes["XX-SVC"], svc, on=ON, organisation="ORG-1", bans=[everywhere]
	).eligible


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
	assert "2023-10-01" in e.value.en and e.value.zh and e.value.en
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=date(2023, 9, 30))
	assert e.value.field == "on" and e.value.value == "2023-09-30"
	# the first and the last day are inside
	assert check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=date(2023, 10, 1)).eligible
	assert check_eligibility(schemes["XX-BASE"], XX_BASE_OK, on=date(2026, 9, 30)).eligible


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
	assert check_eligibility(zj, facts, type_code="joint_rd", host_kind="enterprise", on=ON).eligible
	r = check_eligibility(
		zj, {**facts, "overseas_agreements": 2}, type_code="joint_rd", host_kind="enterprise", on=ON
	)
	assert failed(r) == {"zj8_2_agreements"}
	r = check_eligibility(
		zj, {**facts, "rd_intensity_meets_hte": False}, type_code="joint_rd", host_kind="enterprise", on=ON
	)
	assert failed(r) == {"zj8_1"}
	# the agreements condition belongs to joint R&D only
	assert "zj8_2_agreements" not in {
		c.code for c in check_eligibility(zj, facts, type_code="open_service", on=ON).conditions
	}


def test_zj_joint_rd_institution_route(schemes):
	zj = schemes["ZJ-BASE"]
	facts = {**ZJ_ALL, "overseas_agreements": 4, "provincial_project_by_lead": True}
	r = check_eligibility(zj, facts, type_code="joint_rd", host_kind="university", on=ON)
	assert r.eligible
	r = check_eligibility(
		zj, {**facts, "provincial_project_by_lead": False}, type_code="joint_rd", host_kind="institute", on=ON
	)
	assert failed(r) == {"zj8_1"} and "至少 1 项" in r.failures[0].reason_zh


def test_zj_s8_1_each_host_kind_shows_its_strength_by_its_own_route(schemes):
	"""ZJ §8(一): 依托高校、科研机构的，原则上应承担过省级及以上科技计划项目…；依托企业的，应…近三年平均研发经费投入
	强度达到国家高新技术企业标准. A university does not qualify through R&D intensity, nor an enterprise
	through a provincial project; a joint R&D base that names no host kind is not checked as met."""
	zj = schemes["ZJ-BASE"]
	facts = {**ZJ_ALL, "overseas_agreements": 3}
	project_only = {**facts, "provincial_project_by_lead": True, "rd_intensity_meets_hte": False}
	intensity_only = {**facts, "provincial_project_by_lead": False, "rd_intensity_meets_hte": True}
	for host in ("university", "institute"):
		assert check_eligibility(zj, project_only, type_code="joint_rd", host_kind=host, on=ON).eligible
		r = check_eligibility(zj, intensity_only, type_code="joint_rd", host_kind=host, on=ON)
		assert failed(r) == {"zj8_1"}
	assert check_eligibility(zj, intensity_only, type_code="joint_rd", host_kind="enterprise", on=ON).eligible
	r = check_eligibility(zj, project_only, type_code="joint_rd", host_kind="enterprise", on=ON)
	assert failed(r) == {"zj8_1"}
	assert failed(check_eligibility(zj, project_only, type_code="joint_rd", on=ON)) == {"zj8_1"}


def test_zj_open_service(schemes):
	zj = schemes["ZJ-BASE"]
	facts = {**ZJ_ALL, "has_service_resources": True, "has_transfer_team": True, "success_cases": 1}
	assert check_eligibility(zj, facts, type_code="open_service", on=ON).eligible
	r = check_eligibility(zj, {**facts, "success_cases": 0}, type_code="open_service", on=ON)
	assert failed(r) == {"zj9_2_cases"}


@pytest.mark.parametrize(
	"fact",
	["policy_ip", "policy_cross_border_data", "policy_human_genetic", "policy_ethics", "policy_secrecy"],
)
def test_zj_every_type_needs_the_five_policies(schemes, fact):
	zj = schemes["ZJ-BASE"]  # §7.3: IP, cross-border data, human genetic resources, ethics, secrecy
	facts = {**ZJ_ALL, "has_service_resources": True, "has_transfer_team": True, "success_cases": 2}
	r = check_eligibility(zj, {**facts, fact: False}, type_code="open_service", on=ON)
	assert len(r.failures) == 1 and r.failures[0].article == "第七条第（三）项"


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
	"no_accident_or_integrity_issue_3y": True,
	"complies_secrecy": True,
}
# the qualitative conditions of CQ §6–9 a qualified applicant ticks (the reviewers verify them)
CQ_PARK = {
	"park_multi_function": True,
	"has_intl_coop_office": True,
	"park_results": True,
	"applied_by_district_government": True,
}
CQ_TRANSFER = {"transfer_channels": True, "transfer_results": True}
CQ_JOINT = {"joint_rd_results": True}
CQ_OVERSEAS = {"self_financing": True, "overseas_results": True}


@pytest.mark.parametrize(
	"type_code, facts, weak, code",
	[
		(
			"innovation_park",
			{
				**CQ_PARK,
				"hightech_firms": 10,
				"city_platforms": 3,
				"overseas_rd_teams": 2,
				"foreign_partners": 5,
			},
			("hightech_firms", 9),
			"cq6_2_firms",
		),
		(
			"innovation_park",
			{
				**CQ_PARK,
				"hightech_firms": 10,
				"city_platforms": 3,
				"overseas_rd_teams": 2,
				"foreign_partners": 5,
			},
			("city_platforms", 2),
			"cq6_2_platforms",
		),
		(
			"innovation_park",
			{
				**CQ_PARK,
				"hightech_firms": 10,
				"city_platforms": 3,
				"overseas_rd_teams": 2,
				"foreign_partners": 5,
			},
			("overseas_rd_teams", 1),
			"cq6_2_teams",
		),
		(
			"innovation_park",
			{
				**CQ_PARK,
				"hightech_firms": 10,
				"city_platforms": 3,
				"overseas_rd_teams": 2,
				"foreign_partners": 5,
			},
			("foreign_partners", 4),
			"cq6_3_partners",
		),
		(
			"tech_transfer",
			{**CQ_TRANSFER, "has_transfer_team": True, "transfers_total": 3},
			("transfers_total", 2),
			"cq7_4_transfers",
		),
		(
			"joint_research",
			{
				**CQ_JOINT,
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
				**CQ_JOINT,
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
				**CQ_OVERSEAS,
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
				**CQ_OVERSEAS,
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
				**CQ_OVERSEAS,
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


@pytest.mark.parametrize(
	"type_code, facts, fact, code",
	[
		("innovation_park", CQ_PARK, "park_multi_function", "cq6_1"),
		("innovation_park", CQ_PARK, "has_intl_coop_office", "cq6_3_office"),
		("innovation_park", CQ_PARK, "park_results", "cq6_4"),
		("innovation_park", CQ_PARK, "applied_by_district_government", "cq10_park_applicant"),
		("tech_transfer", CQ_TRANSFER, "transfer_channels", "cq7_1"),
		("tech_transfer", CQ_TRANSFER, "transfer_results", "cq7_3"),
		("joint_research", CQ_JOINT, "joint_rd_results", "cq8_2_coop"),
		("overseas_centre", CQ_OVERSEAS, "self_financing", "cq9_1_model"),
		("overseas_centre", CQ_OVERSEAS, "overseas_results", "cq9_4_results"),
	],
)
def test_cq_s6_to_s9_qualitative_conditions_are_asked_and_read(schemes, type_code, facts, fact, code):
	"""CQ §6(一)(三)(四), §7(一)(三), §8(二), §9(一)(四): the statements a qualified applicant ticks (显著成绩,
	自收自支 …) are conditions of their own type; leaving one unticked fails that condition alone."""
	cq = schemes["CQ-BASE"]
	numbers = {
		"innovation_park": {
			"hightech_firms": 10,
			"city_platforms": 3,
			"overseas_rd_teams": 2,
			"foreign_partners": 5,
		},
		"tech_transfer": {"has_transfer_team": True, "transfers_total": 3},
		"joint_research": {
			"has_city_key_projects": True,
			"sci_ei_papers_3y": 20,
			"joint_papers_3y": 5,
			"owns_ip_or_award": True,
		},
		"overseas_centre": {
			"actual_control": True,
			"fixed_site_abroad": True,
			"overseas_staff": 2,
			"long_term_agreements": True,
			"intl_spend_3y": 2000000,
			"joint_projects": 2,
		},
	}[type_code]
	ok = {**CQ_BASE, **facts, **numbers}
	assert check_eligibility(cq, ok, type_code=type_code, on=ON).eligible
	r = check_eligibility(cq, {**ok, fact: False}, type_code=type_code, on=ON)
	assert failed(r) == {code}
	article = {"innovation_park": "第六条", "tech_transfer": "第七条", "joint_research": "第八条"}.get(
		type_code, "第九条"
	)
	if code == "cq10_park_applicant":
		article = "第十条"  # §10: who applies for an international innovation park
	assert next(c for c in cq.eligibility_conditions if c.code == code).article.startswith(article)


def test_cq_s8_4_priority_is_not_a_condition(schemes):
	"""CQ §8(四) 拥有市级以上重点实验室…可以获得优先认定: a joint research centre without such a platform still
	qualifies; the scheme reads no condition from the priority box."""
	cq = schemes["CQ-BASE"]
	assert all(c.fact != "priority_platforms" for c in cq.eligibility_conditions)


def test_cq_accident_in_three_years(schemes):
	r = check_eligibility(
		schemes["CQ-BASE"],
		{
			**CQ_BASE,
			**CQ_TRANSFER,
			"no_accident_or_integrity_issue_3y": False,
			"has_transfer_team": True,
			"transfers_total": 5,
		},
		type_code="tech_transfer",
		on=ON,
	)
	assert failed(r) == {"cq5_3"}


QD_BASE = {
	"aligned_and_capable": True,
	"has_stable_overseas_channels": True,
	"has_coop_office": True,
	"has_cooperation_results": True,
	"no_serious_integrity_breach": True,
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


def test_qd_intermediary_registered_one_year(schemes):
	qd = schemes["QD-BASE"]
	facts = {
		**QD_BASE,
		"independent_legal_person": True,
		"sourcing_services": True,
		"service_record": True,
		"registration_date": date(2024, 3, 1),
	}
	assert check_eligibility(
		qd, facts, type_code="tech_transfer", host_kind="intermediary", on=date(2025, 3, 1)
	).eligible
	r = check_eligibility(
		qd, facts, type_code="tech_transfer", host_kind="intermediary", on=date(2025, 2, 28)
	)
	assert failed(r) == {"qd9_1_reg"} and "11 months" in r.failures[0].reason_en
	# the enterprise-only conditions (city-level project, international layout) do not apply here
	assert not {c.code for c in r.conditions} & {"qd9_2", "qd9_3"}
	r = check_eligibility(
		qd, {**facts, "registration_date": "2025-03-01"}, host_kind="intermediary", on=date(2025, 6, 1)
	)
	assert failed(r) == {"qd9_1_reg"}
	with pytest.raises(PolicyError) as e:
		check_eligibility(qd, {**facts, "registration_date": "March 2024"}, host_kind="intermediary", on=ON)
	assert e.value.field == "registration_date" and e.value.value == "March 2024"


def test_qd_university_conditions(schemes):
	qd = schemes["QD-BASE"]
	facts = {**QD_BASE, "rd_strength": True, "transfer_progress": True, "long_term_foreign_partners": True}
	assert check_eligibility(qd, facts, type_code="joint_lab", host_kind="university", on=ON).eligible
	r = check_eligibility(
		qd,
		{**facts, "long_term_foreign_partners": False},
		type_code="joint_lab",
		host_kind="institute",
		on=ON,
	)
	assert failed(r) == {"qd10_3"}
	with pytest.raises(PolicyError) as e:
		check_eligibility(qd, facts, host_kind="hospital", on=ON)
	assert e.value.field == "host_kind" and e.value.value == "hospital"


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


SVC_OK = {
	"registered_taxed_counted_in_area": True,
	"independent_legal_person": True,
	"fixed_premises": True,
	"sound_structure": True,
	"sound_rules": True,
}


def test_xx_svc_revenue_of_500000(schemes):
	svc = schemes["XX-SVC"]  # §3.5: 不低于 50 万元, so exactly 500,000 qualifies
	assert check_eligibility(svc, {**SVC_OK, "annual_service_revenue": 500000}, on=ON).eligible
	assert check_eligibility(svc, {**SVC_OK, "annual_service_revenue": "500000.00"}, on=ON).eligible
	r = check_eligibility(svc, {**SVC_OK, "annual_service_revenue": Decimal("499999.99")}, on=ON)
	assert failed(r) == {"svc3_5"}
	assert "499999.99" in r.failures[0].reason_zh and "500000" in r.failures[0].reason_en


@pytest.mark.parametrize("fact", ["registered_taxed_counted_in_area", "fixed_premises", "sound_rules"])
def test_xx_svc_other_conditions(schemes, fact):
	r = check_eligibility(schemes["XX-SVC"], {**SVC_OK, fact: False, "annual_service_revenue": 900000}, on=ON)
	assert len(r.failures) == 1 and r.failures[0].article.startswith("第三条")


INC = {
	"registered_in_area": True,
	"site_area_m2": 800,
	"registration_date": "2024-06-01",
	"statistics_years": 1,
	"incubatee_count": 30,
	"service_staff": 3,
	"mentors": 2,
	"oldest_incubatee_age_months": 47,
	"has_ordinary_firms": True,
	"has_special_firms": False,
	"oldest_special_incubatee_age_months": 0,
	"onsite_incubatees": 10,
	"events_per_year": 10,
}


@pytest.mark.parametrize(
	"change, code",
	[
		({"site_area_m2": 799.9}, "inc7_1_area"),
		({"registered_in_area": False}, "inc7_1_legal"),
		({"statistics_years": 0}, "inc7_1_stats"),
		({"registration_date": "2024-06-02"}, "inc7_1_age"),
		({"service_staff": 2}, "inc7_2_staff"),  # 30 incubatees need 3 staff (1 per 10)
		({"incubatee_count": 31}, "inc7_2_staff"),  # 31 need 4 staff, and 3 mentors (1 per 15)
		({"mentors": 1}, "inc7_2_mentors"),
		({"oldest_incubatee_age_months": 48}, "inc7_3_age"),  # 不满48个月: 48 itself is too old
		({"onsite_incubatees": 9}, "inc7_3_onsite"),
		({"events_per_year": 9}, "inc7_4_events"),
	],
)
def test_xx_inc_conditions(schemes, change, code):
	inc = schemes["XX-INC"]
	assert check_eligibility(inc, INC, on=ON).eligible
	r = check_eligibility(inc, {**INC, **change}, on=ON)
	assert code in failed(r)


@pytest.mark.parametrize(
	"incubatees, staff, mentors, ok",
	[
		(10, 1, 1, True),  # 1 per 10, 1 per 15
		(11, 1, 1, False),  # 11 firms need 2 service staff
		(11, 2, 1, True),
		(15, 2, 1, True),
		(16, 2, 1, False),  # 16 firms need 2 mentors
		(16, 2, 2, True),
		(30, 3, 2, True),
		(45, 5, 3, True),
		(45, 4, 3, False),
	],
)
def test_xx_inc_staff_and_mentor_ratios(schemes, incubatees, staff, mentors, ok):
	facts = {**INC, "incubatee_count": incubatees, "service_staff": staff, "mentors": mentors}
	r = check_eligibility(schemes["XX-INC"], facts, on=ON)
	assert r.eligible is ok
	assert failed(r) <= {"inc7_2_staff", "inc7_2_mentors"}


def test_xx_inc_ratio_without_the_incubatee_count_does_not_pass(schemes):
	facts = dict(INC)
	del facts["incubatee_count"]
	r = check_eligibility(schemes["XX-INC"], facts, on=ON)
	assert failed(r) == {"inc7_2_staff", "inc7_2_mentors"}
	assert all("incubatee_count" in f.reason_zh and "not provided" in f.reason_en for f in r.failures)


def test_xx_inc_registered_and_operating_twelve_months(schemes):
	inc = schemes["XX-INC"]
	on = date(2025, 6, 1)
	assert check_eligibility(inc, {**INC, "registration_date": date(2024, 6, 1)}, on=on).eligible
	r = check_eligibility(inc, {**INC, "registration_date": date(2024, 6, 2)}, on=on)
	assert failed(r) == {"inc7_1_age"} and "11 个月" in r.failures[0].reason_zh


def _carrier(firms, teams=0, on=ON):
	"""A carrier's list (XX-INC §7.3): firms as (months old, special sector, on site), plus teams."""
	from dateutil.relativedelta import relativedelta

	from policy_app.engine.incubatees import Incubatee, incubatee_facts

	rows = [
		Incubatee(name=f"企业{i}", founded_on=on - relativedelta(months=m), special_sector=sp, on_site=site)
		for i, (m, sp, site) in enumerate(firms)
	]
	rows += [Incubatee(name=f"团队{i}", kind="Team") for i in range(teams)]
	return {**INC, **incubatee_facts(rows, on)}


def test_xx_inc_s7_3_each_firm_is_held_to_the_limit_of_its_own_sector(schemes):
	"""XX-INC §7.3 成立不满48个月的科技型小微企业（生物医药等特殊行业领域企业可延长至60个月）: a biomedicine firm of
	59 months qualifies beside ordinary firms under 48; an ordinary firm of 59 does not, whatever the
	carrier's other firms are; a special firm of 60 does not either."""
	inc = schemes["XX-INC"]
	ten_on_site = [(12, False, True)] * 10
	assert check_eligibility(inc, _carrier(ten_on_site + [(59, True, True)], teams=19), on=ON).eligible
	r = check_eligibility(inc, _carrier(ten_on_site + [(59, True, True), (59, False, True)], teams=18), on=ON)
	assert failed(r) == {"inc7_3_age"}
	r = check_eligibility(inc, _carrier(ten_on_site + [(60, True, False)], teams=19), on=ON)
	assert failed(r) == {"inc7_3_age_bio"}
	r = check_eligibility(inc, _carrier(ten_on_site + [(48, False, False)], teams=19), on=ON)
	assert failed(r) == {"inc7_3_age"}  # 不满48个月: 48 itself is too old


def test_xx_inc_s7_3_ten_firms_registered_and_working_on_site(schemes):
	"""其中工商注册地址在孵化载体物理空间内并实际入驻办公的小微企业不少于10家: teams do not count, nor firms
	off site."""
	inc = schemes["XX-INC"]
	facts = _carrier([(12, False, True)] * 9 + [(12, False, False)] * 5, teams=16)
	assert facts["incubatee_count"] == 30 and facts["onsite_incubatees"] == 9
	assert failed(check_eligibility(inc, facts, on=ON)) == {"inc7_3_onsite"}


def test_xx_inc_a_firm_without_a_founding_date_is_refused():
	from policy_app.engine.incubatees import Incubatee, incubatee_facts

	with pytest.raises(PolicyError, match="未填写成立日期") as e:
		incubatee_facts([Incubatee(name="无日期企业", founded_on=None)], ON)
	assert e.value.field == "founded_on"


@pytest.mark.parametrize("bad", [-1, "-0.5", "three", "NaN", "Infinity", float("inf")])
def test_bad_facts_raise(schemes, bad):
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["XX-BASE"], {**XX_BASE_OK, "international_staff": bad}, on=ON)
	assert e.value.field == "international_staff" and e.value.value is bad
	assert e.value.zh and e.value.en


def test_bad_ratio_facts_and_types_raise(schemes):
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["XX-INC"], {**INC, "incubatee_count": -3}, on=ON)
	assert e.value.field == "incubatee_count" and e.value.value == -3
	with pytest.raises(PolicyError) as e:
		check_eligibility(schemes["CQ-BASE"], CQ_BASE, type_code="space_station", on=ON)
	assert e.value.field == "type" and e.value.value == "space_station" and e.value.zh and e.value.en


JB_OK = {"registered_taxed_counted_in_area": True, "no_bad_credit_3y": True, "related_party": False}


def test_xx_jbgs_demand_conditions_by_category(schemes):
	jb = schemes["XX-JBGS"]
	on = date(2025, 6, 1)
	tb = {
		**JB_OK,
		"urgent_need": True,
		"funding_ready": True,
		"key_field": True,
		"description_complete": True,
	}
	assert check_eligibility(jb, tb, type_code="tech_breakthrough", on=on).eligible
	assert failed(
		check_eligibility(jb, {**tb, "related_party": True}, type_code="tech_breakthrough", on=on)
	) == {"jb22_related"}
	cm = {
		**JB_OK,
		"owns_ip": True,
		"fits_direction": True,
		"team_willing": True,
		"description_complete": True,
	}
	assert check_eligibility(jb, cm, type_code="commercialisation", on=on).eligible
	r = check_eligibility(jb, {**cm, "owns_ip": False}, type_code="commercialisation", on=on)
	assert failed(r) == {"jb6_cm_ip"}


def _failing_and_passing(c, on):
	"""Facts just outside and just at the edge of a condition, from the condition itself."""
	v = c.value
	if c.operator == "is_true":
		return {c.fact: False}, {c.fact: True}
	if c.operator == "is_false":
		return {c.fact: True}, {c.fact: False}
	if c.operator == "gte":
		return {c.fact: v - Decimal("0.01")}, {c.fact: v}
	if c.operator == "gt":
		return {c.fact: v}, {c.fact: v + Decimal("0.01")}
	if c.operator == "lte":
		return {c.fact: v + Decimal("0.01")}, {c.fact: v}
	if c.operator == "lt":
		return {c.fact: v}, {c.fact: v - Decimal("0.01")}
	if c.operator == "months_since_gte":
		months = int(v)
		return (
			{c.fact: on - relativedelta(months=months) + relativedelta(days=1)},
			{c.fact: on - relativedelta(months=months)},
		)
	assert c.operator == "one_per_gte"
	return {c.fact: 1, c.other_fact: v + 1}, {c.fact: 1, c.other_fact: v}


@pytest.mark.parametrize("code", ["XX-BASE", "ZJ-BASE", "CQ-BASE", "QD-BASE", "XX-SVC", "XX-INC", "XX-JBGS"])
def test_every_condition_fails_with_a_reason_in_both_languages(code):
	s = get_scheme(code)
	for c in s.eligibility_conditions:
		bad, good = _failing_and_passing(c, ON)
		r = evaluate_condition(c, bad, ON)
		assert not r.passed, c.code
		assert r.reason_zh.startswith(c.article) and r.reason_en.startswith(c.article), c.code
		assert c.label_zh in r.reason_zh and (c.label_en or c.code) in r.reason_en, c.code
		assert evaluate_condition(c, good, ON).passed, c.code
		missing = evaluate_condition(c, {}, ON)
		assert not missing.passed and "未填写" in missing.reason_zh and "not provided" in missing.reason_en
