"""验收结论 read 满足 / 未通过: the project's acceptance result stored Frappe's common words Passed / Failed,
whose Chinese belongs to other meanings. The options are the app's own (Passed Acceptance 通过, Failed
Acceptance 不通过); stored results take the new values."""

import frappe

VALUES = {"Passed": "Passed Acceptance", "Failed": "Failed Acceptance"}


def execute():
	if not frappe.db.has_column("Open Competition Project", "acceptance_result"):
		return
	for old, new in VALUES.items():
		frappe.db.sql(
			"update `tabOpen Competition Project` set acceptance_result=%s where acceptance_result=%s",
			(new, old),
		)
