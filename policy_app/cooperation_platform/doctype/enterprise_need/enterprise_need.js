// The server enforces every rule; this lists every active base of the area in the push table and
// gives a base it was pushed to a button that opens its answer (a Cooperation Match) already filled in.
frappe.ui.form.on("Enterprise Need", {
	setup(frm) {
		frm.set_query("base", "pushed_to", () => ({
			query: "policy_app.cooperation_platform.doctype.enterprise_need.enterprise_need.active_bases",
		}));
	},
	refresh(frm) {
		if (frm.is_new() || ["Concluded", "Withdrawn"].includes(frm.doc.status)) return;
		if (!frappe.model.can_create("Cooperation Match")) return;
		// the user's own organisations, from their user permissions; a district officer has none
		const own = (frappe.defaults.get_user_permissions()["Applicant Organization"] || []).map((p) => p.doc);
		const mine = (frm.doc.pushed_to || []).filter((row) => own.includes(row.base_organization));
		if (!mine.length) return;
		frm.add_custom_button(__("Propose Match"), () => {
			frappe.new_doc("Cooperation Match", {
				need: frm.doc.name,
				// a user of two pushed bases picks one on the match form
				base: mine.length === 1 ? mine[0].base : undefined,
			});
		}).addClass("btn-primary");
	},
});
