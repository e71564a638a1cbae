// XX-SVC §10: an event is held by a certified record, a service institution's or that of a family whose
// scheme counts the year's events; the record's type offers the families' certified records (the registry)
frappe.ui.form.on("Service Institution Event", {
	setup(frm) {
		frm.set_query("record_doctype", policy_app.families.certified_query);
	},
});
