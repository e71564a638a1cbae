"""CQ §11(三)(四) and QD §17 on existing sites:

- CQ §11(三) 市科技局委托第三方机构……组织评审论证并得出评审论证意见 and §11(四) 有异议，市科技局邀请有关专家进行复议:
  two new scheme settings (`review_by`, `objection_re_review`) that CQ-BASE ships set; they are new, so no
  administrator has set them yet and they are written where the shipped scheme has them;
- QD §17(一) 中央、省驻青单位及市直属单位可直接向市科技局提出申请 and §17(二) 直接批复或组织专家进行评议: the shipped
  Major Change Request workflow gains the direct route (Submit to Bureau → Submitted to Bureau) and the
  optional expert opinion (Seek Expert Opinion → Expert Opinion → Approve / Reject), in place; requests
  still with the applicant get the unit's `direct_to_bureau`.
"""

import frappe

from policy_app.setup.shipped import record_name, shipped_records, sync_shipped_records

SETTINGS = ("review_by", "objection_re_review")
WORKFLOW = "Major Change Request Review"


def execute():
	frappe.reload_doc("policy_setup", "doctype", "policy_scheme")
	for name in ("expert_draw", "expert_review", "objection", "third_party_review"):
		frappe.reload_doc("recognition", "doctype", name)
	frappe.reload_doc("changes", "doctype", "major_change_request")
	shipped = {record_name("Policy Scheme", data): data for _dt, data in shipped_records("Policy Scheme")}
	for code in frappe.get_all("Policy Scheme", pluck="name"):
		values = {k: v for k, v in (shipped.get(code) or {}).items() if k in SETTINGS}
		if values:
			frappe.db.set_value("Policy Scheme", code, values, update_modified=False)
	frappe.clear_cache(doctype="Policy Scheme")

	sync_shipped_records("Workflow State")
	sync_shipped_records("Workflow Action Master")
	if frappe.db.exists("Workflow", WORKFLOW):
		_update_workflow(frappe.get_doc("Workflow", WORKFLOW))
	# a site that never had the workflow (upgraded from before change requests) has no state column:
	# its requests, if any, are all still with the applicant
	with_applicant = (
		{"workflow_state": ["in", ["Draft", "Returned", ""]]}
		if frappe.db.has_column("Major Change Request", "workflow_state")
		else {}
	)
	for row in frappe.get_all(
		"Major Change Request", filters=with_applicant, fields=["name", "organization"]
	):
		direct = frappe.db.get_value("Applicant Organization", row.organization, "direct_to_bureau")
		frappe.db.set_value(
			"Major Change Request", row.name, "direct_to_bureau", direct or 0, update_modified=False
		)


def _shipped_workflow() -> dict:
	return next(data for _dt, data in shipped_records("Workflow") if data.get("workflow_name") == WORKFLOW)


def _update_workflow(wf):
	data = _shipped_workflow()
	have_states = {s.state for s in wf.states}
	for s in data["states"]:
		if s["state"] not in have_states:
			wf.append("states", s)
	have = {(t.state, t.action) for t in wf.transitions}
	for t in wf.transitions:
		# the district route is for units that are not direct (the shipped condition, unless edited)
		if t.action == "Submit" and t.next_state == "Submitted" and not t.condition:
			t.condition = "not doc.direct_to_bureau"
	for t in data["transitions"]:
		if (t["state"], t["action"]) not in have:
			wf.append("transitions", t)
	wf.flags.ignore_permissions = True
	wf.save()
