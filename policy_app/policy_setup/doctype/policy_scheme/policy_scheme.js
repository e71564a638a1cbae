// The scheme form for an administrator (#15 item 6): what a 0 stands for, the end of the effective
// period and how to extend it, conditions' facts picked from the application form by their labels, and
// the restore of a shipped scheme. Every rule stays on the server (policy_scheme.py, policy_setup/facts.py).

const METHODS = "policy_app.policy_setup.doctype.policy_scheme.policy_scheme";
const FACT_FIELDS = ["fact", "other_fact", "applies_when"];

frappe.ui.form.on("Policy Scheme", {
	refresh(frm) {
		policy_scheme_form.show_zero_meanings(frm);
		policy_scheme_form.pick_facts(frm);
		policy_scheme_form.menu(frm);
	},
	family(frm) {
		policy_scheme_form.pick_facts(frm);
	},
	effective_from(frm) {
		policy_scheme_form.refresh_end(frm);
	},
	effective_years(frm) {
		policy_scheme_form.refresh_end(frm);
	},
});

const policy_scheme_form = {
	table_of(frm, cdt) {
		const df = frm.meta.fields.find((f) => f.fieldtype === "Table" && f.options === cdt);
		return df && df.fieldname;
	},

	// a docfield property on the child table's meta, its copy for this record and the grid's rows
	set_df(frm, cdt, fieldname, prop, value) {
		for (const df of [
			frappe.meta.get_docfield(cdt, fieldname),
			frappe.meta.get_docfield(cdt, fieldname, frm.doc.name),
		]) {
			if (df) df[prop] = value;
		}
		const table = this.table_of(frm, cdt);
		const grid = table && frm.fields_dict[table] && frm.fields_dict[table].grid;
		if (!grid) return;
		for (const df of grid.docfields || []) {
			if (df.fieldname === fieldname) df[prop] = value;
		}
		for (const row of grid.grid_rows || []) {
			for (const df of row.docfields || []) {
				if (df.fieldname === fieldname) df[prop] = value;
			}
		}
		grid.refresh();
	},

	// 0 in an optional number means "not set": the grid says what that is there (不设上限 …)
	show_zero_meanings(frm) {
		const zero = (frm.doc.__onload && frm.doc.__onload.zero_is_unset) || {};
		for (const [cdt, fields] of Object.entries(zero)) {
			for (const [fieldname, text] of Object.entries(fields)) {
				this.set_df(frm, cdt, fieldname, "formatter", (value, df, options, doc) => {
					if (value === null || value === undefined || value === "" || flt(value) === 0) {
						return `<span class="text-muted zero-is-unset">${frappe.utils.escape_html(text)}</span>`;
					}
					return frappe.form.get_formatter(df.fieldtype)(value, df, options, doc);
				});
			}
		}
	},

	// a condition's 填报项 from the fields of the scheme's application form, by their labels; a typed
	// name is let through to the server, which refuses one the form does not have
	pick_facts(frm) {
		if (!frm.doc.family) return;
		frappe
			.xcall("policy_app.policy_setup.facts.fact_options", { family: frm.doc.family })
			.then((options) => {
				const label = Object.fromEntries(options.map((o) => [o.value, o.label]));
				const cdt = "Policy Scheme Eligibility Condition";
				for (const fieldname of FACT_FIELDS) {
					this.set_df(frm, cdt, fieldname, "options", options);
					this.set_df(frm, cdt, fieldname, "ignore_validation", 1);
					this.set_df(frm, cdt, fieldname, "formatter", (value) => {
						if (!value) return "";
						const name = String(value).replace(/^!/, "");
						const shown = label[name] ? (value.startsWith("!") ? "!" : "") + label[name] : value;
						return frappe.utils.escape_html(shown);
					});
				}
			});
	},

	refresh_end(frm) {
		if (!frm.doc.effective_from || !cint(frm.doc.effective_years)) {
			frm.doc.effective_to = null;
			frm.refresh_field("effective_to");
			return;
		}
		frappe
			.xcall(`${METHODS}.effective_end`, {
				effective_from: frm.doc.effective_from,
				effective_years: frm.doc.effective_years,
			})
			.then((end) => {
				frm.doc.effective_to = end;
				frm.refresh_field("effective_to");
			});
	},

	menu(frm) {
		if (frm.is_new()) return;
		const admin = frappe.user.has_role("Policy Administrator") || frappe.user.has_role("System Manager");
		if (!admin) return;
		frm.add_custom_button(__("Extend to an end date"), () => this.extend(frm));
		if (frm.doc.__onload && frm.doc.__onload.shipped) {
			frm.page.add_menu_item(__("Restore shipped default"), () => this.restore(frm));
		}
		this.versions(frm);
	},

	// scheme versions in force by date (policy_setup/versions.py): draft, preview, put in force
	versions(frm) {
		const VERSIONS = "policy_app.policy_setup.versions";
		const base = frm.doc.version_of || frm.doc.name;
		frm.add_custom_button(
			__("Versions"),
			() => frappe.set_route("List", "Policy Scheme", { version_of: base }),
			__("Versions")
		);
		if (frm.doc.version_of) {
			frm.set_intro(
				frm.doc.version_status === "Draft"
					? __("Draft version of {0}, in force from {1} once put in force. It judges nothing yet.", [
							frm.doc.version_of,
							frm.doc.effective_from,
					  ])
					: __("Version of {0} in force from {1}. Its rules are fixed; draft a new version to change them.", [
							frm.doc.version_of,
							frm.doc.effective_from,
					  ]),
				frm.doc.version_status === "Draft" ? "yellow" : "blue"
			);
		}
		if (frm.doc.version_status === "Draft") {
			frm.add_custom_button(__("Preview Changes"), () => this.preview(frm), __("Versions"));
			frm.add_custom_button(
				__("Put in Force"),
				() =>
					frappe.confirm(
						__("Put {0} in force from {1}? Applications submitted and years evaluated from that date are judged by it; records that already hold a version keep theirs.", [
							frm.doc.name,
							frm.doc.effective_from,
						]),
						() =>
							frappe.xcall(`${VERSIONS}.activate_version`, { name: frm.doc.name }).then(() => {
								frm.reload_doc();
								frappe.show_alert({ message: __("Version put in force"), indicator: "green" });
							})
					),
				__("Versions")
			);
		} else {
			frm.add_custom_button(
				__("Draft a New Version"),
				() => {
					const d = new frappe.ui.Dialog({
						title: __("Draft a New Version"),
						fields: [
							{
								fieldname: "effective_from",
								fieldtype: "Date",
								label: __("In Force From"),
								reqd: 1,
								description: __("The date the amended document takes effect; the draft starts as a copy of the rules in force the day before"),
							},
						],
						primary_action_label: __("Create Draft Version"),
						primary_action: ({ effective_from }) =>
							frappe
								.xcall(`${VERSIONS}.draft_version`, { scheme: base, effective_from })
								.then((name) => {
									d.hide();
									frappe.set_route("Form", "Policy Scheme", name);
								}),
					});
					d.show();
				},
				__("Versions")
			);
		}
	},

	preview(frm) {
		frappe
			.xcall("policy_app.policy_setup.versions.preview_version", { name: frm.doc.name })
			.then((r) => {
				const table = (part, heading) => {
					const esc = frappe.utils.escape_html;
					let html = `<h5>${esc(heading)}</h5>`;
					if (!part.count) return html + `<p class="text-muted">${__("No cohort to compare")}</p>`;
					if (!part.rows.length)
						return html + `<p>${__("{0} records compared: nothing changes", [part.count])}</p>`;
					html += `<p>${__("{0} records compared, {1} changes", [part.count, part.rows.length])}</p>`;
					html += `<table class="table table-bordered table-sm"><thead><tr><th>${__("Record")}</th><th>${__(
						"What"
					)}</th><th>${__("Current Rules")}</th><th>${__("Under this version")}</th></tr></thead><tbody>`;
					for (const row of part.rows) {
						html += `<tr><td>${esc(row.label)}</td><td>${esc(row.what)}</td><td>${esc(
							row.before
						)}</td><td><b>${esc(row.after)}</b></td></tr>`;
					}
					return html + "</tbody></table>";
				};
				const rec = r.recognition;
				const ev = r.evaluation;
				const d = new frappe.ui.Dialog({ title: __("Preview Changes"), size: "extra-large" });
				d.$body.html(
					table(rec, rec.count ? __("Applications of {0}", [rec.year]) : __("Applications")) +
						table(ev, ev.count ? __("Evaluation round {0}", [ev.round]) : __("Evaluation round"))
				);
				d.show();
			});
	},

	extend(frm) {
		const d = new frappe.ui.Dialog({
			title: __("Extend to an end date"),
			fields: [
				{
					fieldname: "end",
					fieldtype: "Date",
					label: __("In Force Until"),
					reqd: 1,
					default: frm.doc.effective_to,
					description: __(
						"The last day in force, a whole number of years from the effective-from date (through the day before the anniversary)"
					),
				},
			],
			primary_action_label: __("Set the effective years"),
			primary_action: ({ end }) => {
				frappe
					.xcall(`${METHODS}.years_to_end`, { effective_from: frm.doc.effective_from, end })
					.then((years) => {
						d.hide();
						frm.set_value("effective_years", years);
					});
			},
		});
		d.show();
	},

	restore(frm) {
		frappe.confirm(
			__(
				"Restore {0} to the content the app ships? Every local change to this scheme is lost: its dates, types, conditions, rubric, grade bands, rewards, deadlines and every other row go back to the shipped ones.",
				[frm.doc.name]
			),
			() =>
				frm.call("restore_shipped_default").then(() => {
					frm.reload_doc();
					frappe.show_alert({ message: __("Scheme restored to its shipped content"), indicator: "green" });
				})
		);
	},
};
