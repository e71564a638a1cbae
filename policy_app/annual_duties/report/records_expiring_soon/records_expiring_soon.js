frappe.query_reports["Records Expiring Soon"] = {
	filters: [
		{ fieldname: "days", label: __("Within Days"), fieldtype: "Int", default: 90, reqd: 1 },
		{ fieldname: "scheme", label: __("Policy Scheme"), fieldtype: "Link", options: "Policy Scheme" },
		{
			fieldname: "record_doctype",
			label: __("Certified Record Type"),
			fieldtype: "Select",
			// the programme families' certified records (the registry, with the boot info)
			options: ["", ...(frappe.boot.policy_app_families || []).map((f) => f.certified_doctype).filter(Boolean)],
		},
	],
};
