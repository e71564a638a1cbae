"""Programme families as records (#16 item 1): the administrator's registry of each family's forms,
certificate and number series, read by every part of the app instead of lists in code."""

from __future__ import annotations

import frappe
import pytest

from factories import make_district, make_org, make_user
from policy_app.policy_setup import families


@pytest.fixture
def admin():
	return make_user("family.admin@policy.test", ["Policy Administrator"])


def test_the_shipped_families_are_rows_the_app_reads():
	assert set(families.application_doctypes()) == {
		"Cooperation Base Application",
		"Service Institution Application",
		"Incubator Application",
	}
	assert families.certified_doctype_for("Incubator Application") == "Incubation Carrier"
	# 揭榜挂帅's conditions read the demand and the bid; it certifies nothing
	assert families.fact_doctypes("open_competition") == ("Open Competition Demand", "Open Competition Bid")
	assert "Open Competition Demand" not in families.application_doctypes()
	# the certified record prints its certificate by default
	assert frappe.get_meta("Service Institution").default_print_format == "Service Institution Certificate"
	# a scheme names its family by the registry's record
	assert frappe.get_meta("Policy Scheme").get_field("family").options == "Programme Family"


def test_the_administrator_sets_the_certificate_number_series(admin):
	frappe.set_user(admin)
	fam = frappe.get_doc("Programme Family", "service_institution")
	fam.certificate_series = "{scheme}-ZS-{year}-.###"
	fam.save()
	frappe.set_user("Administrator")
	org = make_org("类别测试服务机构", make_district("类别测试新城"), 891)
	record = frappe.get_doc(
		{
			"doctype": "Service Institution",
			"organization": org,
			"scheme": "XX-SVC",
			"base_type": "professional",
			"status": "Active",
			"certified_on": "2026-06-01",
		}
	).insert(ignore_permissions=True)
	assert record.certificate_number.startswith("XX-SVC-ZS-2026-") and len(record.certificate_number) == 18


@pytest.mark.parametrize(
	"change, refusal",
	[
		({"certificate_print_format": "Cooperation Base Certificate"}, "not the certified record"),
		({"public_name_field": "no_such_field"}, "is not a field of"),
		({"certificate_series": "{scheme}-{year}"}, "running number"),
		({"certified_doctype": "Policy Budget"}, "needs the fields"),
		({"certified_doctype": "Service Institution Application"}, "record type of its own"),
	],
)
def test_a_family_that_cannot_work_is_refused_and_nothing_changes(admin, change, refusal):
	frappe.set_user(admin)
	fam = frappe.get_doc("Programme Family", "service_institution")
	fam.update(change)
	with pytest.raises(frappe.ValidationError, match=refusal):
		fam.save()
	frappe.set_user("Administrator")
	stored = frappe.get_doc("Programme Family", "service_institution")
	assert (stored.certified_doctype, stored.certificate_print_format) == (
		"Service Institution",
		"Service Institution Certificate",
	)


def test_a_family_code_is_one_the_schemes_can_name(admin):
	frappe.set_user(admin)
	with pytest.raises(frappe.ValidationError, match="lower-case letters"):
		frappe.get_doc(
			{
				"doctype": "Programme Family",
				"family_code": "新型研发机构",
				"title_zh": "新型研发机构",
				"application_doctype": "Incubator Application",
			}
		).insert()
	assert not frappe.db.exists("Programme Family", "新型研发机构")


def test_only_the_administrator_changes_a_family():
	officer = make_user("family.officer@policy.test", ["Bureau Officer"])
	frappe.set_user(officer)
	assert frappe.has_permission("Programme Family", "read")
	fam = frappe.get_doc("Programme Family", "incubator")
	fam.title_zh = "改名"
	with pytest.raises(frappe.PermissionError):
		fam.save()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Programme Family",
				"family_code": "new_rd_institution",
				"title_zh": "新型研发机构",
				"application_doctype": "Incubator Application",
			}
		).insert()
