// The desk as a Chinese-speaking administrator and a district officer see it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { withDesk } from "./support.mjs";

const BASE = process.env.BASE_URL;
const ADMIN_PASSWORD = process.env.FRAPPE_ADMIN_PASSWORD || "admin";
const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let browser;

async function api(context, method, path, body) {
	const r = await context.request.fetch(`${BASE}${path}`, {
		method,
		data: body,
		headers: { "Content-Type": "application/json", Accept: "application/json" },
	});
	return { status: r.status(), json: await r.json().catch(() => ({})) };
}

async function login(context, usr, pwd) {
	const r = await api(context, "POST", "/api/method/login", { usr, pwd });
	assert.equal(r.status, 200, `login ${usr}: ${JSON.stringify(r.json)}`);
}

// a zh-speaking user with the given roles, created through the REST API as Administrator
async function ensureUser(email, roles, extra = {}) {
	const context = await browser.newContext();
	await login(context, "Administrator", ADMIN_PASSWORD);
	const exists = await api(context, "GET", `/api/resource/User/${encodeURIComponent(email)}`);
	const body = {
		email, first_name: email.split("@")[0], language: "zh", send_welcome_email: 0, user_type: "System User",
		new_password: "Policy-Test-2026!", roles: withDesk(roles).map((role) => ({ role })),
	};
	const r = exists.status === 200
		? await api(context, "PUT", `/api/resource/User/${encodeURIComponent(email)}`, body)
		: await api(context, "POST", "/api/resource/User", body);
	assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 500));
	for (const [allow, for_value] of extra.permissions || []) {
		const found = await api(context, "GET", `/api/resource/User Permission?filters=${encodeURIComponent(JSON.stringify([["user", "=", email], ["allow", "=", allow], ["for_value", "=", for_value]]))}`);
		if (!found.json.data.length) {
			const p = await api(context, "POST", "/api/resource/User Permission", { user: email, allow, for_value });
			assert.equal(p.status, 200, JSON.stringify(p.json).slice(0, 500));
		}
	}
	await context.close();
}

before(async () => {
	browser = await chromium.launch({
		executablePath: "/usr/bin/chromium",
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
	});
	await ensureUser("browser.admin@policy.test", ["Policy Administrator", "System Manager"]);
	await ensureUser("browser.officer@policy.test", ["District Officer"], { permissions: [["District", "沣东新城"]] });
});

after(async () => browser && (await browser.close()));

async function deskPage(email) {
	const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
	await login(context, email, "Policy-Test-2026!");
	return context.newPage();
}

test("an administrator edits a scheme in Chinese", async () => {
	const page = await deskPage("browser.admin@policy.test");
	await page.goto(`${BASE}/app/policy-scheme/XX-BASE`);
	await page.waitForSelector(".form-layout", { timeout: 30000 });
	const body = await page.locator("body").innerText();
	for (const label of ["政策方案", "类型与申报条件", "评分标准", "等次与历史", "奖补与上限", "期限与参数"]) {
		assert.ok(body.includes(label), `missing ${label}`);
	}
	await page.getByText("等次与历史", { exact: true }).first().click();
	await page.waitForTimeout(500);
	const grades = await page.locator("body").innerText();
	assert.ok(grades.includes("等次区间") && grades.includes("优秀"), "grade bands shown");
	await page.screenshot({ path: `${SHOTS}policy-scheme-xx-base.png`, fullPage: false });
	await page.context().close();
});

test("the scheme list shows the seven programmes", async () => {
	const page = await deskPage("browser.admin@policy.test");
	await page.goto(`${BASE}/app/policy-scheme`);
	const codes = ["XX-BASE", "ZJ-BASE", "CQ-BASE", "QD-BASE", "XX-JBGS", "XX-SVC", "XX-INC"];
	// rows arrive after the list's first paint: wait until every code is on screen, then check
	await page
		.waitForFunction((want) => want.every((c) => document.querySelector(".layout-main-section")?.innerText.includes(c)), codes, { timeout: 30000 })
		.catch(() => {});
	const text = await page.locator(".layout-main-section").innerText();
	for (const code of codes) {
		assert.ok(text.includes(code), `list lacks ${code}`);
	}
	await page.screenshot({ path: `${SHOTS}policy-scheme-list.png` });
	await page.context().close();
});

test("a district officer's organisation form is in Chinese and their list is scoped", async () => {
	const page = await deskPage("browser.officer@policy.test");
	await page.goto(`${BASE}/app/applicant-organization/new`);
	await page.waitForSelector(".form-layout", { timeout: 30000 });
	const body = await page.locator("body").innerText();
	for (const label of ["申报单位", "单位名称", "统一社会信用代码", "组织推荐部门"]) {
		assert.ok(body.includes(label), `missing ${label}`);
	}
	await page.screenshot({ path: `${SHOTS}applicant-organization-new.png` });
	const list = await page.context().request.get(`${BASE}/api/resource/Applicant Organization?fields=["recommending_district"]&limit_page_length=0`);
	assert.equal(list.status(), 200);
	for (const row of (await list.json()).data) assert.equal(row.recommending_district, "沣东新城");
	await page.context().close();
});

test("the workspace leads to the app's records", async () => {
	const page = await deskPage("browser.admin@policy.test");
	await page.goto(`${BASE}/app/policy-app`);
	// the workspace draws its blocks after the page loads: wait for a card title, then read
	await page.waitForFunction(() => document.querySelector(".layout-main-section")?.innerText.includes("申报单位管理"), null, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}workspace.png` });
	const text = await page.locator(".layout-main-section").innerText();
	for (const label of ["政策方案", "申报单位", "组织推荐部门", "节假日日历"]) {
		assert.ok(text.includes(label), `workspace lacks ${label}`);
	}
	await page.context().close();
});
