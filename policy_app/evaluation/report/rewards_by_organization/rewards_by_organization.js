frappe.query_reports["Rewards by Organization"] = {
	filters: [
		{ fieldname: "group_by", label: __("Group By"), fieldtype: "Select", options: ["Organization", "District", "Year"], default: "Organization" },
		{ fieldname: "scheme", label: __("Policy Scheme"), fieldtype: "Link", options: "Policy Scheme" },
		{ fieldname: "year", label: __("Year", null, "Policy Reward"), fieldtype: "Int" },
		{ fieldname: "recommending_district", label: __("Recommending Department"), fieldtype: "Link", options: "District" },
		{ fieldname: "organization", label: __("Applicant Organization"), fieldtype: "Link", options: "Applicant Organization" },
	],
};
