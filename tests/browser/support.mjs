// What the browser tests share: Debian's Chromium, one logged-in Chinese-locale context per user, REST
// calls that fail loudly, the form's workflow menu and state pill, and valid credit codes.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const BASE = process.env.BASE_URL;
export const ADMIN_PASSWORD = process.env.FRAPPE_ADMIN_PASSWORD || "admin";
export const PASSWORD = "Policy-Test-2026!";
export const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let browser;

export async function launch() {
	browser = await chromium.launch({
		executablePath: "/usr/bin/chromium",
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
	});
	return browser;
}

export async function closeBrowser() {
	if (browser) await browser.close();
}

export async function session(usr, pwd = PASSWORD) {
	const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
	const r = await context.request.post(`${BASE}/api/method/login`, { data: { usr, pwd } });
	assert.equal(r.status(), 200, `login ${usr}`);
	return context;
}

export async function call(context, method, path, data) {
	const r = await context.request.fetch(`${BASE}${path}`, { method, data, headers: { Accept: "application/json" } });
	const body = await r.json().catch(() => ({}));
	assert.ok(r.status() < 300, `${method} ${path}: ${r.status()} ${JSON.stringify(body).slice(0, 600)}`);
	return body;
}

// a unified social credit code with its check character (GB 32100-2015); each test file keeps to its
// own two-letter series so that two files never make the same code
export function creditCode(series, seed) {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const first = `91610000${series}${String(seed).padStart(7, "0")}`;
	const sum = [...first].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
	return first + chars[(31 - (sum % 31)) % 31];
}

// Frappe shows the workflow actions of the user's roles in an "Actions" menu (操作)
export async function clickAction(page, label) {
	await page.getByRole("button", { name: /操作|Actions/ }).first().click();
	await page.locator(".dropdown-menu.show .dropdown-item, .dropdown-menu.show a").filter({ hasText: label }).first().click();
}

// saves the open form with its 保存 button, as a person does, and waits until the record is stored; an
// error dialog fails the test with what it says instead of a bare timeout
export async function saveForm(page) {
	await page.locator(".page-actions .primary-action").filter({ hasText: "保存" }).first().click();
	const stored = page.waitForFunction(() => window.cur_frm && !cur_frm.doc.__islocal && !cur_frm.is_dirty() && !cur_frm.saving,
		null, { timeout: 60000 });
	const refused = page.locator(".modal.show .msgprint").first().waitFor({ timeout: 60000 }).then(async () => {
		throw new Error(`save refused: ${await page.locator(".modal.show .msgprint").first().innerText()}`);
	});
	refused.catch(() => {});
	await Promise.race([stored, refused]);
}

// the form's state pill (the page keeps other, hidden pills of earlier views)
export async function waitForState(page, zh) {
	await page.waitForFunction(
		(s) => [...document.querySelectorAll(".page-head .indicator-pill")].some((e) => e.offsetParent && e.innerText.includes(s)),
		zh,
		{ timeout: 30000 },
	);
}

// a Chinese-speaking desk user with these roles (updated when a run before made them: Frappe throttles
// new users per hour) and these [allow, for_value] user permissions
// Policy Applicant has no desk (applicants use the portal): the walks through the desk give the
// applicant the desk beside it, as a bureau does for an organisation that still fills its forms there
export const withDesk = (roles) => (roles.includes("Policy Applicant") ? [...roles, "Applicant Desk Access"] : roles);

export async function ensureUser(admin, email, roles, permissions = []) {
	const body = { email, first_name: email.split("@")[0], language: "zh", send_welcome_email: 0, user_type: "System User",
		new_password: PASSWORD, roles: withDesk(roles).map((role) => ({ role })) };
	const known = await admin.request.get(`${BASE}/api/resource/User/${encodeURIComponent(email)}`);
	if (known.status() === 200) await call(admin, "PUT", `/api/resource/User/${encodeURIComponent(email)}`, body);
	else await call(admin, "POST", "/api/resource/User", body);
	for (const [allow, for_value] of permissions) {
		const filters = encodeURIComponent(JSON.stringify([["user", "=", email], ["allow", "=", allow], ["for_value", "=", for_value]]));
		if (!(await call(admin, "GET", `/api/resource/User Permission?filters=${filters}`)).data.length) {
			await call(admin, "POST", "/api/resource/User Permission", { user: email, allow, for_value });
		}
	}
}

// ---- a form's fields, found by the label a person reads

export const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

// the visible field of the open form whose label reads `label`
export const control = (page, label) =>
	page.locator(".form-layout .frappe-control:visible").filter({ has: page.locator(".control-label", { hasText: exactly(label) }) }).first();

export async function type(page, label, value) {
	const input = control(page, label).locator("input, textarea").first();
	await input.click();
	await input.fill(String(value));
	await input.press("Tab");
}

// a date: found by its label, given through the field's own control (the datepicker's format is the user's)
export async function setDate(page, label, iso) {
	const fieldname = await control(page, label).getAttribute("data-fieldname");
	await page.evaluate(([f, v]) => cur_frm.fields_dict[f].set_value(v), [fieldname, iso]);
	await page.waitForFunction(([f, v]) => cur_frm.doc[f] === v, [fieldname, iso]);
}

// a Link or Autocomplete field: type part of what one is looking for, then click the option offered
export async function pick(page, label, typed, option) {
	const input = control(page, label).locator("input").first();
	await input.click();
	await input.fill(typed);
	// a Link's options, or an Autocomplete's (the scheme's types)
	await page.locator(".awesomplete [role=option]:visible, .awesomplete li:visible").filter({ hasText: option }).first().click();
	const fieldname = await control(page, label).getAttribute("data-fieldname");
	await page.waitForFunction((f) => window.cur_frm?.doc[f], fieldname, { timeout: 15000 });
}

// a check box, by the label beside it
export async function tick(page, label, on = true) {
	const box = page.getByLabel(label, { exact: true });
	await box.scrollIntoViewIfNeeded();
	await box.setChecked(on);
}

// the eligibility panel (申报条件核验) as the page shows it: a row per condition, by the column headings
// a person reads (条款, 条件, 满足, 原因…); a tick reads true
export async function eligibilityPanel(page) {
	const grid = page.locator(".frappe-control:visible").filter({ has: page.locator(".control-label", { hasText: exactly("申报条件核验") }) });
	await grid.locator(".grid-body .grid-row").first().waitFor({ timeout: 30000 });
	await grid.scrollIntoViewIfNeeded();
	return grid.evaluate((el) => {
		const heads = [...el.querySelectorAll(".grid-heading-row .grid-static-col")].map((h) => h.innerText.trim());
		return [...el.querySelectorAll(".grid-body .grid-row")].map((row) => {
			const cells = [...row.querySelectorAll(".grid-static-col")];
			const out = {};
			heads.forEach((h, i) => {
				const cell = cells[i];
				const box = cell?.querySelector("input[type=checkbox]");
				out[h] = box ? box.classList.contains("disabled-selected") : (cell?.innerText || "").trim();
			});
			return out;
		});
	});
}

// the form's 全部条件满足 box: ticked on the page or not
// ---- a dialog's fields

// the open dialog whose title reads `title`, once Frappe has finished showing it. Frappe focuses the
// dialog's first input when the fade-in ends (Dialog's shown.bs.modal): text filled before that can land
// in the first input instead of the one meant, as a person typing fast on a slow machine would see
export async function openedDialog(page, title) {
	const modal = page.locator(".modal.show").filter({ has: page.locator(".modal-title", { hasText: title }) }).last();
	await modal.waitFor({ timeout: 30000 });
	await page.waitForFunction(
		(t) => (frappe.ui.open_dialogs || []).some((d) => d.display && d.$wrapper.find(".modal-title").text().includes(t)),
		title,
		{ timeout: 30000 },
	);
	return modal;
}

// the field of a dialog whose label reads `label`
export const dialogControl = (modal, label) =>
	modal.locator(".frappe-control").filter({ has: modal.page().locator(".control-label", { hasText: exactly(label) }) }).first();

export async function typeInDialog(modal, label, value) {
	const input = dialogControl(modal, label).locator("input, textarea").first();
	await input.click();
	await input.fill(String(value));
	await input.press("Tab");
}

// ---- a case prepared as its people would have left it

// an XX-SVC application of a new organisation in a new district, submitted with its signed scan and
// the district officer's checklist and opinion filled in (typed on the form in real use), waiting for
// the district's recommendation; its applicant, district officer and bureau officer are new users
// named after `prefix` and `run`, and its credit code is of the file's own `series`
export async function serviceCaseBeforeTheDistrict(run, series, prefix) {
	const district = `浏览器测试新城${run}`;
	const users = { applicant: `${prefix}.applicant${run}@policy.test`, officer: `${prefix}.officer${run}@policy.test`, bureau: `${prefix}.bureau${run}@policy.test` };
	const admin = await session("Administrator", ADMIN_PASSWORD);
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `浏览器测试科技服务公司${run}`, unified_social_credit_code: creditCode(series, run), recommending_district: district, host_kind: "Enterprise",
	})).data.name;
	const roles = { applicant: "Policy Applicant", officer: "District Officer", bureau: "Bureau Officer" };
	for (const [key, email] of Object.entries(users)) {
		await call(admin, "POST", "/api/resource/User", {
			email, first_name: key, language: "zh", send_welcome_email: 0, user_type: "System User", new_password: PASSWORD, roles: withDesk([roles[key]]).map((role) => ({ role })),
		});
	}
	await call(admin, "POST", "/api/resource/User Permission", { user: users.applicant, allow: "Applicant Organization", for_value: org });
	await call(admin, "POST", "/api/resource/User Permission", { user: users.officer, allow: "District", for_value: district });
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	const cfa = (await call(admin, "POST", "/api/resource/Call for Applications", {
		title: `科技服务示范机构申报 ${run}`, scheme: "XX-SVC", year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
	})).data.name;

	const applicant = await session(users.applicant);
	const app = (await call(applicant, "POST", "/api/resource/Service Institution Application", {
		call_for_applications: cfa, organization: org, base_type: "professional", pledge_accepted: 1,
		registered_taxed_counted_in_area: 1, independent_legal_person: 1, fixed_premises: 1, sound_structure: 1, sound_rules: 1,
		annual_service_revenue: 800000, application_reason: "服务业绩显著。",
	})).data;
	await call(applicant, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc: app, action: "Submit" });
	// the submitted version is frozen as a PDF by a queue worker: wait for it and fetch it
	let frozen = "";
	for (let i = 0; i < 60 && !frozen; i++) {
		frozen = (await call(applicant, "GET", `/api/resource/Service Institution Application/${app.name}`)).data.frozen_pdf || "";
		if (!frozen) await new Promise((r) => setTimeout(r, 1000));
	}
	assert.ok(frozen, "the frozen PDF was made after submission");
	const pdf = await applicant.request.get(`${BASE}${frozen}`);
	assert.equal(pdf.status(), 200);
	assert.equal((await pdf.body()).subarray(0, 4).toString(), "%PDF");
	const file = (await call(applicant, "POST", "/api/resource/File", {
		file_name: `${app.name}-signed.pdf`, content: "JVBERi0xLjQgc2lnbmVk", decode: 1, is_private: 1,
		attached_to_doctype: "Service Institution Application", attached_to_name: app.name,
	})).data;
	await call(applicant, "POST", "/api/method/policy_app.recognition.api.attach_signed_scan", {
		doctype: "Service Institution Application", name: app.name, file_url: file.file_url,
	});
	// the district officer's checklist and opinion (typed on the form in real use)
	const officer = await session(users.officer);
	const doc = (await call(officer, "GET", `/api/resource/Service Institution Application/${app.name}`)).data;
	doc.formal_review.forEach((row) => (row.result = "Pass"));
	await call(officer, "PUT", `/api/resource/Service Institution Application/${app.name}`, {
		formal_review: doc.formal_review, recommendation_opinion: "经审查，材料齐全，同意推荐。",
	});
	await Promise.all([admin.close(), applicant.close(), officer.close()]);
	return { app, users, district, org };
}

// ---- an expert's own review, as the expert fills it

// the open Expert Review: a figure typed in each row's 得分 cell (in the order of the criteria), its
// 评审结论 and 评审意见, saved with Ctrl+S until its 总分 reads `total`, then submitted with 提交 and the
// confirm
export async function submitReview(page, points, conclusion, comments, total) {
	const sheet = control(page, "评分").and(page.locator('[data-fieldtype="Table"]'));
	const rows = sheet.locator(".grid-body .grid-row");
	await rows.first().waitFor({ timeout: 30000 });
	const column = await sheet.locator(".grid-heading-row .grid-static-col").filter({ hasText: exactly("得分") }).first().getAttribute("data-fieldname");
	for (const [i, p] of points.entries()) {
		await rows.nth(i).locator(`.grid-static-col[data-fieldname="${column}"]`).click();
		const input = rows.nth(i).locator(`.grid-static-col[data-fieldname="${column}"] input`);
		await input.waitFor({ timeout: 10000 });
		await input.fill(String(p));
		await input.press("Tab");
	}
	await control(page, "评审结论").locator("select").selectOption({ label: conclusion });
	await control(page, "评审意见").locator("textarea").fill(comments);
	await page.keyboard.press("Control+s");
	await page.waitForFunction(() => window.cur_frm && !cur_frm.is_dirty() && !cur_frm.doc.__islocal, null, { timeout: 30000 });
	await control(page, "总分").locator(".control-value").filter({ hasText: new RegExp(`^\\s*${total}(\\.0+)?\\s*$`) }).waitFor({ timeout: 30000 });
	await page.locator(".page-actions .primary-action").filter({ hasText: "提交" }).first().click();
	await page.locator(".modal.show .btn-primary").filter({ hasText: /是|确定|Yes/ }).first().click();
	await page.waitForFunction(() => window.cur_frm && cur_frm.doc.docstatus === 1, null, { timeout: 30000 });
}

// ---- a form's table, as a person edits it: a row opened in its own form (the grid's edit button), its
// fields found by their labels

export async function openGridRow(page, table, idx) {
	const row = page.locator(`.frappe-control[data-fieldname='${table}'] .grid-body .grid-row[data-idx='${idx}']`);
	await row.scrollIntoViewIfNeeded();
	await row.locator(".btn-open-row").click();
	const form = page.locator(".grid-row-open");
	await form.waitFor({ timeout: 15000 });
	// Frappe puts the cursor in the row form's first field half a second after it opens; a field clicked
	// before that loses the cursor (and its list of options) to it
	await page.waitForFunction(() => document.activeElement?.closest(".grid-row-open"), null, { timeout: 3000 }).catch(() => {});
	return form;
}

export const rowField = (form, label) =>
	form.locator(".frappe-control:visible").filter({ has: form.page().locator(".control-label", { hasText: exactly(label) }) }).first();
