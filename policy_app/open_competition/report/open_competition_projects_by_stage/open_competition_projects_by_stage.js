frappe.query_reports["Open Competition Projects by Stage"] = {
	filters: [
		{ fieldname: "scheme", label: __("Policy Scheme"), fieldtype: "Link", options: "Policy Scheme", default: "XX-JBGS" },
		{ fieldname: "year", label: __("Year Approved"), fieldtype: "Int" },
		{ fieldname: "district", label: __("Recommending Department"), fieldtype: "Link", options: "District" },
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: ["", "tech_breakthrough", "commercialisation"],
		},
	],
};
