frappe.query_reports["Evaluation Round Preview"] = {
	filters: [
		{ fieldname: "evaluation_round", label: __("Evaluation Round"), fieldtype: "Link", options: "Evaluation Round", reqd: 1 },
	],
};
