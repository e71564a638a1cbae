// The recommending department (or the bureau) confirms or refuses a website user's request to act for
// an organisation; a refusal carries its reason, which the user reads in the portal.
frappe.ui.form.on("Organization Binding Request", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Pending" || !frm.has_perm("write")) return;
		frm.add_custom_button(__("Confirm Binding"), () =>
			frm.call("confirm").then(() => {
				frappe.show_alert({ message: __("Confirmed"), indicator: "green" });
				frm.reload_doc();
			})
		).addClass("btn-primary");
		frm.add_custom_button(__("Refuse"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Refusal"), reqd: 1 },
				({ reason }) => frm.call("refuse", { reason }).then(() => frm.reload_doc()),
				__("Refuse"),
				__("Refuse")
			)
		);
	},
});
