frappe.ui.form.on("Title Action", {
	setup(frm) {
		// a certified record of any programme family (the registry, policy_app/public/js/families.js)
		frm.set_query("record_doctype", policy_app.families.certified_query);
	},
});
