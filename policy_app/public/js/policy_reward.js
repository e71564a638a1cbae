// 确认拨付 on a reward's form asks for the payment date and reference in its own dialog (they are not
// looked for in a collapsed section), then pays through policy_app.rewards.pay (reward_payment.js).
frappe.ui.form.on("Policy Reward", {
	onload(frm) {
		// the matter in words (the server's matter_label): a grade reward's key reads as its year's result
		frm.fields_dict.matter.df.formatter = (value, df, options, doc) => {
			const label = doc && doc.__onload && doc.__onload.matter_label;
			return frappe.utils.escape_html(value === (doc && doc.matter) && label ? label : value || "");
		};
	},
	before_workflow_action(frm) {
		// the action that pays: the transition into a paid state (通过（办结） in the Workflow form), whatever
		// the administrator calls it
		const paid = policy_app.stages.names().CONCLUDED;
		if (policy_app.stages.after(frm, frm.selected_workflow_action) !== paid) return;
		// Frappe froze the page for the action: lift it while the dialog is open
		frappe.dom.unfreeze();
		// the payment is made by the dialog; the promise stays pending so Frappe does not run the
		// action a second time
		return new Promise(() => {
			const dialog = policy_app.rewards.pay([frm.docname], () => frm.reload_doc());
			dialog.onhide = () => {
				frm.selected_workflow_action = null;
			};
		});
	},
});
