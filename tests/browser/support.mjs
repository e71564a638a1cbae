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
export async function ensureUser(admin, email, roles, permissions = []) {
	const body = { email, first_name: email.split("@")[0], language: "zh", send_welcome_email: 0, user_type: "System User",
		new_password: PASSWORD, roles: roles.map((role) => ({ role })) };
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

// a Link field: type part of what one is looking for, then click the option offered
export async function pick(page, label, typed, option) {
	const input = control(page, label).locator("input").first();
	await input.click();
	await input.fill(typed);
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: option }).first().click();
	const fieldname = await control(page, label).getAttribute("data-fieldname");
	await page.waitForFunction((f) => window.cur_frm?.doc[f], fieldname, { timeout: 15000 });
}

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
