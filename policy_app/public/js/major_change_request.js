// The matters a request may name are the scheme's own (Policy Scheme → Change Matters): the grid's
// choices follow the certified record's scheme; the server refuses what the scheme does not allow.
frappe.ui.form.on("Major Change Request", {
	setup(frm) {
		frm.set_query("record_doctype", () => ({
			filters: { name: ["in", ["Cooperation Base", "Service Institution", "Incubation Carrier"]] },
		}));
		frm.set_query("record_name", () => ({ filters: { status: "Active" } }));
	},
	refresh(frm) {
		frm.trigger("load_matters");
	},
	record_name(frm) {
		if (!frm.doc.record_doctype || !frm.doc.record_name) return;
		frappe.db.get_value(frm.doc.record_doctype, frm.doc.record_name, "scheme").then((r) => {
			frm.set_value("scheme", r.message && r.message.scheme);
			frm.trigger("load_matters");
		});
	},
	load_matters(frm) {
		if (!frm.doc.scheme) return;
		frappe.db.get_doc("Policy Scheme", frm.doc.scheme).then((scheme) => {
			const zh = (frappe.boot.lang || "zh").startsWith("zh");
			const options = (scheme.change_matters || [])
				.filter((m) => m.allowed)
				.map((m) => ({ value: m.code, label: zh ? m.label_zh : m.label_en || m.label_zh }));
			frm.fields_dict.matters.grid.update_docfield_property("matter", "options", [""].concat(options));
			frm.refresh_field("matters");
		});
	},
});
