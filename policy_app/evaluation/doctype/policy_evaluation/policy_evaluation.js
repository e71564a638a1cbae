// Policy Evaluation: fetch the counts from the cooperation platform's confirmed records; the section
// subtotals against their caps follow the rows as they are filled in; each listed expert scores on
// their own sheet (评分), and the expert picker lists the active experts only.
frappe.ui.form.on("Policy Evaluation", {
	setup(frm) {
		frm.set_query("expert_user", "experts", () => ({ query: "policy_app.evaluation.experts.expert_users" }));
	},
	refresh(frm) {
		// grades and medal tiers are the scheme's codes (excellent, medal_gold): shown by their names
		const labels = (frm.doc.__onload && frm.doc.__onload.code_labels) || {};
		for (const fieldname of ["raw_grade", "final_grade", "medal_tier"]) {
			const field = frm.fields_dict[fieldname];
			if (!field) continue;
			field.df.formatter = (value) => frappe.utils.escape_html((value && labels[value]) || value || "");
			frm.refresh_field(fieldname);
		}
		if (!frm.is_new() && !frm.doc.published && frm.has_perm("write") && !frappe.user.has_role("Policy Expert")) {
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
		// with the experts: the state's stage (办理阶段) in the Workflow form, as the server reads it
		const scoring = policy_app.stages.of(frm.doctype, frm.doc.workflow_state) === policy_app.stages.names().EXPERT;
		if (!frm.is_new() && scoring && frappe.user.has_role("Policy Expert")) {
			frm.add_custom_button(__("Score This Evaluation"), () => score(frm)).addClass("btn-primary");
		}
		if (frm.doc.scoring_progress && scoring) {
			frm.dashboard.set_headline(frm.doc.scoring_progress);
		}
	},
});

const subtotals = frappe.utils.debounce((frm) => {
	if (!frm.doc.scheme || frm.doc.published) return;
	frappe.xcall("policy_app.evaluation.doctype.policy_evaluation.policy_evaluation.rubric_subtotals", { doc: frm.doc }).then((message) => {
		const r = { message };
		if (!r.message) return;
		frm.doc.section_scores = r.message.section_scores;
		frm.doc.total_score = r.message.total_score;
		frm.refresh_field("section_scores");
		frm.refresh_field("total_score");
	});
}, 400);

frappe.ui.form.on("Policy Evaluation Item", {
	quantity: subtotals,
	judged_points: subtotals,
	unit_scores: subtotals,
	items_remove: subtotals,
});

// the expert's own sheet: one field per judged row, one figure per unit, checked whole on the server
function score(frm) {
	const go = () =>
		frm.call("scoring_sheet").then((r) => {
			const sheet = r.message;
			if (sheet.submitted) {
				frappe.msgprint(__("You have submitted your scores already"));
				return;
			}
			const fields = sheet.rows.map((row) => ({
				fieldname: `row_${row.idx}`,
				fieldtype: "Data",
				label: row.mode === "judged_each" ? __("{0} ({1} units)", [row.label, row.units]) : row.label,
				description:
					row.mode === "judged_each"
						? __("{0} points, one per unit ({1}–{2} each), separated by semicolons", [row.units, row.min, row.max])
						: __("{0}–{1} points", [row.min, row.max]),
				default: row.proposed,
				reqd: 1,
			}));
			if (!fields.length) {
				fields.push({ fieldtype: "HTML", options: `<p>${__("Nothing on this evaluation is judged by the experts")}</p>` });
			}
			const d = new frappe.ui.Dialog({
				title: __("My Scores"),
				fields,
				size: "large",
				primary_action_label: __("Submit My Scores"),
				primary_action(values) {
					const out = {};
					sheet.rows.forEach((row) => (out[row.row] = values[`row_${row.idx}`]));
					frm.call("submit_scores", { sheet: out }).then((res) => {
						d.hide();
						frappe.show_alert({ message: res.message.progress || __("Scores submitted"), indicator: "green" });
						frm.reload_doc();
					});
				},
			});
			d.show();
		});
	if (frm.is_dirty()) frm.save().then(go);
	else go();
}
