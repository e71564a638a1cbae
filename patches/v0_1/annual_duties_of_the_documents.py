"""Annual duties as the documents word them (#14 item 7): ZJ §15 认定满一年的 (parameter
`annual_report_after_months` = 12), XX-BASE §13 the year's work plan with target tasks and the work
summary (two report kinds), QD §7(三) the yearly work report and plan (so QD §15 连续两年未按时提交年度工作
报告 can fire) and XX-INC §9 the assessment data to the district. The documents give no dates but ZJ's:
the shipped rows carry documented defaults an administrator edits.

Added where the scheme has no such row yet (a deadline or parameter an administrator set stays); the
remarks gain their sentence where they are still the shipped text; reports filed before get the kind of
their scheme's only yearly report."""

import frappe

from policy_app.setup.shipped import shipped_data, update_shipped_default

PARAMETERS = {"ZJ-BASE": ("annual_report_after_months",)}
REPORT_SCHEMES = ("XX-BASE", "QD-BASE", "XX-INC")
#: the sentence each scheme's shipped remarks gained with this change
REMARKS = {
	"QD-BASE": "第七条第（三）项年度工作报告未定报送日期",
	"XX-BASE": "第十三条工作计划、目标任务及工作总结未定报送日期",
	"XX-INC": "第九条向所在新城（园办）报送考核数据未定周期和日期",
}


def execute():
	for scheme, codes in PARAMETERS.items():
		if not frappe.db.exists("Policy Scheme", scheme):
			continue
		doc = frappe.get_doc("Policy Scheme", scheme)
		have = {p.code for p in doc.parameters}
		rows = [r for r in shipped_data("Policy Scheme", scheme).get("parameters", []) if r["code"] in codes]
		if any(r["code"] not in have for r in rows):
			for r in rows:
				if r["code"] not in have:
					doc.append("parameters", r)
			doc.flags.ignore_permissions = True
			doc.save()
	for scheme in REPORT_SCHEMES:
		if not frappe.db.exists("Policy Scheme", scheme):
			continue
		doc = frappe.get_doc("Policy Scheme", scheme)
		shipped = shipped_data("Policy Scheme", scheme)
		if not any(d.event == "annual_report" for d in doc.deadlines):
			for row in shipped.get("deadlines", []):
				if row["event"] == "annual_report":
					doc.append("deadlines", row)
			doc.flags.ignore_permissions = True
			doc.save()
		new = shipped.get("remarks") or ""
		start = new.find(REMARKS[scheme])
		if start > 0:
			update_shipped_default("Policy Scheme", scheme, "remarks", new[:start], new)
	_kind_of_reports_filed_before()


def _kind_of_reports_filed_before():
	if not frappe.db.has_column("Annual Report", "report_kind"):
		return
	for scheme in frappe.get_all(
		"Annual Report", filters={"report_kind": ["in", ["", None]]}, pluck="scheme", distinct=True
	):
		if not scheme or not frappe.db.exists("Policy Scheme", scheme):
			continue
		codes = frappe.get_all(
			"Policy Scheme Deadline",
			filters={"parent": scheme, "parenttype": "Policy Scheme", "event": "annual_report"},
			pluck="code",
		)
		if len(codes) == 1:
			frappe.db.sql(
				"""update `tabAnnual Report` set report_kind = %s
				where scheme = %s and ifnull(report_kind, '') = ''""",
				(codes[0], scheme),
			)
