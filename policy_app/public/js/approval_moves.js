// 撤回 / 转办 / 抄送 for every record of the app that keeps an approval log: the server decides who
// may do what (policy_app/approvals/moves.py); the buttons only offer the moves.
// loaded with each form's own script: bind once
if (!window.policy_app_approval_moves) {
window.policy_app_approval_moves = true;
$(document).on("form-refresh", (e, frm) => {
	if (!frm || frm.is_new() || !frm.doc.workflow_state || !frappe.meta.has_field(frm.doctype, "approval_log")) {
		return;
	}
	const group = __("Approval");
	const call = (method, args) =>
		frappe.call({ method: `policy_app.approvals.moves.${method}`, args: { doctype: frm.doctype, name: frm.doc.name, ...args } });
	call("can_withdraw").then((r) => {
		if (!r.message) return;
		frm.add_custom_button(
			__("Withdraw"),
			() =>
				frappe.prompt(
					{ fieldname: "remark", fieldtype: "Small Text", label: __("Reason") },
					(v) => call("withdraw", v).then(() => frm.reload_doc()),
					__("Withdraw")
				),
			group
		);
	});
	frm.add_custom_button(
		__("Transfer"),
		() =>
			frappe.prompt(
				[
					{ fieldname: "to_user", fieldtype: "Link", options: "User", label: __("Colleague"), reqd: 1 },
					{ fieldname: "remark", fieldtype: "Small Text", label: __("Remarks") },
				],
				(v) => call("transfer", v).then(() => frm.reload_doc()),
				__("Transfer")
			),
		group
	);
	frm.add_custom_button(
		__("Copy for Information"),
		() =>
			frappe.prompt(
				[
					{ fieldname: "user", fieldtype: "Link", options: "User", label: __("User"), reqd: 1 },
					{ fieldname: "remark", fieldtype: "Small Text", label: __("Remarks") },
				],
				(v) => call("copy_to", { users: [v.user], remark: v.remark }).then(() => frm.reload_doc()),
				__("Copy for Information")
			),
		group
	);
});
}
