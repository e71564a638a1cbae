// The expert panel of a recognition application, on its form (bureau roles only): the panel as a table
// (expert, review state, total, recusal reason) with the panel's score and spread from the server (the
// engine's aggregate), and, for the bureau officer while the case is in review, the draw dialog (panel
// size, technical fields, avoid list) and the redraw, which asks its reason. The server draws, checks
// the user's role and the case's state, and records the draw; this file only asks and shows.
const EXPERT_PANEL_READERS = ["Bureau Officer", "Bureau Leader", "Policy Administrator", "System Manager"];

const expert_panel = {
	refresh(frm) {
		if (frm.is_new() || !frm.fields_dict.expert_panel_html) return;
		frm.toggle_display("section_expert_panel", false);
		if (!frappe.user.has_role(EXPERT_PANEL_READERS)) return;
		const args = { reference_doctype: frm.doctype, reference_name: frm.docname };
		const options = frappe.user.has_role("Bureau Officer")
			? frappe.xcall("policy_app.recognition.expert_panel.draw_options", args)
			: Promise.resolve(null);
		Promise.all([frappe.xcall("policy_app.recognition.expert_panel.panel_result", args), options]).then(
			([result, opts]) => {
				if (frm.docname !== args.reference_name) return; // the user moved on to another record
				const drawn = result.draw || (result.members || []).length;
				if (!drawn && !opts?.can_draw) return;
				frm.toggle_display("section_expert_panel", true);
				frm.fields_dict.expert_panel_html.$wrapper.html(expert_panel.render(result));
				if (opts?.can_draw) expert_panel.add_buttons(frm, opts);
				for (const objection of (opts?.can_draw && opts.objections) || []) {
					frm.add_custom_button(
						__("Draw Re-review Experts") + ` (${objection})`,
						() => expert_panel.open_dialog(frm, objection),
						__("Expert Panel")
					);
				}
			}
		);
	},

	add_buttons(frm, opts) {
		if (opts.redraw_of) {
			frm.add_custom_button(__("Redraw"), () => expert_panel.open_dialog(frm));
		} else {
			frm.add_custom_button(__("Draw Expert Panel"), () => expert_panel.open_dialog(frm));
		}
	},

	open_dialog(frm, objection = null) {
		const args = { reference_doctype: frm.doctype, reference_name: frm.docname, objection };
		frappe.xcall("policy_app.recognition.expert_panel.draw_options", args).then((opts) => {
			const redraw = Boolean(opts.redraw_of);
			const fields = [
				{
					fieldname: "size",
					fieldtype: "Int",
					label: __("Panel Size"),
					default: opts.size,
					reqd: 1,
					description: __("The scheme's quorum is {0}", [opts.quorum]),
				},
				{
					fieldname: "fields",
					fieldtype: "MultiSelect",
					label: __("Technical Fields"),
					options: opts.fields,
					description: __("Empty: experts of every field"),
				},
				{
					fieldname: "avoid",
					fieldtype: "Small Text",
					label: __("Experts or Organisations to Avoid"),
					default: (opts.avoid || []).join("\n"),
					description: __("The applicant's avoid list always applies; add further experts or organisations, one a line"),
				},
			];
			if (redraw) {
				fields.push({
					fieldname: "redraw_reason",
					fieldtype: "Small Text",
					label: __("Redraw Reason"),
					reqd: 1,
					description: __("Replaces draw {0}: its open reviews are withdrawn, submitted ones stay", [opts.redraw_of]),
				});
			}
			const dialog = new frappe.ui.Dialog({
				title: objection
					? __("Draw Re-review Experts")
					: redraw
						? __("Redraw")
						: __("Draw Expert Panel"),
				fields,
				primary_action_label: __("Draw"),
				primary_action(values) {
					frappe
						.xcall(
							"policy_app.recognition.expert_panel.draw_panel",
							{
								...args,
								size: values.size,
								fields: values.fields || "",
								avoid: values.avoid || "",
								redraw_of: opts.redraw_of || null,
								redraw_reason: values.redraw_reason || null,
							},
							__("Drawing the panel…")
						)
						.then((r) => {
							dialog.hide();
							frappe.show_alert({ message: __("{0} experts drawn", [r.experts.length]), indicator: "green" });
							frm.reload_doc();
						});
				},
			});
			dialog.show();
		});
	},

	render(result) {
		const esc = frappe.utils.escape_html;
		const rows = (result.members || [])
			.map(
				(m) => `<tr data-review="${esc(m.review)}">
					<td><a href="/app/expert-review/${encodeURIComponent(m.review)}">${esc(m.expert_name)}</a></td>
					<td>${esc(m.state)}</td>
					<td>${m.total == null ? "" : esc(String(m.total))}</td>
					<td>${esc(m.recommendation || "")}</td>
					<td>${esc(m.recusal_reason || "")}</td>
				</tr>`
			)
			.join("");
		const draw = result.draw;
		const about = draw
			? `<p>${__("Draw {0}: {1} experts drawn by {2} on {3}", [
					`<a href="/app/expert-draw/${encodeURIComponent(draw.name)}">${esc(draw.name)}</a>`,
					draw.panel_size,
					esc(frappe.user.full_name(draw.drawn_by)),
					esc(frappe.datetime.str_to_user(draw.drawn_on)),
				])}${draw.fields_filter ? "；" + __("Technical Fields") + ": " + esc(draw.fields_filter) : ""}</p>
				${draw.redraw_reason ? `<p>${__("Redraw Reason")}: ${esc(draw.redraw_reason)}</p>` : ""}`
			: `<p class="text-muted">${__("No panel drawn yet")}</p>`;
		const method = result.method === "trimmed_mean" ? __("Trimmed mean (highest and lowest dropped)") : __("Mean");
		const score = result.count
			? `<p class="expert-panel-score">${__("Score: {0} ({1})", [esc(String(result.score)), method])}；${
					result.max_spread == null
						? __("Spread: {0}", [esc(String(result.spread))])
						: __("Spread: {0} (at most {1})", [esc(String(result.spread)), esc(String(result.max_spread))])
				}</p>`
			: "";
		const disagree = result.disagreement
			? `<p class="text-danger expert-panel-disagreement">${__("The experts disagree: spread {0} above {1}", [
					esc(String(result.spread)),
					esc(String(result.max_spread)),
				])}</p>`
			: "";
		return `<div class="expert-panel">
			${about}
			<table class="table table-bordered expert-panel-table">
				<thead><tr><th>${__("Expert")}</th><th>${__("Review State")}</th><th>${__("Total", null, "Expert Review")}</th>
					<th>${__("Recommendation")}</th><th>${__("Recusal Reason")}</th></tr></thead>
				<tbody>${rows}</tbody>
			</table>
			<p>${__("Submitted reviews: {0} of a quorum of {1}", [result.count, result.quorum])}</p>
			${score}${disagree}
		</div>`;
	},
};

// this file is evaluated once per application DocType opened: register the three forms' handler once
if (!frappe.ui.form.expert_panel_registered) {
	frappe.ui.form.expert_panel_registered = true;
	for (const doctype of policy_app.families.application_doctypes()) {
		frappe.ui.form.on(doctype, { refresh: (frm) => expert_panel.refresh(frm) });
	}
}
