// 打印 on a recognition application opens the print of the application's scheme (its Policy Scheme's
// "Application Print Format", sent by the server as __onload.application_print_format): Frappe keeps one
// default print format per DocType, but four schemes share Cooperation Base Application.
const scheme_print = {
	setup(frm) {
		// one form object serves every record of its DocType: wrap its print once, read the record at click
		if (frm.__scheme_print) return;
		frm.__scheme_print = { doctype_default: frm.meta.default_print_format };
		const print_doc = frm.print_doc.bind(frm);
		frm.print_doc = function () {
			const format = (frm.doc.__onload && frm.doc.__onload.application_print_format)
				|| frm.__scheme_print.doctype_default;
			frm.meta.default_print_format = format;
			// the print view keeps the format of the last record printed when it is one of the DocType's
			// formats: start from this record's scheme instead
			$(frappe.pages.print || [])
				.find('.print-preview-sidebar input[data-fieldname="print_format"]')
				.val("");
			print_doc();
		};
	},
};

for (const doctype of policy_app.families.application_doctypes()) {
	frappe.ui.form.on(doctype, scheme_print);
}
