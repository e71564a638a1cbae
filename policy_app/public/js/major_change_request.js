// The matters a request may name are the scheme's own (Policy Scheme → Change Matters): the grid's
// choices follow the certified record's scheme and show their Chinese names; the server refuses what
// the scheme does not allow. Picking the record fills in what the record already says (基地名称, 负责人,
// 外方合作单位). Each step writes only its own part: the server says which fields (writable_fields)
// and refuses the rest; the form locks the others so nobody types what would be refused.
frappe.ui.form.on("Major Change Request", {
	setup(frm) {
		frm.set_query("record_doctype", policy_app.families.certified_query);
		frm.set_query("record_name", () => ({ filters: { status: "Active" } }));
	},
	refresh(frm) {
		frm.trigger("load_matters");
		frm.trigger("lock_other_steps");
		// the workflow keeps Frappe's own status (override_status), so Frappe shows no state in the
		// page head: the request's state is shown there, as on the app's other forms
		if (frm.doc.workflow_state && !frm.is_new()) {
			frm.page.set_indicator(__(frm.doc.workflow_state, null, frm.doctype), "blue");
		}
	},
	after_workflow_action(frm) {
		// the state moved: what may be written now comes with the reloaded form
		frm.reload_doc();
	},
	lock_other_steps(frm) {
		const writable = (frm.doc.__onload || {}).writable_fields;
		if (!writable || frm.is_new()) return;
		for (const df of frappe.get_meta(frm.doctype).fields) {
			// every field that holds a value, tables included (Frappe's no_value_type counts tables)
			if (df.read_only || (frappe.model.no_value_type.includes(df.fieldtype) && df.fieldtype !== "Table")) continue;
			if (df.fieldname === "workflow_remark") continue;
			const locked = writable.includes(df.fieldname) ? 0 : 1;
			frm.set_df_property(df.fieldname, "read_only", locked);
			if (df.fieldtype === "Table") {
				// a locked table offers no 添加行 / 删除
				frm.set_df_property(df.fieldname, "cannot_add_rows", locked);
				frm.set_df_property(df.fieldname, "cannot_delete_rows", locked);
			}
		}
	},
	record_name(frm) {
		const doctype = frm.doc.record_doctype;
		const name = frm.doc.record_name;
		if (!doctype || !name) return;
		frappe.model.with_doctype(doctype, () => {
			const fields = ["scheme", "organization", "organization_name", "base_name", "lead_name", "foreign_partner"].filter((f) =>
				frappe.meta.has_field(doctype, f)
			);
			frappe.db.get_value(doctype, name, fields).then((r) => {
				const record = r.message || {};
				// the record's unit: a user of several units is checked against this one on saving
				frm.set_value({ scheme: record.scheme, organization: record.organization });
				// what the record says, unless the applicant has already typed something else
				const fill = {
					base_name: record.base_name || record.organization_name,
					lead_name: record.lead_name,
					foreign_partner: record.foreign_partner,
				};
				for (const [field, value] of Object.entries(fill)) {
					if (value && !frm.doc[field]) frm.set_value(field, value);
				}
				frm.trigger("load_matters");
			});
		});
	},
	load_matters(frm) {
		if (!frm.doc.scheme) return;
		// shown at once from what was loaded before (a saved request gets fresh grid fields), then
		// refreshed from the scheme
		const cached = policy_app.changes.matters[frm.doc.scheme];
		if (cached) policy_app.changes.show_matters(frm, cached);
		frappe.db.get_doc("Policy Scheme", frm.doc.scheme).then((scheme) => {
			const zh = (frappe.boot.lang || "zh").startsWith("zh");
			const matters = (scheme.change_matters || []).map((m) => ({
				code: m.code,
				label: zh ? m.label_zh : m.label_en || m.label_zh,
				allowed: m.allowed,
			}));
			policy_app.changes.matters[frm.doc.scheme] = matters;
			policy_app.changes.show_matters(frm, matters);
		});
	},
});

// scheme → its change matters (code, label, allowed), once loaded (the script may be loaded again)
frappe.provide("policy_app.changes");
policy_app.changes.matters = policy_app.changes.matters || {};

policy_app.changes.show_matters = function (frm, matters) {
	const names = Object.fromEntries(matters.map((m) => [m.code, m.label]));
	const options = matters.filter((m) => m.allowed).map((m) => ({ value: m.code, label: m.label }));
	const grid = frm.fields_dict.matters.grid;
	grid.update_docfield_property("matter", "options", [""].concat(options));
	// the grid shows the matter's name, never its code
	grid.update_docfield_property("matter", "formatter", (value) =>
		value ? frappe.utils.escape_html(names[value] || value) : ""
	);
	frm.refresh_field("matters");
};
