// The server enforces every rule; this only narrows the pickers: a base proposes its own resources,
// and the needs listed are those its users can read (the ones pushed to it).
frappe.ui.form.on("Cooperation Match", {
	setup(frm) {
		frm.set_query("resource", "resources", () => ({ filters: { base: frm.doc.base || "" } }));
	},
});
