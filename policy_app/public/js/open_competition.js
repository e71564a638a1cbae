// Open-competition forms. The server enforces every rule; the reason a send-back, rejection,
// elimination or termination needs (and, for a subjective termination, the responsible party) is asked
// by workflow_reason.js before the workflow action runs.
const open_competition_form = {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.eligible === 0 && frm.doc.eligibility_results?.length) {
			frm.dashboard.set_headline_alert(`<span class="indicator red">${__("Conditions not met")}</span>`);
		}
	},
};

for (const doctype of [
	"Open Competition Demand",
	"Open Competition Bid",
	"Open Competition Project",
	"Open Competition Payment",
]) {
	frappe.ui.form.on(doctype, open_competition_form);
}

// 立项 from the chosen bid: once its public notice has ended the bureau opens the project from the bid
// (Frappe's mapped-document route, the server checks the notice and objections); a bid with a project
// links to it. The bid's "Set Up Project" move is the system's, taken when the leader approves.
// (the file is each open-competition form's script: bind once)
if (!window.policy_app_open_competition_links) {
window.policy_app_open_competition_links = true;
frappe.ui.form.on("Open Competition Bid", {
	refresh(frm) {
		// by the stage of the bid's state (办理阶段, public/js/stages.js), not its name
		const S = policy_app.stages.names();
		const stage = policy_app.stages.of(frm.doctype, frm.doc.workflow_state);
		if (frm.is_new() || ![S.NOTICE, S.CONCLUDED].includes(stage)) return;
		const refused = policy_app.stages.states("Open Competition Project", S.CLOSED);
		frappe.db
			.get_value("Open Competition Project", { bid: frm.doc.name, workflow_state: ["not in", refused.length ? refused : [""]] }, "name")
			.then((r) => {
				const project = r.message?.name || frm.doc.project;
				if (project) {
					frm.add_custom_button(__("View Project"), () => frappe.set_route("Form", "Open Competition Project", project));
					return;
				}
				if (stage !== S.NOTICE || !frappe.model.can_create("Open Competition Project")) return;
				const ended = frm.doc.notice_ends_on && frappe.datetime.get_diff(frappe.datetime.get_today(), frm.doc.notice_ends_on) > 0;
				if (!ended) {
					frm.dashboard.set_headline(
						__("The public notice runs until {0}; the project comes after it", [frappe.datetime.str_to_user(frm.doc.notice_ends_on)])
					);
					return;
				}
				frm.add_custom_button(__("Create Project"), () =>
					frappe.model.open_mapped_doc({ method: "policy_app.open_competition.api.make_project", frm })
				).addClass("btn-primary");
			});
	},
});

// 期次 of a payment is the project's next instalment without a payment, shown as soon as the project is chosen
frappe.ui.form.on("Open Competition Payment", {
	project(frm) {
		if (!frm.doc.project || !frm.is_new()) return;
		frappe.call({ method: "policy_app.open_competition.api.next_instalment", args: { project: frm.doc.project } }).then((r) => {
			if (!r.message) return;
			frm.set_value({ seq: r.message.seq, release_condition_label: r.message.label });
		});
	},
});
}
