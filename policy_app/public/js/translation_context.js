// The app's words for Frappe's common words (Open → 待处理, Active → 有效, Submitted → 已提交推荐部门…) are
// translated in the context of the app's DocType (policy_app/translations/zh.csv, third column), so that a
// ToDo, a Note or an ERPNext invoice keeps Frappe's word. Frappe's forms already look a label or a
// Select option up in its DocType's context; its list indicators and read-only Select values do not, so
// these (and the workflow action buttons) look the value up in the DocType's context first and fall back to Frappe's own translation.
(() => {
	if (frappe.policy_translation_context) return;
	frappe.policy_translation_context = true;
	const in_context = (text, doctype) =>
		text && doctype && frappe._messages ? frappe._messages[`${text}:${doctype}`] : undefined;

	const get_indicator = frappe.get_indicator;
	frappe.get_indicator = function (doc, doctype, ...rest) {
		const indicator = get_indicator.call(this, doc, doctype, ...rest);
		const match = indicator && typeof indicator[2] === "string" && /^([\w]+),=,(.*)$/.exec(indicator[2]);
		const own = match && in_context(match[2], doctype || doc.doctype);
		if (own) indicator[0] = own;
		return indicator;
	};

	const select = frappe.form.formatters.Select;
	frappe.form.formatters.Select = function (value, df, ...rest) {
		const own = in_context(value, df && df.parent);
		return own ? frappe.form.formatters.Data(own, df, ...rest) : select.call(this, value, df, ...rest);
	};

	// a workflow action's button (Dismiss → 不予采纳 on a Title Action, not Frappe's 解雇)
	const add_action_item = frappe.ui.Page.prototype.add_action_item;
	frappe.ui.Page.prototype.add_action_item = function (label, ...rest) {
		const frm = window.cur_frm;
		const workflow = frm && frm.page === this && frappe.workflow.workflows[frm.doctype];
		for (const t of (workflow && workflow.transitions) || []) {
			const own = in_context(t.action, frm.doctype);
			if (own && label === __(t.action)) {
				label = own;
				break;
			}
		}
		return add_action_item.call(this, label, ...rest);
	};

	// a DocType named in an app record's field (认定记录类型, 来源类型) reads as the person's word for it;
	// other apps' records keep Frappe's display
	const app_record = (doc) => {
		const meta = doc && locals.DocType && locals.DocType[doc.doctype];
		return !!meta && (frappe.boot.module_app || {})[frappe.scrub(meta.module || "")] === "policy_app";
	};
	const doctype_link = frappe.form.link_formatters.DocType;
	frappe.form.link_formatters.DocType = function (value, doc, ...rest) {
		if (doctype_link) value = doctype_link.call(this, value, doc, ...rest);
		return value && app_record(doc) ? __(value) : value;
	};

	// the approval log's states, actions and roles are kept as the workflow names them (plain text, which
	// Frappe shows as it is): shown in the words of the record's DocType
	for (const fieldname of ["from_state", "to_state", "action", "role"]) {
		const df = frappe.meta.get_docfield("Approval Log Entry", fieldname);
		if (df && !df.formatter) {
			df.formatter = (value, _df, _options, doc) =>
				frappe.utils.escape_html(__(value || "", null, doc && doc.parenttype));
		}
	}

	// the same actions in a list view's bulk 操作 menu
	const ListView = frappe.views && frappe.views.ListView;
	const menu_items = ListView && ListView.prototype.get_workflow_action_menu_items;
	if (menu_items) {
		ListView.prototype.get_workflow_action_menu_items = function (...args) {
			const items = menu_items.apply(this, args);
			for (const item of items || []) {
				const own = in_context(item.name, this.doctype);
				if (own) item.label = own;
			}
			return items;
		};
	}
})();
