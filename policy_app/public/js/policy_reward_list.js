// 批量确认拨付: the finance officer ticks the approved rewards paid in one transfer and gives the date and
// reference once (policy_app.rewards.pay, reward_payment.js).
frappe.listview_settings["Policy Reward"] = {
	onload(listview) {
		if (!frappe.user.has_role("Finance Officer")) return;
		listview.page.add_actions_menu_item(__("Mark Paid in Bulk"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) {
				frappe.msgprint(__("Select the rewards to mark paid"));
				return;
			}
			policy_app.rewards.pay(names, () => listview.refresh());
		});
	},
};
