// Customize Form's builder shows each field's, section's and tab's label as stored, in English: the
// label is the source string it edits. A person in a Chinese desk reads the label in Chinese, as the form
// shows it (in the DocType's context, so the app's 一级指标 for its Section); double-clicking still edits
// the stored English label. The builder keeps the stored label in a hidden span next to the shown one.
(() => {
	if (frappe.policy_builder_labels) return;
	frappe.policy_builder_labels = true;

	const translate = (root, doctype) => {
		for (const shown of root.querySelectorAll(".form-builder-container span:not(.hidden-span)")) {
			const stored = shown.parentElement.querySelector(":scope > span.hidden-span");
			if (!stored || stored.previousElementSibling !== shown) continue;
			const source = stored.textContent.trim();
			if (!source) continue;
			const zh = __(source, null, doctype);
			if (zh !== source && shown.textContent !== zh) shown.textContent = zh;
		}
	};

	let pending = false;
	new MutationObserver(() => {
		const frm = window.cur_frm;
		if (pending || !frm || frm.doctype !== "Customize Form" || !frm.doc.doc_type) return;
		pending = true;
		requestAnimationFrame(() => {
			pending = false;
			translate(document, frm.doc.doc_type);
		});
	}).observe(document.body, { childList: true, subtree: true, characterData: true });
})();
