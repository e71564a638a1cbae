frappe.query_reports["Overdue Approvals"] = {
	filters: [
		{ fieldname: "document_type", label: __("Document Type"), fieldtype: "Link", options: "DocType" },
		{ fieldname: "on", label: __("On"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
