// The reason a workflow action of the app needs (send-back, rejection, dismissal, …), asked in a dialog
// before the action runs. The server enforces every rule (policy_app/controllers/approval.py and the
// controllers' own guards); this only asks for the reason first, so that the action can be taken.
//
// Frappe freezes the page (frappe.dom.freeze: #freeze, above every modal) *before* it triggers
// before_workflow_action, and unfreezes only when apply_workflow returns. A dialog opened from the hook
// therefore sat under the freeze layer: it could not be clicked. The freeze is lifted while the dialog
// is open and started again once the reason is confirmed; Frappe's own unfreeze then balances it.
// loaded with each form's own script: bind each DocType once
window.policy_app_reason_bound = window.policy_app_reason_bound || new Set();

(() => {
	// whether an action needs a reason is the tick 需填写理由 on its workflow transition, which the
	// server's guard reads too (policy_app/controllers/approval.py)
	function needs_reason(frm, action) {
		const wf = frappe.workflow.workflows[frm.doctype];
		const field = wf && wf.workflow_state_field;
		const state = field && frm.doc[field];
		return ((wf && wf.transitions) || []).some(
			(t) => t.needs_reason && t.action === action && t.state === state
		);
	}

	function reason_fields(frm, action) {
		const fields = [{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }];
		// an action into 因主观原因终止 names the party responsible (public/js/stages.js)
		if (policy_app.stages.group("names_responsible_party").includes(policy_app.stages.after(frm, action))) {
			fields.push({
				fieldname: "responsible_party",
				fieldtype: "Select",
				label: __("Responsible Party"),
				options: [
					{ value: "Demand Side", label: __("Demand Side") },
					{ value: "Solver", label: __("Solver") },
				],
				reqd: 1,
			});
		}
		return fields;
	}

	function store(frm, values) {
		const steps = [];
		if (values.responsible_party) {
			steps.push(
				frappe.xcall("policy_app.open_competition.api.set_responsible_party", {
					project: frm.docname,
					responsible_party: values.responsible_party,
				})
			);
		}
		steps.push(
			frappe.xcall("policy_app.recognition.api.set_workflow_remark", {
				doctype: frm.doctype,
				name: frm.docname,
				remark: values.reason,
			})
		);
		return Promise.all(steps);
	}

	function before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		if (!needs_reason(frm, action)) return;
		// Frappe froze the page for the action: lift it while the user writes the reason
		frappe.dom.unfreeze();
		// resolves when the reason is stored (the action then runs); a closed dialog or a refused
		// reason leaves the promise pending, so the action does not run and the page stays usable
		return new Promise((resolve) => {
			let confirmed = false;
			const dialog = new frappe.ui.Dialog({
				title: __(action, null, frm.doctype),
				fields: reason_fields(frm, action),
				primary_action_label: __("OK"),
				primary_action(values) {
					if (confirmed) return;
					confirmed = true;
					dialog.hide();
					frappe.dom.freeze();
					store(frm, values).then(resolve, () => {
						confirmed = false;
						frappe.dom.unfreeze();
					});
				},
			});
			dialog.onhide = () => {
				if (!confirmed) frm.selected_workflow_action = null;
			};
			// Ctrl+Enter (⌘+Enter) confirms from the reason box, where Enter starts a new line; Ctrl+S,
			// Frappe's own shortcut for a dialog's primary action, works as well
			dialog.$wrapper.on("keydown", (e) => {
				if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
					e.preventDefault();
					frappe.app.trigger_primary_action();
				}
			});
			dialog.show();
		});
	}

	// Frappe's workflow buttons (form/workflow.js) check "if the loaded doc is dirty, don't show workflow
	// buttons" only before they fetch the transitions; when the reply comes after the user has begun
	// typing, setup_btn hid 保存 and put the actions back on a dirty form, so the edit could not be saved
	// (seen on a slow server). For the app's forms the same rule is kept when the reply arrives.
	if (!window.policy_app_dirty_workflow_guard) {
		window.policy_app_dirty_workflow_guard = true;
		const setup_btn = frappe.ui.form.States.prototype.setup_btn;
		frappe.ui.form.States.prototype.setup_btn = function (action_added) {
			// the app's workflows are those whose states carry 办理阶段 (controllers/stages.py)
			const ours = this.frm.doctype in (frappe.boot.policy_app_stages || {});
			if (ours && this.frm.doc.__unsaved) {
				this.frm.page.clear_actions_menu();
				return;
			}
			return setup_btn.call(this, action_added);
		};
	}

	for (const doctype of frappe.boot.policy_app_reason_doctypes || []) {
		if (window.policy_app_reason_bound.has(doctype)) continue;
		window.policy_app_reason_bound.add(doctype);
		frappe.ui.form.on(doctype, { before_workflow_action });
	}
})();
