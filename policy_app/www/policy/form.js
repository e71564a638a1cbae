// The applicant portal's case form (/policy/form; Frappe puts this file, beside form.html, into the
// page): shows and hides fields by their `depends_on` as the desk's form does, saves through
// policy_app.portal.api.save_case, takes a workflow action through act_on_case (its reason asked first
// where the action needs one), sends a table as its rows (added and removed on the page), and uploads
// files as private files of the case (Frappe's upload_file), a table row's too,
// the sealed scan through policy_app.recognition.api.attach_signed_scan. Every rule is the server's.
(function () {
	const form = window.policy_portal_form;
	const words = window.policy_portal_words;
	if (!form) return;
	const root = document.querySelector(".policy-form-page");
	const message = root.querySelector(".policy-form-message");
	const doc = Object.assign({}, form.doc);

	const in_list = (list, value) => (list || []).includes(value);
	const cint = (v) => parseInt(v, 10) || 0;
	const flt = (v) => parseFloat(v) || 0;

	function read(el) {
		if (el.type === "checkbox") return el.checked ? 1 : 0;
		return el.value;
	}

	function values() {
		const out = {};
		root.querySelectorAll(".policy-form [name]").forEach((el) => {
			if (!el.disabled) out[el.name] = read(el);
		});
		// a table: its rows in order, each with its own fields and, for a stored row, its name
		root.querySelectorAll(".policy-form .policy-table").forEach((table) => {
			if (!table.querySelector(".policy-rows")) return;
			out[table.dataset.fieldname] = [...table.querySelectorAll(".policy-rows > .policy-row")].map((row) => {
				const r = row.dataset.name ? { name: row.dataset.name } : {};
				row.querySelectorAll("[data-column]").forEach((el) => (r[el.dataset.column] = read(el)));
				return r;
			});
		});
		return out;
	}

	function renumber(table) {
		table.querySelectorAll(".policy-rows > .policy-row").forEach((row, i) => {
			row.querySelector(".policy-row-number").textContent = words.row.replace("{0}", i + 1);
		});
	}

	// the desk's rule: "eval:<expression over doc>" or the name of a field that must be set
	function shown(expr) {
		if (!expr) return true;
		try {
			if (expr.startsWith("eval:")) {
				return !!new Function("doc", "in_list", "cint", "flt", `return (${expr.slice(5)});`)(doc, in_list, cint, flt);
			}
			return !!doc[expr];
		} catch (e) {
			return true;
		}
	}

	function refresh() {
		Object.assign(doc, values());
		root.querySelectorAll(".policy-field[data-depends-on]").forEach((el) => {
			el.style.display = shown(el.dataset.dependsOn) ? "" : "none";
		});
		// a section with nothing to show is hidden with its heading
		root.querySelectorAll(".policy-section").forEach((s) => {
			const any = [...s.querySelectorAll(".policy-field")].some((f) => f.style.display !== "none");
			s.style.display = any ? "" : "none";
		});
	}

	function say(text, ok) {
		message.className = `policy-form-message small ${ok ? "text-success" : "text-danger"}`;
		message.textContent = text;
	}

	function save() {
		return frappe
			.call({
				method: "policy_app.portal.api.save_case",
				type: "POST",
				args: { doctype: form.doctype, name: form.name || null, call: form.call || null, values: JSON.stringify(values()) },
				freeze: true,
			})
			.then((r) => r.message);
	}

	function go(name) {
		window.location.href = `/policy/form?doctype=${encodeURIComponent(form.doctype)}&name=${encodeURIComponent(name)}`;
	}

	async function upload(file, fieldname) {
		const data = new FormData();
		data.append("file", file, file.name);
		data.append("is_private", "1");
		data.append("doctype", form.doctype);
		data.append("docname", form.name);
		if (fieldname) data.append("fieldname", fieldname);
		const r = await fetch("/api/method/upload_file", {
			method: "POST",
			body: data,
			headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
		});
		const body = await r.json().catch(() => ({}));
		if (!r.ok) {
			const said = body._server_messages ? JSON.parse(body._server_messages).map((m) => JSON.parse(m).message).join(" ") : body.exception || r.statusText;
			throw new Error(said.replace(/<[^>]+>/g, ""));
		}
		return body.message.file_url;
	}

	root.querySelectorAll(".policy-form [name]").forEach((el) => {
		el.addEventListener("change", refresh);
		el.addEventListener("input", refresh);
	});

	function show_file(holder, url) {
		holder.innerHTML = "";
		const a = document.createElement("a");
		a.href = url;
		a.target = "_blank";
		a.textContent = url.split("/").pop();
		holder.appendChild(a);
	}

	// a table's rows: added from the table's empty row, removed by their own button, a file uploaded
	// into a row as a private file of the case
	root.addEventListener("click", (e) => {
		const add = e.target.closest(".policy-add-row");
		const remove = e.target.closest(".policy-remove-row");
		if (add) {
			const table = add.closest(".policy-table");
			const rows = table.querySelector(".policy-rows");
			rows.appendChild(table.querySelector(".policy-row-template").content.firstElementChild.cloneNode(true));
			renumber(table);
			rows.lastElementChild.querySelector("[data-column]")?.focus();
		} else if (remove) {
			const table = remove.closest(".policy-table");
			remove.closest(".policy-row").remove();
			renumber(table);
		}
	});
	root.addEventListener("change", async (e) => {
		const el = e.target.closest(".policy-row-upload");
		if (!el || !el.files.length) return;
		const cell = el.closest(".policy-cell");
		try {
			const url = await upload(el.files[0], null);
			cell.querySelector("input[type=hidden][data-column]").value = url;
			show_file(cell.querySelector(".policy-file"), url);
			say(words.uploaded, true);
		} catch (err) {
			say(err.message, false);
		}
	});

	root.querySelectorAll(".policy-upload").forEach((el) => {
		el.addEventListener("change", async () => {
			if (!el.files.length) return;
			const fieldname = el.dataset.for;
			try {
				const url = await upload(el.files[0], fieldname);
				root.querySelector(`.policy-form input[type=hidden][name="${fieldname}"]`).value = url;
				show_file(el.closest(".policy-field").querySelector(".policy-file"), url);
				say(words.uploaded, true);
			} catch (e) {
				say(e.message, false);
			}
		});
	});

	const scan = root.querySelector("#policy-signed-scan");
	if (scan) {
		scan.addEventListener("change", async () => {
			if (!scan.files.length) return;
			try {
				const url = await upload(scan.files[0], "signed_scan");
				await frappe.call({
					method: "policy_app.recognition.api.attach_signed_scan",
					type: "POST",
					args: { doctype: form.doctype, name: form.name, file_url: url },
					freeze: true,
				});
				say(words.uploaded, true);
				setTimeout(() => go(form.name), 800);
			} catch (e) {
				say(e.message, false);
			}
		});
	}

	const save_button = root.querySelector(".policy-save");
	if (save_button) {
		save_button.addEventListener("click", () =>
			save().then((r) => {
				say(words.saved, true);
				if (!form.name) go(r.name);
				else setTimeout(() => go(r.name), 600);
			})
		);
	}

	const reason = root.querySelector(".policy-reason");
	root.querySelectorAll(".policy-action").forEach((button) => {
		button.addEventListener("click", async () => {
			const needs = button.dataset.needsReason === "1";
			const remark = root.querySelector("#policy-reason-text").value.trim();
			if (needs && !remark) {
				reason.style.display = "";
				root.querySelector("#policy-reason-text").focus();
				say(words.reason, false);
				return;
			}
			// the form as it stands is stored first, as the desk asks before an action
			if (form.editable) await save();
			const r = await frappe.call({
				method: "policy_app.portal.api.act_on_case",
				type: "POST",
				args: { doctype: form.doctype, name: form.name, action: button.dataset.action, remark },
				freeze: true,
			});
			say(words.done.replace("{0}", r.message.state), true);
			setTimeout(() => go(form.name), 800);
		});
	});

	const withdraw = root.querySelector(".policy-withdraw");
	if (withdraw) {
		withdraw.addEventListener("click", () =>
			frappe
				.call({
					method: "policy_app.approvals.moves.withdraw",
					type: "POST",
					args: { doctype: form.doctype, name: form.name, remark: root.querySelector("#policy-reason-text").value.trim() },
					freeze: true,
				})
				.then(() => {
					say(words.withdrawn, true);
					setTimeout(() => go(form.name), 800);
				})
		);
	}

	refresh();
})();
