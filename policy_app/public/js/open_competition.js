// Open-competition forms. The server enforces every rule; this only asks for the reason a send-back,
// rejection, elimination or termination needs (and, for a subjective termination, the responsible
// party) before the workflow action runs.
const OC_REASON_ACTIONS = ["Return", "Reject", "Eliminate", "Terminate", "Terminate for Fault"];

const open_competition_form = {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.eligible === 0 && frm.doc.eligibility_results?.length) {
			frm.dashboard.set_headline_alert(`<span class="indicator red">${__("Conditions not met")}</span>`);
		}
	},
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		if (!OC_REASON_ACTIONS.includes(action)) return;
		const fields = [{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }];
		if (action === "Terminate for Fault") {
			fields.push({
				fieldname: "responsible_party",
				fieldtype: "Select",
				label: __("Responsible Party"),
				options: [
					{ value: "Demand Side", label: __("Demand Side") },
					{ value: "Solver", label: __("Solver") },
				],
				reqd: 1,
			});
		}
		return new Promise((resolve, reject) => {
			frappe.prompt(
				fields,
				(values) => {
					const steps = [];
					if (values.responsible_party) {
						steps.push(
							frappe.xcall("policy_app.open_competition.api.set_responsible_party", {
								project: frm.docname,
								responsible_party: values.responsible_party,
							})
						);
					}
					steps.push(
						frappe.xcall("policy_app.recognition.api.set_workflow_remark", {
							doctype: frm.doctype,
							name: frm.docname,
							remark: values.reason,
						})
					);
					Promise.all(steps).then(resolve, reject);
				},
				__(action),
				__("Continue")
			);
		});
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
