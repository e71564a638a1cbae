"""Scheme versions in force by date (#16 item 3), walked by the administrator who drafts and puts a
version in force, the applicants who submit before and after it, and the bureau's published round."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, today
from test_evaluation import new_round, xx_base_cohort  # noqa: F401  (the published XX-BASE cohort)

from factories import act, make_call, make_district, make_org, make_user, service_application
from policy_app.evaluation import grading, publishing
from policy_app.policy_setup import versions
from policy_app.policy_setup.schemes import get_scheme


@pytest.fixture
def people():
	d = make_district("版本测试新城")
	org = make_org("版本测试服务机构", d, 881)
	later = make_org("版本测试后来机构", d, 882)
	return frappe._dict(
		district=d,
		org=org,
		later=later,
		admin=make_user("ver.admin@policy.test", ["Policy Administrator"]),
		applicant=make_user("ver.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		later_applicant=make_user("ver.later@policy.test", ["Policy Applicant"], orgs=[later]),
		officer=make_user("ver.officer@policy.test", ["District Officer"], districts=[d]),
	)


def revenue_threshold(scheme) -> int:
	return int(next(c.value for c in scheme.eligibility_conditions if c.code == "svc3_5"))


def draft_with(admin: str, scheme: str, on: str, change) -> str:
	"""The administrator drafts the next version from the form and edits it like any scheme."""
	frappe.set_user(admin)
	name = versions.draft_version(scheme, on)
	doc = frappe.get_doc("Policy Scheme", name)
	change(doc)
	doc.save()
	return name


def raise_revenue(doc):
	next(c for c in doc.eligibility_conditions if c.code == "svc3_5").value = 800000


def test_a_new_threshold_judges_applications_from_its_date_and_not_before(people):
	call = make_call("XX-SVC")
	# 甲 submits under the shipped rules: 年度科技服务收入不低于 50 万元 (第三条第（五）项)
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	first = service_application(call, people.org, annual_service_revenue=600000)
	act(people.applicant, first, "Submit")
	first.reload()
	assert first.scheme_version == "XX-SVC"

	# the administrator drafts the amended measures (80 万元) in force from today
	v2 = draft_with(people.admin, "XX-SVC", today(), raise_revenue)
	draft = frappe.get_doc("Policy Scheme", v2)
	assert (draft.version_of, draft.version_status) == ("XX-SVC", "Draft")
	# a draft judges nothing: 乙's application, still being filled in, meets the shipped threshold
	frappe.clear_cache(user=people.later_applicant)
	frappe.set_user(people.later_applicant)
	second = service_application(call, people.later, annual_service_revenue=600000)
	assert second.eligible
	assert revenue_threshold(get_scheme("XX-SVC")) == 500000

	# the preview shows who would cross the line among this year's submitted applications: 甲, not
	# 乙 (a draft is no cohort); what else this year holds on the site stays as it is or crosses too
	frappe.set_user(people.admin)
	preview = versions.preview_version(v2)["recognition"]
	assert preview["doctype"] == "Service Institution Application"
	changes = {(r["key"], r["what"]): (r["before"], r["after"]) for r in preview["rows"]}
	assert changes[(first.name, "Overall Verdict")] == (
		"Meets the conditions",
		"Does not meet the conditions",
	)
	assert changes[(first.name, "第三条第（五）项 年度科技服务收入（元）")] == ("Met", "Not met")
	assert {what for key, what in changes if key == first.name} == {
		"Overall Verdict",
		"第三条第（五）项 年度科技服务收入（元）",
	}
	assert second.name not in {key for key, _what in changes}

	versions.activate_version(v2)
	assert frappe.db.get_value("Policy Scheme", v2, "version_status") == "In Force"
	new_rules = get_scheme("XX-SVC")
	assert revenue_threshold(new_rules) == 800000 and new_rules.code == "XX-SVC"
	assert revenue_threshold(get_scheme("XX-SVC", on=add_days(today(), -1))) == 500000

	# 乙 submits now: judged by the version in force, refused with the amended article's reason
	frappe.set_user(people.later_applicant)
	second = frappe.get_doc(second.doctype, second.name)
	second.save()
	assert not second.eligible
	with pytest.raises(frappe.ValidationError, match="800000|800,000"):
		act(people.later_applicant, second, "Submit")
	assert frappe.db.get_value(second.doctype, second.name, "workflow_state") == "Draft"
	second = frappe.get_doc(second.doctype, second.name)
	second.annual_service_revenue = 900000
	second.save()
	act(people.later_applicant, second, "Submit")
	assert frappe.db.get_value(second.doctype, second.name, "scheme_version") == v2

	# 甲, submitted before, keeps its version: the district officer's review still finds it eligible
	frappe.clear_cache(user=people.officer)
	frappe.set_user(people.officer)
	first = frappe.get_doc(first.doctype, first.name)
	first.recommendation_opinion = "材料齐全，同意推荐。"
	first.save()
	assert first.eligible and first.scheme_version == "XX-SVC"
	assert revenue_threshold(first.scheme_model()) == 500000


def test_a_version_in_force_is_never_edited_and_a_version_keeps_its_family(people):
	v2 = draft_with(people.admin, "XX-SVC", today(), raise_revenue)
	versions.activate_version(v2)
	doc = frappe.get_doc("Policy Scheme", v2)
	next(c for c in doc.eligibility_conditions if c.code == "svc3_5").value = 900000
	with pytest.raises(frappe.ValidationError, match="in force"):
		doc.save()
	assert revenue_threshold(get_scheme("XX-SVC")) == 800000
	with pytest.raises(frappe.ValidationError, match="not a draft"):
		versions.activate_version(v2)
	# a second version on the same day is refused when put in force, not silently ordered
	v3 = draft_with(people.admin, "XX-SVC", today(), raise_revenue)
	with pytest.raises(frappe.ValidationError, match="already in force"):
		versions.activate_version(v3)
	doc = frappe.get_doc("Policy Scheme", v3)
	doc.family = "incubator"
	with pytest.raises(frappe.ValidationError, match="family and jurisdiction"):
		doc.save()
	# people who are not the administrator draft, preview and activate nothing
	for user in (people.applicant, people.officer):
		frappe.set_user(user)
		for call in (
			lambda: versions.draft_version("XX-SVC", add_days(today(), 30)),
			lambda: versions.preview_version(v3),
			lambda: versions.activate_version(v3),
		):
			with pytest.raises(frappe.PermissionError):
				call()
	frappe.set_user("Administrator")
	assert frappe.db.count("Policy Scheme", {"version_of": "XX-SVC"}) == 2


def test_a_published_round_keeps_its_version_and_the_preview_shows_who_crosses_a_line(
	xx_base_cohort,  # noqa: F811
	people,
):
	ev = xx_base_cohort.evaluations
	rnd = new_round("XX-BASE", 2025)
	publishing.publish(rnd)
	published = frappe.get_doc("Evaluation Round", rnd)
	assert published.status == "Published" and published.scheme_version == "XX-BASE"

	# XX-BASE §16's share of 优秀 + 良好 raised from 40 % to 50 % by a version in force from 2026
	def raise_quota(doc):
		doc.quotas[0].percent = 50

	v2 = draft_with(people.admin, "XX-BASE", "2026-01-01", raise_quota)
	preview = versions.preview_version(v2)["evaluation"]
	assert preview["round"] == rnd and preview["count"] == 13
	by = {(r["key"], r["what"]): (r["before"], r["after"]) for r in preview["rows"]}
	# the 6th of the cohort, 良好 by its score, was brought down to 合格 by the 40 % line
	assert by[(ev["GJJD-2025-004"], "Grade")] == ("合格", "良好")
	assert {key for key, _what in by} == {ev["GJJD-2025-004"]}
	assert frappe.db.get_value("Policy Evaluation", ev["GJJD-2025-004"], "final_grade_label") == "合格"

	versions.activate_version(v2)
	# the 2025 round stays graded by the rules it was published under; 2026 is judged by the new ones
	assert versions.version_for_year("XX-BASE", 2025) == "XX-BASE"
	assert versions.version_for_year("XX-BASE", 2026) == v2
	published.reload()
	assert grading.round_scheme(published).quotas[0].percent == 40
	e4 = frappe.get_doc("Policy Evaluation", ev["GJJD-2025-004"])
	assert e4.final_grade_label == "合格"
