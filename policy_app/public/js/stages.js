// What a workflow state means to the app (办理阶段, a column of the Workflow form's states), read from the
// boot info as the server reads it (policy_app/controllers/stages.py): one place for every form's script.
// (loaded with each workflow form's own script: defined once)
frappe.provide("policy_app.stages");
if (!policy_app.stages.of) {
	const map = (doctype) => (frappe.boot.policy_app_stages || {})[doctype] || {};
	// the stage of a state of the DocType's workflow
	policy_app.stages.of = (doctype, state) => map(doctype)[state];
	// the states of the DocType's workflow in that stage
	policy_app.stages.states = (doctype, stage) => Object.keys(map(doctype)).filter((s) => map(doctype)[s] === stage);
	// the vocabulary by its names in policy_app/engine/stages.py (NOTICE, CONCLUDED…)
	policy_app.stages.names = () => frappe.boot.policy_app_stage_names || {};
	// a group the server names (before_review, names_responsible_party)
	policy_app.stages.group = (name) => (frappe.boot.policy_app_stage_groups || {})[name] || [];
	// the stage the form's workflow action leads into from where the record is
	policy_app.stages.after = (frm, action) => {
		const wf = frappe.workflow.workflows[frm.doctype];
		const state = wf && frm.doc[wf.workflow_state_field];
		const t = ((wf && wf.transitions) || []).find((t) => t.action === action && t.state === state);
		return t && policy_app.stages.of(frm.doctype, t.next_state);
	};
}
