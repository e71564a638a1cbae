"""Every yes/no question is now asked so that a qualified, honest applicant ticks it (XX-BASE §6.1,
CQ §5(三), QD §8(五), XX-JBGS §22). The facts the schemes read are renamed to the positive statement:

- the scheme rows that read an old negative fact read the new one with the operator turned round, so a
  condition an administrator inverted stays inverted;
- the recognition boxes always carried the positive label (无违法失信记录 …), so what an applicant ticked
  is kept as they said it; an organisation the bureau marked 有违法失信记录 is not turned into "no record";
- the bid's box read 近三年有不良信用记录…, so its answer is turned round.
"""

import frappe

FACTS = {
	"has_dishonesty_record": "no_dishonesty_record",
	"accident_or_integrity_issue_3y": "no_accident_or_integrity_issue_3y",
	"serious_integrity_breach": "no_serious_integrity_breach",
	"bad_credit_3y": "no_bad_credit_3y",
}
FLIP = {"is_false": "is_true", "is_true": "is_false"}


def execute():
	frappe.reload_doc("recognition", "doctype", "cooperation_base_application")
	frappe.reload_doc("open_competition", "doctype", "open_competition_bid")
	condition = "Policy Scheme Eligibility Condition"
	for old, new in FACTS.items():
		for row in frappe.get_all(condition, filters={"fact": old}, fields=["name", "operator"]):
			values = {"fact": new}
			if row.operator in FLIP:
				values["operator"] = FLIP[row.operator]
			frappe.db.set_value(condition, row.name, values, update_modified=False)

	application = "Cooperation Base Application"
	for old in ("accident_or_integrity_issue_3y", "serious_integrity_breach", "has_dishonesty_record"):
		if frappe.db.has_column(application, old):
			frappe.db.sql(f"update `tab{application}` set `{FACTS[old]}` = `{old}`")
	frappe.db.sql(
		f"""update `tab{application}` a join `tabApplicant Organization` o on o.name = a.organization
		set a.no_dishonesty_record = 0 where o.has_dishonesty_record = 1"""
	)
	if frappe.db.has_column("Open Competition Bid", "declared_bad_credit"):
		frappe.db.sql(
			"update `tabOpen Competition Bid` set declared_no_bad_credit = 1 - ifnull(declared_bad_credit, 0)"
		)
