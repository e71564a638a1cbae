"""Small traps a new bureau met on its first day (#15 item 9): a country abroad that defaulted to 中国,
a country that could not be found by its English name in a Chinese desk, organisations named by a
random hash."""

import frappe

from factories import credit_code, make_district, make_user
from policy_app.core_guards import search_link


def test_a_country_abroad_starts_empty_though_the_site_is_in_china():
	assert frappe.defaults.get_defaults().get("country") == "China"  # the setup wizard's default
	frappe.set_user("Administrator")
	for doctype, field in (
		("Overseas Partner", "partner_country"),
		("Overseas Resource", "resource_country"),
		("Base Activity", "activity_country"),
	):
		assert not frappe.new_doc(doctype).get(field), (doctype, field)
		assert not frappe.get_meta(doctype).has_field("country"), doctype


def test_germany_is_found_by_its_english_or_chinese_name_in_a_chinese_desk():
	user = make_user("trap.applicant@policy.test", ["Policy Applicant"])
	frappe.db.set_value("User", user, "language", "zh")
	frappe.set_user(user)
	frappe.local.lang = "zh"
	try:
		for typed in ("Germany", "germ", "德国"):
			values = [r["value"] for r in search_link("Country", typed)]
			assert "Germany" in values, (typed, values)
		assert "China" not in [r["value"] for r in search_link("Country", "Germany")]
	finally:
		frappe.local.lang = "en"


def test_an_organisation_is_named_by_its_credit_code():
	d = make_district("命名测试新城")
	code = credit_code(8851).lower()  # typed in lower case, with spaces
	doc = frappe.get_doc(
		{
			"doctype": "Applicant Organization",
			"organization_name": "命名测试企业",
			"unified_social_credit_code": f"  {code} ",
			"recommending_district": d,
			"host_kind": "Enterprise",
		}
	).insert(ignore_permissions=True)
	assert doc.name == code.upper() == doc.unified_social_credit_code
