// A draw record is read-only; from it the bureau redraws (with a reason) or reads the panel's result.
frappe.ui.form.on("Expert Draw", {
	refresh(frm) {
		frm.disable_save();
		const args = {
			reference_doctype: frm.doc.reference_doctype,
			reference_name: frm.doc.reference_name,
		};
		frm.add_custom_button(__("Panel Result"), () =>
			frappe
				.call({ method: "policy_app.recognition.expert_panel.panel_result", args })
				.then((r) => show_result(r.message))
		);
		if (frappe.user.has_role("Bureau Officer")) {
			frm.add_custom_button(__("Redraw"), () =>
				frappe.prompt(
					[
						{
							fieldname: "redraw_reason",
							fieldtype: "Small Text",
							label: __("Redraw Reason"),
							reqd: 1,
						},
						{
							fieldname: "size",
							fieldtype: "Int",
							label: __("Panel Size"),
							description: __("Empty: the scheme's quorum"),
						},
					],
					(values) =>
						frappe
							.call({
								method: "policy_app.recognition.expert_panel.draw_panel",
								args: {
									...args,
									...values,
									fields: frm.doc.fields_filter,
									redraw_of: frm.doc.name,
								},
								freeze: true,
							})
							.then((r) => frappe.set_route("Form", "Expert Draw", r.message.draw)),
					__("Redraw"),
					__("Draw")
				)
			);
		}
	},
});

function show_result(res) {
	const rows = (res.reviews || [])
		.map(
			(r) =>
				`<tr><td>${frappe.utils.escape_html(r.expert_name || r.expert)}</td><td>${
					r.total
				}</td><td>${__(r.recommendation || "")}</td></tr>`
		)
		.join("");
	const method =
		res.method === "trimmed_mean"
			? __("Trimmed mean (highest and lowest dropped)")
			: __("Mean");
	frappe.msgprint({
		title: __("Panel Result"),
		message: `<p>${__("Submitted reviews: {0} of a quorum of {1}", [
			res.count,
			res.quorum,
		])}</p>
			<p>${__("Score: {0} ({1})", [res.score ?? "—", method])}</p>
			${
				res.disagreement
					? `<p class="text-danger">${__("The experts disagree: spread {0} above {1}", [
							res.spread,
							res.max_spread,
					  ])}</p>`
					: ""
			}
			<table class="table table-bordered"><tr><th>${__("Expert")}</th><th>${__("Total", null, "Expert Review")}</th><th>${__(
			"Recommendation"
		)}</th></tr>${rows}</table>`,
	});
}
