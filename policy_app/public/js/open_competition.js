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
