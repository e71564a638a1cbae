"""The scheme form for an administrator (#15 item 6): what a 0 bound means, 有效期至 and its extension,
the restore of a shipped scheme, and conditions whose 填报项 must be a field of the application form."""

import frappe
import pytest
from frappe.utils import getdate

from factories import make_call, make_district, make_org, make_user
from policy_app.policy_setup.doctype.policy_scheme.policy_scheme import effective_end, years_to_end
from policy_app.setup.shipped import restore, shipped_records


@pytest.fixture(autouse=True)
def shipped_xx_base():
	"""XX-BASE as shipped (another test or an administrator may have extended it on this site)."""
	restore("Policy Scheme", "XX-BASE")


@pytest.fixture
def admin():
	return make_user("form.admin@policy.test", ["Policy Administrator"])


@pytest.fixture
def officer():
	return make_user("form.officer@policy.test", ["Bureau Officer"])


def as_zh(user):
	frappe.set_user(user)
	frappe.local.lang = "zh"


def test_xx_base_22_form_shows_in_force_until_30_september_2026_and_no_upper_bound(admin):
	"""XX-BASE 第二十二条 (2023-10-01, 3 years): the form shows 有效期至 2026-09-30; the 优秀 band's 0
	upper bound reads 不设上限 (the engine's meaning of a 0 there)."""
	as_zh(admin)
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	assert getdate(doc.as_dict()["effective_to"]) == getdate("2026-09-30")
	doc.run_method("onload")
	onload = doc.get_onload()
	assert onload.zero_is_unset["Policy Scheme Grade Band"]["max_score"] == "不设上限"
	assert onload.zero_is_unset["Policy Scheme Deadline"]["months"] == "不适用"
	assert onload.shipped is True


def test_extending_xx_base_to_an_end_date_sets_whole_years_and_refuses_others(admin):
	"""有效期至 2028-09-30 from 2023-10-01 is 5 years; 2028-10-01 is refused in Chinese."""
	as_zh(admin)
	assert years_to_end("2023-10-01", "2028-09-30") == 5
	with pytest.raises(frappe.ValidationError, match="不是自施行日期 2023-10-01 起的整年"):
		years_to_end("2023-10-01", "2028-10-01")
	assert effective_end("2023-10-01", 5) == "2028-09-30"
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	doc.effective_years = 5
	doc.save()
	assert getdate(frappe.get_doc("Policy Scheme", "XX-BASE").as_dict()["effective_to"]) == getdate(
		"2028-09-30"
	)


def test_a_bureau_officer_cannot_set_a_scheme_end(officer):
	frappe.set_user(officer)
	with pytest.raises(frappe.PermissionError):
		years_to_end("2023-10-01", "2028-09-30")


def test_the_administrator_restores_xx_base_to_its_shipped_content(admin):
	"""The restore in the form's menu: local dates and an added condition are gone, 第二十二条's 3 years back."""
	as_zh(admin)
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	doc.effective_years = 10
	doc.remarks = "本地修改"
	doc.save()
	frappe.get_doc("Policy Scheme", "XX-BASE").restore_shipped_default()
	back = frappe.get_doc("Policy Scheme", "XX-BASE")
	assert back.effective_years == 3 and back.remarks != "本地修改"


def test_a_bureau_officer_may_not_restore_a_scheme(officer):
	frappe.set_user(officer)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Policy Scheme", "XX-BASE").restore_shipped_default()
	assert frappe.get_doc("Policy Scheme", "XX-BASE").effective_years == 3


def test_a_misspelled_fact_is_refused_naming_the_condition_and_the_fact(admin):
	"""XX-BASE 第六条第4项 reads success_cases_5y; success_case_5y is not on the application form."""
	as_zh(admin)
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	row = next(c for c in doc.eligibility_conditions if c.code == "xx6_4_cases")
	row.fact = "success_case_5y"
	with pytest.raises(frappe.ValidationError) as e:
		doc.save()
	assert "xx6_4_cases" in str(e.value) and "success_case_5y" in str(e.value)
	assert "不是申请表" in str(e.value)
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	next(c for c in doc.eligibility_conditions if c.code == "xx6_4_cases").applies_when = "!no_such_fact"
	with pytest.raises(frappe.ValidationError, match="no_such_fact"):
		doc.save()


def test_every_shipped_scheme_saves_its_facts_derived_ones_included(admin):
	"""XX-JBGS §6 description_complete, §22 no_bad_credit_3y and related_party are derived, XX-INC §7.3's
	incubatee_count … are fields: every shipped scheme's conditions name facts its forms know."""
	frappe.set_user(admin)
	for _dt, data in shipped_records("Policy Scheme"):
		frappe.get_doc("Policy Scheme", data["code"]).save()


def test_fact_options_offer_the_application_fields_by_their_chinese_labels(admin):
	from policy_app.policy_setup.facts import fact_options

	as_zh(admin)
	options = {o["value"]: o["label"] for o in fact_options("cooperation_base")}
	assert options["success_cases_5y"] != "success_cases_5y"  # its label, in Chinese
	assert "Success" not in options["success_cases_5y"]
	oc = {o["value"] for o in fact_options("open_competition")}
	assert {"description_complete", "no_bad_credit_3y", "related_party", "urgent_need"} <= oc


def test_xx_base_6_4_applicant_who_fills_0_success_cases_is_told_not_met(admin):
	"""XX-BASE 第六条第4项: 0 success cases, filled, fails as 不满足：0（要求 ≥ 1）, not as 未填写."""
	frappe.set_user("Administrator")
	s = frappe.get_doc("Policy Scheme", "XX-BASE")
	s.effective_years = 10
	s.save()
	call = make_call()
	org = make_org("方案表单测试企业", make_district("方案表单测试新城"), 151)
	applicant = make_user("form.applicant@policy.test", ["Policy Applicant"], orgs=[org])
	frappe.clear_cache(user=applicant)
	as_zh(applicant)
	app = frappe.get_doc(
		{
			"doctype": "Cooperation Base Application",
			"call_for_applications": call.name,
			"organization": org,
			"base_type": "coop_base",
			"success_cases_5y": 0,
			"international_staff": 3,
		}
	).insert()
	(row,) = [r for r in app.eligibility_results if r.condition == "xx6_4_cases"]
	assert not row.passed and "不满足：0（要求 ≥ 1）" in row.reason and "未填写" not in row.reason
	app = frappe.get_doc(app.doctype, app.name)
	app.save()  # saved again: the stored 0 is still the applicant's 0
	(row,) = [r for r in app.eligibility_results if r.condition == "xx6_4_cases"]
	assert "不满足：0" in row.reason
