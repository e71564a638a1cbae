frappe.query_reports["Overdue Annual Reports"] = {
	filters: [
		{ fieldname: "scheme", label: __("Policy Scheme"), fieldtype: "Link", options: "Policy Scheme" },
		{ fieldname: "year", label: __("Report Year"), fieldtype: "Int" },
		{ fieldname: "recommending_district", label: __("Recommending Department"), fieldtype: "Link", options: "District" },
		{ fieldname: "organization", label: __("Applicant Organization"), fieldtype: "Link", options: "Applicant Organization" },
	],
};
