// The expert's own review: score, comment, submit, or recuse on a conflict found after the draw.
frappe.ui.form.on("Expert Review", {
	refresh(frm) {
		const mine = frm.doc.expert_user === frappe.session.user;
		if (frm.doc.docstatus === 0 && frm.doc.status === "Open" && mine && !frm.is_new()) {
			frm.add_custom_button(__("Recuse"), () => {
				frappe.prompt(
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						label: __("Recusal Reason"),
						reqd: 1,
					},
					(values) =>
						frm.call("recuse", { reason: values.reason }).then(() => frm.reload_doc()),
					__("Declare a conflict of interest"),
					__("Recuse")
				);
			});
		}
		if (frm.doc.status === "Recused" || frm.doc.status === "Withdrawn") {
			frm.disable_save();
			frm.set_intro(__("This review is closed ({0})", [__(frm.doc.status, null, frm.doctype)]), "orange");
		}
		if (frm.doc.reference_doctype && frm.doc.reference_name) {
			frm.add_custom_button(__("Open the Application"), () =>
				frappe.set_route("Form", frm.doc.reference_doctype, frm.doc.reference_name)
			);
		}
	},
});
