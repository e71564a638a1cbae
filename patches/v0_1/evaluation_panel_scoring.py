"""Issue 19 (3–5): every listed expert scores an evaluation on their own sheet, and it goes on to the
bureau once the panel is complete; a bureau officer edits a draft or returned evaluation. Existing
sites: the shipped workflow's Submit Scores waits for the panel (`doc.panel_complete`), and Draft and
Returned list the Bureau Officer among their editors. A workflow the bureau renamed is left alone."""

import frappe

WORKFLOW = "Policy Evaluation Review"


def execute():
	if not frappe.db.exists("Workflow", WORKFLOW):
		return
	wf = frappe.get_doc("Workflow", WORKFLOW)
	changed = False
	for t in wf.transitions:
		if t.action == "Submit Scores" and t.state == "Expert Scoring" and not (t.condition or "").strip():
			t.condition = "doc.panel_complete"
			changed = True
	for state in ("Draft", "Returned"):
		rows = [s for s in wf.states if s.state == state]
		if rows and not any(s.allow_edit == "Bureau Officer" for s in rows):
			wf.append("states", {"state": state, "doc_status": "0", "allow_edit": "Bureau Officer"})
			changed = True
	if changed:
		wf.flags.ignore_permissions = True
		wf.save()
	frappe.clear_cache()
