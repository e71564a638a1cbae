// Shared by the three recognition application forms.
// The server enforces every rule; the reason a send-back or a rejection needs is asked by
// workflow_reason.js before the workflow action runs.

const recognition_form = {
	refresh(frm) {
		// the scheme's types and host kinds are picked by their labels: scheme_choices.js
		// before the review starts, by the stage of the state (its 办理阶段 in the Workflow form)
		const stage = policy_app.stages.of(frm.doctype, frm.doc.workflow_state);
		if (policy_app.stages.group("before_review").includes(stage) && !frm.doc.signed_scan
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
		// the expert panel (draw dialog, panel table, redraw): expert_panel.js
		if (!frm.is_new() && !frm.doc.eligible && frm.doc.eligibility_results?.length) {
			frm.dashboard.set_headline_alert(
				`<span class="indicator red">${__("Conditions not met")}</span>`
			);
		}
	},
};

for (const doctype of policy_app.families.application_doctypes()) {
	frappe.ui.form.on(doctype, recognition_form);
}
