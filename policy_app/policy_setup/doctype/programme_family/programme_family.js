// A programme family's form: its desk-made application form gets its own copy of the shared recognition
// workflow (policy_app/policy_setup/families.py create_workflow), to be adjusted in the Workflow form.
frappe.ui.form.on("Programme Family", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.certified_doctype) return;
		if (!(frappe.user.has_role("Policy Administrator") || frappe.user.has_role("System Manager"))) return;
		frm.add_custom_button(__("Create Its Workflow"), () =>
			frappe
				.xcall("policy_app.policy_setup.families.create_workflow", { family: frm.doc.name })
				.then((name) => frappe.set_route("Form", "Workflow", name))
		);
	},
});
