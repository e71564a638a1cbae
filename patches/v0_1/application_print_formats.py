"""#15 item 3: each scheme's applications print in the scheme's own layout and title, and the frozen PDF
is that print. Policy Scheme gains `application_print_format`; the shipped schemes get the format their
fixture names (XX-BASE, ZJ-BASE, CQ-BASE and QD-BASE on Cooperation Base Application, XX-SVC on Service
Institution Application, XX-INC on Incubator Application) where the field is still empty, so a format an
administrator already chose stays theirs."""

import frappe

from policy_app.setup.shipped import record_name, shipped_records


def execute():
	frappe.reload_doc("policy_setup", "doctype", "policy_scheme")
	for module, name in (
		("recognition", "xixian_base_application_form"),
		("recognition", "zhejiang_base_application_form"),
		("recognition", "chongqing_base_application_form"),
		("recognition", "qingdao_base_application_form"),
		("recognition", "xixian_service_institution_form"),
		("recognition", "xixian_incubator_application_form"),
	):
		frappe.reload_doc(module, "print_format", name, force=True)
	for _dt, data in shipped_records("Policy Scheme"):
		code = record_name("Policy Scheme", data)
		print_format = data.get("application_print_format")
		if not print_format or not frappe.db.exists("Policy Scheme", code):
			continue
		if not frappe.db.exists("Print Format", print_format):
			continue
		if not frappe.db.get_value("Policy Scheme", code, "application_print_format"):
			frappe.db.set_value(
				"Policy Scheme", code, "application_print_format", print_format, update_modified=False
			)
	frappe.clear_cache(doctype="Policy Scheme")
