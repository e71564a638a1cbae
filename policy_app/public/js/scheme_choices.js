// Codes stay internal (issue #15 item 5). A field that holds one of the scheme's codes (a type, a
// host kind, a notice stage, a grade, a report kind) keeps storing the code the engine reads, but the
// person picks it from the scheme's list by its label: typing part of the label (示范) finds the row
// (国际示范基地), and the label is what the field shows afterwards, editable or not. The lists come from
// the server (policy_app.policy_setup.choices.scheme_choices), which answers only who may read the
// scheme. A certified record's type shows the DocType's translated name. On the scheme's own form
// the columns that name another table's code show that row's label next to the code.
frappe.provide("policy_app.choices");

// {DocType: {field: kind}} and the fields holding several codes, comma-separated: the server's lists
// (policy_app.policy_setup.choices.choice_fields, every programme family's forms included), which the
// portal's form reads too
policy_app.choices.FIELDS = (frappe.boot && frappe.boot.policy_app_choice_fields) || {};
policy_app.choices.MULTI = (frappe.boot && frappe.boot.policy_app_multi_choice_fields) || {};
// Link fields to DocType naming a certified record, its application or a source record
policy_app.choices.DOCTYPE_LINKS = ["record_doctype", "certified_doctype", "source_doctype", "application_doctype"];

policy_app.choices._cache = {};

policy_app.choices.load = function (scheme, kind) {
	const key = `${scheme}\u0000${kind}`;
	if (!policy_app.choices._cache[key]) {
		policy_app.choices._cache[key] = frappe
			.xcall("policy_app.policy_setup.choices.scheme_choices", { scheme, kind })
			.catch(() => {
				delete policy_app.choices._cache[key];
				return [];
			});
	}
	return policy_app.choices._cache[key];
};

policy_app.choices.split = (value) =>
	(value || "")
		.split(/[,，、]/)
		.map((c) => c.trim())
		.filter((c) => c);

policy_app.choices.label_of = function (choices, code) {
	const row = (choices || []).find((c) => c.value === code);
	return row ? row.label : code;
};

policy_app.choices.apply_single = function (frm, fieldname, choices) {
	const field = frm.fields_dict[fieldname];
	if (!field) return;
	field.df.options = choices.map((c) => ({ ...c }));
	field.df.formatter = (value) =>
		value ? frappe.utils.escape_html(policy_app.choices.label_of(choices, value)) : "";
	if (field.set_data) field.set_data(choices.map((c) => ({ ...c })));
	frm.refresh_field(fieldname);
};

policy_app.choices.apply_multi = function (frm, fieldname, choices) {
	const field = frm.fields_dict[fieldname];
	if (!field) return;
	const { split, label_of } = policy_app.choices;
	field.df.formatter = (value) =>
		frappe.utils.escape_html(
			split(value)
				.map((c) => label_of(choices, c))
				.join("、")
		);
	frm.refresh_field(fieldname);
	const key = `_choice_picker_${fieldname}`;
	let picker = frm[key];
	if (!picker) {
		const $holder = $('<div class="policy-choice-picker"></div>').insertAfter(field.$wrapper);
		picker = frappe.ui.form.make_control({
			parent: $holder,
			df: {
				fieldtype: "MultiSelect",
				fieldname: `${fieldname}_picker`,
				label: field.df.label,
				description: __("Type part of a name and pick it; leave empty for all"),
				ignore_validation: 1,
				options: [],
				change: () => {
					const rows = picker.df.options || [];
					const codes = [];
					for (const token of split(picker.$input.val())) {
						const row = rows.find((c) => c.label === token || c.value === token);
						if (row && !codes.includes(row.value)) codes.push(row.value);
					}
					if ((frm.doc[fieldname] || "") !== codes.join(", ")) {
						frm.set_value(fieldname, codes.join(", "));
					}
				},
			},
			render_input: true,
		});
		picker.$holder = $holder;
		frm[key] = picker;
	}
	picker.df.options = choices.map((c) => ({ ...c }));
	picker.set_data(choices.map((c) => ({ ...c })));
	const codes = split(frm.doc[fieldname]);
	picker.$input.val(codes.length ? codes.map((c) => label_of(choices, c)).join(", ") + ", " : "");
	const editable = field.disp_status === "Write";
	field.$wrapper.toggle(!editable);
	picker.$holder.toggle(editable);
};

policy_app.choices.refresh = function (frm) {
	const fields = policy_app.choices.FIELDS[frm.doctype] || {};
	const multi = policy_app.choices.MULTI[frm.doctype] || [];
	for (const [fieldname, kind] of Object.entries(fields)) {
		if (!frm.fields_dict[fieldname]) continue;
		if (!frm.doc.scheme) {
			if (frm[`_choice_picker_${fieldname}`]) frm[`_choice_picker_${fieldname}`].$holder.hide();
			continue;
		}
		policy_app.choices.load(frm.doc.scheme, kind).then((choices) => {
			if (multi.includes(fieldname)) policy_app.choices.apply_multi(frm, fieldname, choices);
			else policy_app.choices.apply_single(frm, fieldname, choices);
			if (fieldname === "host_kind") frm.toggle_display("host_kind", choices.length > 0);
		});
	}
	// a Link to DocType shows the DocType's name: show it translated (国际科技合作基地), as Frappe does
	// for the records of a translated DocType; the value stays the DocType's name
	for (const fieldname of policy_app.choices.DOCTYPE_LINKS) {
		const field = frm.fields_dict[fieldname];
		if (!field || field.df.fieldtype !== "Link" || field.df.options !== "DocType") continue;
		if (!field._translated_doctype) {
			field._translated_doctype = true;
			field.is_translatable = () => true;
		}
		frm.refresh_field(fieldname);
	}
};

policy_app.choices.handlers = {
	refresh: (frm) => policy_app.choices.refresh(frm),
	scheme: (frm) => policy_app.choices.refresh(frm),
};

for (const doctype of Object.keys(policy_app.choices.FIELDS).concat(["Title Action", "Major Change Request"])) {
	frappe.ui.form.on(doctype, policy_app.choices.handlers);
}

// Policy Scheme: the administrator edits codes on purpose; a column naming another table's code
// shows that row's label next to it (gate section outputs → outputs（成果产出）)
policy_app.choices.SCHEME_REFS = {
	rubric_items: { section: ["rubric_sections", "code"] },
	gates: { section: ["rubric_sections", "code"], blocked_grade: ["grade_bands", "grade"] },
	quotas: {
		grades: ["grade_bands", "grade"],
		to_grade: ["grade_bands", "grade"],
		min_grade: ["grade_bands", "grade"],
	},
	history_rules: { grade: ["grade_bands", "grade"] },
	reward_rules: { grade: ["grade_bands", "grade"], min_grade: ["grade_bands", "grade"] },
	medal_tiers: { reward_rule: ["reward_rules", "code"] },
	reward_caps: { rules: ["reward_rules", "code"] },
	instalments: { rule: ["reward_rules", "code"] },
	eligibility_conditions: {
		group_code: ["condition_groups", "code"],
		applies_to_type: ["categories", "code"],
		applies_to_host_kind: ["categories", "code"],
	},
	condition_groups: {
		applies_to_type: ["categories", "code"],
		applies_to_host_kind: ["categories", "code"],
	},
};

policy_app.choices.scheme_label = function (frm, table, key, code) {
	const zh = (frappe.boot.lang || "zh").startsWith("zh");
	const row = (frm.doc[table] || []).find((r) => r[key] === code);
	if (!row) return "";
	return (zh ? row.label_zh : row.label_en || row.label_zh) || "";
};

frappe.ui.form.on("Policy Scheme", {
	refresh(frm) {
		const { split, scheme_label } = policy_app.choices;
		for (const [table, refs] of Object.entries(policy_app.choices.SCHEME_REFS)) {
			const grid = frm.fields_dict[table] && frm.fields_dict[table].grid;
			if (!grid) continue;
			for (const [fieldname, [target, key]] of Object.entries(refs)) {
				grid.update_docfield_property(fieldname, "formatter", (value) => {
					const codes = split(value);
					if (!codes.length) return "";
					return codes
						.map((code) => {
							const label = scheme_label(frm, target, key, code);
							const text = label ? `${code}（${label}）` : code;
							return frappe.utils.escape_html(text);
						})
						.join(", ");
				});
			}
		}
	},
});
