// The programme families (Programme Family records, policy_app/policy_setup/families.py), read from the
// boot info: the one list of application forms and certified records for every form's script.
// (loaded with each workflow form's own script: defined once)
frappe.provide("policy_app.families");
if (!policy_app.families.application_doctypes) {
	const rows = () => frappe.boot.policy_app_families || [];
	// the forms applicants fill in, of the families that certify (the recognition chain)
	policy_app.families.application_doctypes = () =>
		rows().filter((f) => f.application_doctype && f.certified_doctype).map((f) => f.application_doctype);
	policy_app.families.certified_doctypes = () => rows().filter((f) => f.certified_doctype).map((f) => f.certified_doctype);
	// a 认定记录类型 link offers the families' certified records, a desk-made family's included
	policy_app.families.certified_query = () => ({ filters: { name: ["in", policy_app.families.certified_doctypes()] } });
}
