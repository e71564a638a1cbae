// Policy Evaluation: fetch the counts from the cooperation platform's confirmed records.
frappe.ui.form.on("Policy Evaluation", {
	refresh(frm) {
		if (!frm.is_new() && !frm.doc.published && frm.has_perm("write")) {
			frm.add_custom_button(__("Fetch Platform Records"), () =>
				frm.call("fetch_platform_rows").then((r) => {
					frm.reload_doc();
					frappe.show_alert({ message: __("{0} rows from the platform", [r.message || 0]), indicator: "green" });
				})
			);
		}
		if (frm.doc.evaluation_round) {
			frm.add_custom_button(__("Evaluation Round"), () => frappe.set_route("Form", "Evaluation Round", frm.doc.evaluation_round));
		}
	},
});
