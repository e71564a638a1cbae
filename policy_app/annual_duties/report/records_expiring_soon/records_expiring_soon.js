frappe.query_reports["Records Expiring Soon"] = {
	filters: [
		{ fieldname: "days", label: __("Within Days"), fieldtype: "Int", default: 90, reqd: 1 },
		{ fieldname: "scheme", label: __("Policy Scheme"), fieldtype: "Link", options: "Policy Scheme" },
		{
			fieldname: "record_doctype",
			label: __("Certified Record Type"),
			fieldtype: "Select",
			options: ["", "Cooperation Base", "Service Institution", "Incubation Carrier"],
		},
	],
};
