// The Workflow form loads the meta of its DocType (for its field options), and that meta carries the
// DocType's active workflow (__workflow_docs): the desk's memory then holds a second copy of the very
// record the form shows. Frappe redraws the states table on the copy and keeps the transitions on the
// form's own record, so a state renamed or added in the table was left out of what the form saved
// ("审核中不是有效的国家" on saving). Once the meta is in, the form is drawn again on the one copy.
frappe.ui.form.on("Workflow", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.document_type) return;
		frappe.model.with_doctype(frm.doc.document_type, () => {
			const held = locals[frm.doctype] && locals[frm.doctype][frm.docname];
			if (held && held !== frm.doc && !frm.is_dirty()) frm.refresh();
		});
	},
});

// A state renamed in its row takes its records along when the workflow of an app's DocType is saved
// (policy_app/controllers/stages.py carry_renamed_states): Frappe's warning that records stand in
// states the workflow no longer has is kept for a state dropped, and not shown for one renamed.
frappe.provide("policy_app.workflow_form");
policy_app.workflow_form.judge = (frm) => {
	const loaded = frm.__policy_loaded_states || {};
	if (!(frappe.boot.policy_app_stages || {})[frm.doc.document_type]) return;
	const now = new Set((frm.doc.states || []).map((r) => r.state));
	const gone = Object.values(loaded).filter((s) => !now.has(s));
	const renamed = new Set(
		(frm.doc.states || []).filter((r) => loaded[r.name] && loaded[r.name] !== r.state).map((r) => loaded[r.name]),
	);
	frm.ignore_warning = gone.length > 0 && gone.every((s) => renamed.has(s));
};
frappe.ui.form.on("Workflow", {
	refresh(frm) {
		frm.__policy_loaded_states = Object.fromEntries((frm.doc.states || []).map((r) => [r.name, r.state]));
	},
	states_remove: (frm) => policy_app.workflow_form.judge(frm),
});
frappe.ui.form.on("Workflow Document State", {
	state: (frm) => policy_app.workflow_form.judge(frm),
});
