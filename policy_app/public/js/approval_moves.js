// 撤回 / 转办 / 抄送 for every record of the app that keeps an approval log: the server decides who
// may do what and whom each move may name (policy_app/approvals/moves.py: moves_offered); the buttons
// offer only the moves the user has, and the dialogs list only the people the move accepts.
// loaded with each form's own script: bind once
if (!window.policy_app_approval_moves) {
window.policy_app_approval_moves = true;
$(document).on("form-refresh", (e, frm) => {
	if (!frm || frm.is_new() || !frm.doc.workflow_state || !frappe.meta.has_field(frm.doctype, "approval_log")) {
		return;
	}
	const group = __("Approval");
	const call = (method, args) =>
		frappe.call({
			method: `policy_app.approvals.moves.${method}`,
			args: { doctype: frm.doctype, name: frm.doc.name, ...args },
			freeze: method !== "moves_offered",
		});
	const done = (message) => {
		frm.reload_doc();
		frappe.show_alert({ message, indicator: "green" });
	};
	const name = frm.doc.name;
	call("moves_offered").then((r) => {
		const offered = r.message || {};
		if (!frm.doc || frm.doc.name !== name) return; // the user moved on to another record
		if (offered.withdraw) {
			frm.add_custom_button(
				__("Withdraw"),
				() =>
					frappe.prompt(
						{ fieldname: "remark", fieldtype: "Small Text", label: __("Reason") },
						(v) => call("withdraw", v).then(() => done(__("Withdrawn to the previous step"))),
						__("Withdraw"),
						__("Withdraw")
					),
				group
			);
		}
		if (offered.transfer) {
			frm.add_custom_button(
				__("Transfer"),
				() => {
					if (!offered.transfer.length) {
						frappe.msgprint(__("No colleague holds your role for this step and may act on this record"), __("Transfer"));
						return;
					}
					frappe.prompt(
						[
							{
								fieldname: "to_user",
								fieldtype: "Select",
								label: __("Colleague"),
								options: [{ value: "", label: "" }, ...offered.transfer],
								reqd: 1,
							},
							{ fieldname: "remark", fieldtype: "Small Text", label: __("Remarks") },
						],
						(v) => call("transfer", v).then(() => done(__("Transferred to the colleague"))),
						__("Transfer"),
						__("Transfer")
					);
				},
				group
			);
		}
		if (offered.copy) {
			frm.add_custom_button(
				__("Copy for Information"),
				() => {
					if (!offered.copy.length) {
						frappe.msgprint(__("Nobody else of the bureau may read this record"), __("Copy for Information"));
						return;
					}
					frappe.prompt(
						[
							{
								fieldname: "users",
								fieldtype: "MultiCheck",
								label: __("Copy to Colleagues"),
								options: offered.copy,
								columns: 2,
								reqd: 1,
							},
							{ fieldname: "remark", fieldtype: "Small Text", label: __("Remarks") },
						],
						(v) => {
							if (!(v.users || []).length) {
								frappe.msgprint(__("Name at least one user"), __("Copy for Information"));
								return;
							}
							call("copy_to", { users: v.users, remark: v.remark }).then(() => done(__("Copied for information")));
						},
						__("Copy for Information"),
						__("Copy for Information")
					);
				},
				group
			);
		}
	});
});
}
