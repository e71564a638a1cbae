// The kinds of user are the app's Role Profiles, found by their Chinese names (申报 → 申报单位用户角色模板)
frappe.ui.form.on("Policy User Setup", {
	setup(frm) {
		frm.set_query("role_profile", () => ({
			query: "policy_app.policy_setup.people.role_profile_query",
		}));
	},
});
