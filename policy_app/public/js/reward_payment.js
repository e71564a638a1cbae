// 确认拨付 on a reward's form and 批量确认拨付 in the reward list: the finance officer gives the payment
// date and reference once, in the dialog of the action, and the server pays each reward through its
// workflow with every rule of the reward (policy_app.evaluation.payments.mark_paid). Rewards it
// refuses are named with their reasons; the others are paid.
frappe.provide("policy_app.rewards");

policy_app.rewards.pay = function (names, done) {
	const dialog = new frappe.ui.Dialog({
		title: names.length > 1 ? __("Mark {0} Rewards Paid", [names.length]) : __("Mark Paid"),
		fields: [
			{ fieldname: "paid_on", fieldtype: "Date", label: __("Paid On"), reqd: 1, default: frappe.datetime.get_today() },
			{ fieldname: "payment_reference", fieldtype: "Data", label: __("Payment Reference") },
		],
		primary_action_label: __("Mark Paid"),
		primary_action(values) {
			dialog.disable_primary_action();
			frappe
				.xcall("policy_app.evaluation.payments.mark_paid", {
					rewards: names,
					paid_on: values.paid_on,
					payment_reference: values.payment_reference || "",
				})
				.then((r) => {
					dialog.hide();
					if (r.failed.length) {
						frappe.msgprint({
							title: __("Not Marked Paid"),
							indicator: "orange",
							message:
								(r.paid.length ? `<p>${__("Marked paid: {0}", [r.paid.join(", ")])}</p>` : "") +
								r.failed
									.map((f) => `<p>${frappe.utils.escape_html(f.name)}：${frappe.utils.escape_html(f.reason)}</p>`)
									.join(""),
						});
					} else {
						frappe.show_alert({ message: __("Marked paid: {0}", [r.paid.join(", ")]), indicator: "green" });
					}
					done && done(r);
				})
				.catch(() => dialog.enable_primary_action());
		},
	});
	dialog.show();
	return dialog;
};
