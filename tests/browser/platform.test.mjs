// The cooperation platform in the desk (XX-BASE §11–12): a district pushes an enterprise's need to
// one base; that base sees it in Chinese and answers it with the form's own button; the enterprise
// accepts and the district confirms by clicking. A base the need was not pushed to never sees it.
// The people and the need are prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.BASE_URL;
const ADMIN_PASSWORD = process.env.FRAPPE_ADMIN_PASSWORD || "admin";
const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
const PASSWORD = "Policy-Test-2026!";
const RUN = Date.now().toString().slice(-7);
mkdirSync(SHOTS, { recursive: true });

let browser;

async function session(usr, pwd = PASSWORD) {
	const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
	const r = await context.request.post(`${BASE}/api/method/login`, { data: { usr, pwd } });
	assert.equal(r.status(), 200, `login ${usr}`);
	return context;
}

async function call(context, method, path, data) {
	const r = await context.request.fetch(`${BASE}${path}`, { method, data, headers: { Accept: "application/json" } });
	const body = await r.json().catch(() => ({}));
	assert.ok(r.status() < 300, `${method} ${path}: ${r.status()} ${JSON.stringify(body).slice(0, 600)}`);
	return body;
}

// the unified social credit code's check character (GB 32100-2015)
function creditCode(seed) {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const first = `91610000MC${seed.padStart(7, "0")}`;
	const sum = [...first].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
	return first + chars[(31 - (sum % 31)) % 31];
}

// the same four people every run (Frappe throttles new users per hour); each run gives them its own
// district and organisations
const users = {
	officer: "platform.officer@policy.test",
	base1: "platform.base1@policy.test",
	base2: "platform.base2@policy.test",
	enterprise: "platform.enterprise@policy.test",
};
const needTitle = `精密减速器寿命攻关${RUN}`;
const resourceTitle = `德国减速器项目${RUN}`;
let need, base1;

before(async () => {
	browser = await chromium.launch({
		executablePath: "/usr/bin/chromium",
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
	});
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const districts = [`对接浏览器新城${RUN}`, `对接浏览器另一新城${RUN}`];
	for (const district_name of districts) {
		await call(admin, "POST", "/api/resource/District", {
			district_name, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局",
		});
	}
	const org = async (name, district, n) => (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `${name}${RUN}`, unified_social_credit_code: creditCode(`${n}${RUN.slice(-6)}`),
		recommending_district: district, host_kind: "Enterprise",
	})).data.name;
	const orgs = {
		enterprise: await org("对接浏览器需求企业", districts[0], 1),
		base1: await org("对接浏览器基地甲", districts[0], 2),
		base2: await org("对接浏览器基地乙", districts[1], 3),
	};
	const year = new Date().getFullYear();
	const base = async (organization) => (await call(admin, "POST", "/api/resource/Cooperation Base", {
		organization, scheme: "XX-BASE", base_type: "coop_base", status: "Active",
		certified_on: `${year - 1}-06-01`, valid_until: `${year + 2}-05-31`,
	})).data.name;
	base1 = await base(orgs.base1);
	await base(orgs.base2);
	const roles = { officer: "District Officer", base1: "Policy Applicant", base2: "Policy Applicant", enterprise: "Policy Applicant" };
	for (const [key, email] of Object.entries(users)) {
		const body = { email, first_name: key, language: "zh", send_welcome_email: 0, user_type: "System User", new_password: PASSWORD, roles: [{ role: roles[key] }] };
		const known = await admin.request.get(`${BASE}/api/resource/User/${encodeURIComponent(email)}`);
		if (known.status() === 200) await call(admin, "PUT", `/api/resource/User/${encodeURIComponent(email)}`, body);
		else await call(admin, "POST", "/api/resource/User", body);
		const [allow, for_value] = key === "officer" ? ["District", districts[0]] : ["Applicant Organization", orgs[key]];
		await call(admin, "POST", "/api/resource/User Permission", { user: email, allow, for_value });
	}
	const b1 = await session(users.base1);
	await call(b1, "POST", "/api/resource/Overseas Resource", {
		base: base1, resource_kind: "Project Willing to Land", title: resourceTitle, country: "Germany",
		collected_on: new Date().toISOString().slice(0, 10), evidence: "/private/files/platform-evidence.pdf",
	});
	const officer = await session(users.officer);
	need = (await call(officer, "POST", "/api/resource/Enterprise Need", {
		title: needTitle, need_type: "Technology Breakthrough", technical_field: "高端装备", enterprise: orgs.enterprise,
		budget: 3000000, description: "寻求海外团队联合攻关精密减速器寿命问题。", pushed_to: [{ base: base1 }],
	})).data.name;
	await Promise.all([admin.close(), b1.close(), officer.close()]);
});

after(async () => browser && (await browser.close()));

async function clickAction(page, label) {
	await page.getByRole("button", { name: /操作|Actions/ }).first().click();
	await page.locator(".dropdown-menu.show .dropdown-item, .dropdown-menu.show a").filter({ hasText: label }).first().click();
}

async function waitForState(page, zh) {
	// the form's state pill (the page keeps other, hidden pills of earlier views)
	await page.waitForFunction(
		(s) => [...document.querySelectorAll(".page-head .indicator-pill")].some((e) => e.offsetParent && e.innerText.includes(s)),
		zh,
		{ timeout: 30000 },
	);
}

test("a base the need was not pushed to does not see it", async () => {
	const other = await session(users.base2);
	const page = await other.newPage();
	await page.goto(`${BASE}/app/enterprise-need`);
	await page.waitForSelector(".list-row-container, .no-result", { timeout: 30000 });
	assert.ok(!(await page.locator("body").innerText()).includes(needTitle), "the need is not in the other base's list");
	const r = await other.request.get(`${BASE}/api/resource/Enterprise Need/${encodeURIComponent(need)}`);
	assert.equal(r.status(), 403);
	await other.close();
});

test("the pushed base answers the need from its form; the enterprise accepts and the district confirms", async () => {
	const b1 = await session(users.base1);
	let page = await b1.newPage();
	await page.goto(`${BASE}/app/enterprise-need`);
	// in its list (the notification of the push carries the title too, hidden in the bell's menu)
	await page.locator(".list-row-container").filter({ hasText: needTitle }).first().waitFor({ timeout: 30000 });
	await page.goto(`${BASE}/app/enterprise-need/${encodeURIComponent(need)}`);
	await page.getByText("企业需求").first().waitFor({ timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}platform-1-need-seen-by-base.png` });
	await page.getByRole("button", { name: "提出对接方案" }).click();
	await page.waitForURL(/\/app\/cooperation-match\/new/, { timeout: 30000 });
	await page.waitForFunction(() => window.cur_frm?.doc?.doctype === "Cooperation Match" && cur_frm.doc.need, null, { timeout: 30000 });
	assert.deepEqual(await page.evaluate(() => [cur_frm.doc.need, cur_frm.doc.base]), [need, base1]);
	await page.locator('[data-fieldname="proposal"] textarea').fill("推荐德国研究所团队联合攻关，并引入其技术成果。");
	// a proposal names at least one of the base's overseas resources: picked in the table's link field
	await page.locator('[data-fieldname="resources"] .grid-add-row').click();
	const column = page.locator('[data-fieldname="resources"] .grid-row[data-idx="1"] .grid-static-col[data-fieldname="resource"]');
	await column.click();
	await column.locator("input").fill(resourceTitle);
	await page.locator(".awesomplete [role=option]").filter({ hasText: resourceTitle }).first().click();
	await page.waitForFunction(() => cur_frm.doc.resources?.[0]?.resource, null, { timeout: 10000 });
	await page.keyboard.press("Control+s");
	await page.waitForURL(/\/app\/cooperation-match\/CM-/, { timeout: 30000 });
	const match = decodeURIComponent(page.url().split("/").pop());
	await waitForState(page, "草稿");
	await clickAction(page, "提出对接方案");
	await waitForState(page, "已提出对接方案");
	await b1.close();

	const ent = await session(users.enterprise);
	page = await ent.newPage();
	await page.goto(`${BASE}/app/cooperation-match/${match}`);
	await waitForState(page, "已提出对接方案");
	await clickAction(page, "企业确认对接方案");
	await waitForState(page, "企业已确认");
	await ent.close();

	const officer = await session(users.officer);
	page = await officer.newPage();
	await page.goto(`${BASE}/app/cooperation-match/${match}`);
	await waitForState(page, "企业已确认");
	await clickAction(page, "确认");
	await waitForState(page, "已匹配");
	await page.screenshot({ path: `${SHOTS}platform-2-match-confirmed.png`, fullPage: true });
	const saved = (await call(officer, "GET", `/api/resource/Cooperation Match/${match}`)).data;
	assert.equal(saved.workflow_state, "Matched");
	assert.deepEqual(saved.approval_log.map((e) => [e.action, e.user]), [
		["Propose Match", users.base1], ["Accept Match", users.enterprise], ["Confirm", users.officer],
	]);
	assert.equal((await call(officer, "GET", `/api/resource/Enterprise Need/${encodeURIComponent(need)}`)).data.status, "Matched");
	await officer.close();
});
