// 确认拨付 on a reward's form asks for the payment date and reference in its own dialog (they are not
// looked for in a collapsed section), then pays through policy_app.rewards.pay (reward_payment.js).
frappe.ui.form.on("Policy Reward", {
	before_workflow_action(frm) {
		if (frm.selected_workflow_action !== "Mark Paid") return;
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
