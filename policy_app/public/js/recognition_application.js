// Shared by the three recognition application forms.
// The server enforces every rule; the reason a send-back or a rejection needs is asked by
// workflow_reason.js before the workflow action runs.

const recognition_form = {
	refresh(frm) {
		// the scheme's types and host kinds are picked by their labels: scheme_choices.js
		if (["Submitted", "Awaiting Acceptance"].includes(frm.doc.workflow_state) && !frm.doc.signed_scan
			&& frm.doc.owner === frappe.session.user) {
			frm.add_custom_button(__("Upload Signed Scan"), () => {
				new frappe.ui.FileUploader({
					doctype: frm.doctype,
					docname: frm.docname,
					folder: "Home/Attachments",
					on_success: (file) =>
						frappe
							.xcall("policy_app.recognition.api.attach_signed_scan", {
								doctype: frm.doctype,
								name: frm.docname,
								file_url: file.file_url,
							})
							.then(() => frm.reload_doc()),
				});
			});
		}
		if (["Expert Review", "Objection Review"].includes(frm.doc.workflow_state)
			&& frappe.user.has_role(["Bureau Officer", "Policy Administrator"])) {
			frm.add_custom_button(__("Draw Expert Panel"), () =>
				frappe
					.xcall("policy_app.recognition.expert_panel.draw_panel", {
						reference_doctype: frm.doctype,
						reference_name: frm.docname,
					})
					.then(() => frappe.set_route("List", "Expert Review", { reference_name: frm.docname })),
				__("Expert Panel"));
			frm.add_custom_button(__("Panel Result"), () =>
				frappe
					.xcall("policy_app.recognition.expert_panel.panel_result", {
						reference_doctype: frm.doctype,
						reference_name: frm.docname,
					})
					.then((r) => frappe.msgprint(`<pre>${frappe.utils.escape_html(JSON.stringify(r, null, 1))}</pre>`, __("Panel Result"))),
				__("Expert Panel"));
		}
		if (!frm.is_new() && !frm.doc.eligible && frm.doc.eligibility_results?.length) {
			frm.dashboard.set_headline_alert(
				`<span class="indicator red">${__("Conditions not met")}</span>`
			);
		}
	},
};

for (const doctype of ["Cooperation Base Application", "Service Institution Application", "Incubator Application"]) {
	frappe.ui.form.on(doctype, recognition_form);
}
