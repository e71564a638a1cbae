// Adding people (#15 item 7): the bureau's policy administrator, in a Chinese desk, adds a district
// officer and an expert on the 人员设置 form by its Chinese labels; the kind of user is found by typing
// part of its Chinese name. The new officer then logs in and lands in a Chinese desk that shows the
// organisations of their own department only. Set-up (department, organisations, the administrator,
// the officer's password) by REST as Administrator. Credit-code series: MP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, creditCode, launch, saveForm, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const district = `人员测试部门${RUN}`;
const otherDistrict = `人员测试他部门${RUN}`;
const orgs = { mine: `人员测试本部门企业${RUN}`, other: `人员测试他部门企业${RUN}` };
const users = { admin: `p.admin${RUN}@policy.test`, officer: `p.officer${RUN}@policy.test`, expert: `p.expert${RUN}@policy.test` };

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	for (const name of [district, otherDistrict]) {
		await call(admin, "POST", "/api/resource/District", { district_name: name, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	}
	let seed = Number(RUN);
	for (const [key, d] of [["mine", district], ["other", otherDistrict]]) {
		await call(admin, "POST", "/api/resource/Applicant Organization", {
			organization_name: orgs[key], unified_social_credit_code: creditCode("MP", seed++), recommending_district: d, host_kind: "Enterprise",
		});
	}
	await call(admin, "POST", "/api/resource/User", {
		email: users.admin, first_name: "人员管理员", language: "zh", send_welcome_email: 0, user_type: "System User",
		new_password: PASSWORD, roles: [{ role: "Policy Administrator" }],
	});
	await admin.close();
});

after(closeBrowser);

const exactly = (s) => new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
const control = (page, label) =>
	page.locator(".frappe-control:visible").filter({ has: page.locator(".control-label", { hasText: exactly(label) }) });

async function type(page, label, value) {
	const input = control(page, label).locator("input, textarea").first();
	await input.click();
	await input.fill(String(value));
	await input.press("Tab");
}

// a Link field: type part of what one is looking for, then click the option offered
async function pick(page, label, typed, option) {
	const input = control(page, label).locator("input").first();
	await input.click();
	await input.fill(typed);
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: option }).first().click();
	const fieldname = await control(page, label).getAttribute("data-fieldname");
	await page.waitForFunction((f) => window.cur_frm?.doc[f], fieldname, { timeout: 15000 });
}

async function newPerson(context) {
	const page = await context.newPage();
	await page.goto(`${BASE}/app/policy-user-setup/new`);
	await page.locator(".page-title").filter({ hasText: "人员设置" }).first().waitFor({ timeout: 30000 });
	await control(page, "全名").waitFor({ timeout: 30000 });
	return page;
}

test("the administrator adds a district officer and an expert on one form each, in Chinese", async () => {
	const admin = await session(users.admin);
	let page = await newPerson(admin);
	await type(page, "全名", "王推荐");
	await type(page, "E-mail", users.officer);
	await type(page, "手机", `137${RUN}1`.slice(0, 11));
	// 推荐 finds the district officer's kind by its Chinese name
	await pick(page, "人员类别", "推荐", "推荐部门经办人角色模板");
	assert.equal(await control(page, "人员类别").locator("input").first().inputValue(), "推荐部门经办人角色模板");
	await pick(page, "组织推荐部门", district, district);
	await page.screenshot({ path: `${SHOTS}people-1-officer-filled.png`, fullPage: true });
	await saveForm(page);
	assert.equal(await page.evaluate(() => cur_frm.doc.user), users.officer);
	await page.screenshot({ path: `${SHOTS}people-2-officer-saved.png`, fullPage: true });
	await page.close();

	page = await newPerson(admin);
	await type(page, "全名", "赵专家");
	await type(page, "E-mail", users.expert);
	await pick(page, "人员类别", "专家", "评审专家角色模板");
	await type(page, "专业领域", "人工智能, 生物医药");
	await type(page, "工作单位", "西北大学");
	await type(page, "回避单位", orgs.other);
	await saveForm(page);
	const expert = await page.evaluate(() => cur_frm.doc.expert);
	assert.ok(expert, "the expert profile is linked on the form");
	await page.screenshot({ path: `${SHOTS}people-3-expert-saved.png`, fullPage: true });
	await page.close();
	await admin.close();

	const root = await session("Administrator", ADMIN_PASSWORD);
	const officer = (await call(root, "GET", `/api/resource/User/${encodeURIComponent(users.officer)}`)).data;
	const zone = (await call(root, "GET", "/api/method/frappe.client.get_value?doctype=System%20Settings&fieldname=time_zone")).message.time_zone;
	assert.equal(officer.language, "zh");
	assert.equal(officer.time_zone, zone);
	assert.notEqual(officer.time_zone, "Asia/Kolkata");
	assert.equal(officer.role_profile_name, "District Officer Profile");
	const profile = (await call(root, "GET", `/api/resource/Policy Expert/${expert}`)).data;
	assert.equal(profile.user, users.expert);
	assert.equal(profile.technical_fields, "人工智能, 生物医药");
	assert.equal(profile.employer, "西北大学");
	assert.equal(profile.declared_conflicts, orgs.other);
	// the officer's first password, as they would set it from the welcome email
	await call(root, "PUT", `/api/resource/User/${encodeURIComponent(users.officer)}`, { new_password: PASSWORD });
	await root.close();
});

test("the new officer logs in to a Chinese desk that shows their own department's organisations", async () => {
	const officer = await session(users.officer);
	const page = await officer.newPage();
	await page.goto(`${BASE}/app/applicant-organization`);
	await page.locator(".page-title").filter({ hasText: "申报单位" }).first().waitFor({ timeout: 30000 });
	const boot = await page.evaluate(() => ({ lang: frappe.boot.lang, zone: frappe.boot.time_zone?.user }));
	assert.equal(boot.lang, "zh");
	assert.notEqual(boot.zone, "Asia/Kolkata");
	await page.locator(".list-row-container").filter({ hasText: orgs.mine }).first().waitFor({ timeout: 30000 });
	const list = await page.locator(".frappe-list").innerText();
	assert.ok(list.includes(orgs.mine), "their department's organisation is listed");
	assert.ok(!list.includes(orgs.other), "another department's organisation is not");
	await page.screenshot({ path: `${SHOTS}people-4-officer-desk.png`, fullPage: true });
	await officer.close();
});
