// The cooperation platform in the desk (XX-BASE §11–12): a district pushes an enterprise's need to
// one base; that base sees it in Chinese and answers it with the form's own button; the enterprise
// accepts and the district confirms by clicking. A base the need was not pushed to never sees it.
// The people and the need are prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, clickAction, closeBrowser, creditCode, ensureUser, launch, saveForm, session, waitForState } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);

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
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const districts = [`对接浏览器新城${RUN}`, `对接浏览器另一新城${RUN}`];
	for (const district_name of districts) {
		await call(admin, "POST", "/api/resource/District", {
			district_name, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局",
		});
	}
	const org = async (name, district, n) => (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `${name}${RUN}`, unified_social_credit_code: creditCode("MD", `${n}${RUN.slice(-6)}`),
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
		const permission = key === "officer" ? ["District", districts[0]] : ["Applicant Organization", orgs[key]];
		await ensureUser(admin, email, [roles[key]], [permission]);
	}
	const b1 = await session(users.base1);
	await call(b1, "POST", "/api/resource/Overseas Resource", {
		base: base1, resource_kind: "Project Willing to Land", title: resourceTitle, resource_country: "Germany",
		collected_on: new Date().toISOString().slice(0, 10), evidence: "/private/files/platform-evidence.pdf",
	});
	const officer = await session(users.officer);
	need = (await call(officer, "POST", "/api/resource/Enterprise Need", {
		title: needTitle, need_type: "Technology Breakthrough", technical_field: "高端装备", enterprise: orgs.enterprise,
		budget: 3000000, description: "寻求海外团队联合攻关精密减速器寿命问题。", pushed_to: [{ base: base1 }],
	})).data.name;
	await Promise.all([admin.close(), b1.close(), officer.close()]);
});

after(closeBrowser);

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
	await saveForm(page);
	await page.waitForURL(/\/app\/cooperation-match\/CM-/, { timeout: 30000 });
	const match = decodeURIComponent(page.url().split("/").pop());
	await waitForState(page, "草稿");
	await clickAction(page, "提出对接方案");
	await waitForState(page, "已提出对接方案");
	await b1.close();

	// the enterprise accepts, then the district confirms, each from the form's 操作 menu
	const moves = [
		[users.enterprise, "已提出对接方案", "企业确认对接方案", "企业已确认"],
		[users.officer, "企业已确认", "确认", "已匹配"],
	];
	let officer;
	for (const [user, from, action, to] of moves) {
		const context = await session(user);
		page = await context.newPage();
		await page.goto(`${BASE}/app/cooperation-match/${match}`);
		await waitForState(page, from);
		await clickAction(page, action);
		await waitForState(page, to);
		if (user === users.officer) officer = context;
		else await context.close();
	}
	await page.screenshot({ path: `${SHOTS}platform-2-match-confirmed.png`, fullPage: true });
	const saved = (await call(officer, "GET", `/api/resource/Cooperation Match/${match}`)).data;
	assert.equal(saved.workflow_state, "Matched");
	assert.deepEqual(saved.approval_log.map((e) => [e.action, e.user]), [
		["Propose Match", users.base1], ["Accept Match", users.enterprise], ["Confirm", users.officer],
	]);
	assert.equal((await call(officer, "GET", `/api/resource/Enterprise Need/${encodeURIComponent(need)}`)).data.status, "Matched");
	await officer.close();
});
