// Panels are drawn by the server (random, with the avoidance rules); the list only asks what to draw.
frappe.listview_settings["Expert Draw"] = {
	onload(listview) {
		if (!frappe.user.has_role("Bureau Officer")) return;
		listview.page.add_inner_button(__("Draw Expert Panel"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Draw Expert Panel"),
				fields: [
					{
						fieldname: "reference_doctype",
						fieldtype: "Select",
						label: __("Record Type"),
						// the families' application forms (the registry, policy_app/public/js/families.js)
						options: policy_app.families.application_doctypes(),
						default: policy_app.families.application_doctypes()[0],
						reqd: 1,
					},
					{
						fieldname: "reference_name",
						fieldtype: "Dynamic Link",
						options: "reference_doctype",
						label: __("Record"),
						reqd: 1,
					},
					{
						fieldname: "size",
						fieldtype: "Int",
						label: __("Panel Size"),
						description: __("Empty: the scheme's quorum"),
					},
					{ fieldname: "fields", fieldtype: "Data", label: __("Fields Filter") },
					{
						fieldname: "redraw_of",
						fieldtype: "Link",
						options: "Expert Draw",
						label: __("Redraw Of"),
					},
					{
						fieldname: "redraw_reason",
						fieldtype: "Small Text",
						label: __("Redraw Reason"),
						depends_on: "redraw_of",
						mandatory_depends_on: "redraw_of",
					},
				],
				primary_action_label: __("Draw"),
				primary_action(values) {
					frappe
						.call({
							method: "policy_app.recognition.expert_panel.draw_panel",
							args: values,
							freeze: true,
						})
						.then((r) => {
							dialog.hide();
							frappe.set_route("Form", "Expert Draw", r.message.draw);
						});
				},
			});
			dialog.show();
		});
	},
};
