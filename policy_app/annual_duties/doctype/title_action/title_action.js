frappe.ui.form.on("Title Action", {
	setup(frm) {
		// a certified record is a cooperation base, a service institution or an incubation carrier
		frm.set_query("record_doctype", () => ({
			filters: { name: ["in", ["Cooperation Base", "Service Institution", "Incubation Carrier"]] },
		}));
	},
});
