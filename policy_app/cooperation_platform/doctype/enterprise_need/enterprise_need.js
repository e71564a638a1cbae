// The server enforces every rule; this only lists every active base of the area in the push table.
frappe.ui.form.on("Enterprise Need", {
	setup(frm) {
		frm.set_query("base", "pushed_to", () => ({
			query: "policy_app.cooperation_platform.doctype.enterprise_need.enterprise_need.active_bases",
		}));
	},
});
