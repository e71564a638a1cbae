// Issue #15 item 10: each role's home. Each of the seven roles logs in on the login page (zh) and lands
// on the workspace of their role: its Chinese title, one shortcut of theirs, and no 网站/工具/集成/Build/用户
// in the sidebar. The users, the district and the organisation are prepared through the REST API as
// Administrator. Credit-code series: MH.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, creditCode, ensureUser, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
// role → [role, user, the route it lands on, the workspace's Chinese title, a shortcut of theirs with its count]
const HOMES = {
	applicant: ["Policy Applicant", "homes.applicant@policy.test", "applicant-home", "申报单位工作台", "我的年度报告", /\d+ 件待提交/],
	district: ["District Officer", "homes.district@policy.test", "district-officer-home", "推荐部门工作台", "待确认的年度报告", /\d+ 件待确认/],
	bureau: ["Bureau Officer", "homes.bureau@policy.test", "bureau-officer-home", "科技局经办工作台", "待受理的年度报告", /\d+ 件待受理/],
	leader: ["Bureau Leader", "homes.leader@policy.test", "bureau-leader-home", "科技局领导工作台", "待审批的奖补", /\d+ 件待审批/],
	expert: ["Policy Expert", "homes.expert@policy.test", "my-expert-reviews", "我的专家评审", "待我评审", /\d+ 份待评审/],
	finance: ["Finance Officer", "homes.finance@policy.test", "finance-officer-home", "财务工作台", "待拨付的奖补", /\d+ 件待拨付/],
	admin: ["Policy Administrator", "homes.admin@policy.test", "policy-administrator-home", "政策管理员工作台", "我的待办", /^\d+$/],
};
const FRAPPE_WORKSPACES = ["网站", "工具", "集成", "Build", "用户", "Website", "Tools", "Integrations", "Users"];

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const district = `工作台新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", {
		district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局",
	});
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `工作台科技公司${RUN}`, unified_social_credit_code: creditCode("MH", RUN), recommending_district: district,
		host_kind: "Enterprise",
	})).data.name;
	for (const [key, [role, email]] of Object.entries(HOMES)) {
		const scope = key === "applicant" ? [["Applicant Organization", org]] : key === "district" ? [["District", district]] : [];
		await ensureUser(admin, email, [role], scope);
		// a run before may have left a default workspace of the user's own choosing
		await call(admin, "PUT", `/api/resource/User/${encodeURIComponent(email)}`, { default_workspace: "" });
	}
	await admin.close();
});

after(closeBrowser);

for (const [key, [role, email, route, title, shortcut, count]] of Object.entries(HOMES)) {
	test(`${role} logs in and lands on ${title}`, async () => {
		const anon = await session("Administrator", ADMIN_PASSWORD);
		await anon.clearCookies();
		const page = await anon.newPage();
		await page.goto(`${BASE}/login`);
		await page.locator("#login_email").fill(email);
		await page.locator("#login_password").fill(PASSWORD);
		await page.locator(".btn-login").first().click();
		await page.waitForURL(new RegExp(`/app/${route}$`), { timeout: 30000 });
		// the page's title and the selected sidebar item read the workspace's Chinese title
		await page.locator(".page-title .title-text").filter({ hasText: title }).first().waitFor({ timeout: 30000 });
		await page.locator(".desk-sidebar .sidebar-item-container.selected, .desk-sidebar .standard-sidebar-item.selected")
			.filter({ hasText: title }).first().waitFor({ timeout: 30000 });
		// one shortcut of theirs, with its count of the records waiting for them (scoped by their permissions)
		const widget = page.locator(".widget.shortcut-widget-box").filter({ hasText: shortcut }).first();
		await widget.waitFor({ timeout: 30000 });
		await widget.locator(".indicator-pill").filter({ hasText: count }).first().waitFor({ timeout: 30000 });
		// the number cards on their home have loaded their numbers
		await page.waitForFunction(() => [...document.querySelectorAll(".number-widget-box")].every((c) => /\d/.test(c.innerText)),
			null, { timeout: 30000 });
		const labels = (await page.locator(".desk-sidebar .sidebar-item-label").allInnerTexts()).map((t) => t.trim());
		await page.screenshot({ path: `${SHOTS}homes-${key}.png` });
		assert.ok(labels.includes(title), `${title} in the sidebar: ${labels}`);
		for (const name of FRAPPE_WORKSPACES) assert.ok(!labels.includes(name), `${name} not in ${role}'s sidebar: ${labels}`);
		await anon.close();
	});
}
