// A major change request through its three sign-offs, in the desk, in Chinese, each step by the person
// whose step it is (#19 items 2 and 8, #15's browser tier; QD §16–17 附件2, ZJ §16, XX-BASE §14,
// XX-INC §12). The applicant picks the base: 基地名称, 负责人 and 外方合作单位 come from it, 合作国别 stays
// empty, the matter is picked by its name in the 调整事项 column; the host unit signs with its opinion and
// 提交. The district officer finds the request locked except its own opinion, writes it, saves and
// 推荐; the bureau officer writes the cooperation division's opinion, saves and 批准. Every field is
// found by its visible label. The base and the people are prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, clickAction, closeBrowser, creditCode, ensureUser, launch, control, exactly, pick, saveForm, session, setDate, type, waitForState } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const users = { applicant: "b.mcr.applicant@policy.test", officer: "b.mcr.officer@policy.test", bureau: "b.mcr.bureau@policy.test" };
const baseName = `青岛市中德智能制造国际合作基地${RUN}`;
let record;

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const district = `变更浏览器推荐部门${RUN}`;
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "青岛市科学技术局" });
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `变更浏览器依托单位${RUN}`, unified_social_credit_code: creditCode("MQ", RUN),
		recommending_district: district, host_kind: "Enterprise",
	})).data.name;
	const certified = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
	record = (await call(admin, "POST", "/api/resource/Cooperation Base", {
		organization: org, scheme: "QD-BASE", status: "Active", certified_on: certified,
		base_name: baseName, lead_name: "张伟", foreign_partner: "Fraunhofer IPA",
	})).data.name;
	await ensureUser(admin, users.applicant, ["Policy Applicant"], [["Applicant Organization", org]]);
	await ensureUser(admin, users.officer, ["District Officer"], [["District", district]]);
	await ensureUser(admin, users.bureau, ["Bureau Officer"]);
	await admin.close();
});

after(closeBrowser);






// what a field shows: its input's value when one can type into it, its read-only display otherwise
async function shown(page, label) {
	const c = control(page, label).first();
	const input = c.locator("input:visible, textarea:visible");
	if (await input.count()) return input.first().inputValue();
	return (await c.locator(".control-value, .like-disabled-input").first().innerText()).trim();
}

async function editable(page, label) {
	return (await control(page, label).first().locator("input:visible, textarea:visible").count()) > 0;
}

async function open(context, name) {
	const page = await context.newPage();
	await page.goto(`${BASE}/app/major-change-request/${name}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n && cur_frm.doc.__onload, name, { timeout: 30000 });
	return page;
}

let page;

test("the host unit, the district and the bureau each sign their part by clicking", async () => {
	try {
		await signOffs();
	} catch (e) {
		if (page) await page.screenshot({ path: `${SHOTS}change_request-failed.png`, fullPage: true });
		throw e;
	}
});

async function signOffs() {
	// the applicant: a new request for its base
	const applicant = await session(users.applicant);
	page = await applicant.newPage();
	await page.goto(`${BASE}/app/major-change-request/new`);
	await control(page, "认定记录类型").waitFor({ timeout: 30000 });
	await pick(page, "认定记录类型", "Cooperation", "国际科技合作基地");
	await pick(page, "认定记录", record, record);
	// what the base already says is filled in, not retyped; the partner's country is not guessed
	await page.waitForFunction(() => cur_frm.doc.base_name && cur_frm.doc.lead_name, null, { timeout: 15000 });
	assert.equal(await shown(page, "基地名称"), baseName);
	assert.equal(await shown(page, "负责人"), "张伟");
	assert.equal(await shown(page, "外方合作单位"), "Fraunhofer IPA");
	assert.equal(await shown(page, "合作国别"), "");
	// the matter, picked by its name in the 调整事项 column
	// the table is headed 调整事项 (section 申请调整事项), as its matter column
	const grid = control(page, "调整事项").and(page.locator('[data-fieldtype="Table"]'));
	await grid.locator(".grid-add-row").click();
	const heads = await grid.locator(".grid-heading-row .grid-static-col").allInnerTexts();
	assert.ok(heads.map((h) => h.trim()).includes("调整事项"), `the matter column is headed 调整事项: ${heads}`);
	const cell = grid.locator('.grid-row[data-idx="1"] .grid-static-col[data-fieldname="matter"]');
	await cell.click();
	await cell.locator("select").selectOption({ label: "负责人调整" });
	await page.waitForFunction(() => cur_frm.doc.matters?.[0]?.matter === "lead", null, { timeout: 15000 });
	// 调整后 typed into and left, as a person does; the grid may still be redrawing the row after the
	// matter was picked (the box typed into is then gone), so the person looks and types again
	const after = grid.locator('.grid-row[data-idx="1"] .grid-static-col[data-fieldname="new_value"]');
	for (let attempt = 1; ; attempt++) {
		await after.click();
		const box = after.locator("textarea:visible, input:visible").first();
		await box.fill("李娜");
		await box.evaluate((el) => el.blur());
		const typed = await page.waitForFunction(() => cur_frm.doc.matters?.[0]?.matter === "lead" && cur_frm.doc.matters[0].new_value === "李娜", null, { timeout: 5000 }).then(() => true, () => false);
		if (typed) break;
		assert.ok(attempt < 3, "调整后 keeps what was typed");
	}
	// today, given through the date field's own control (its datepicker's format is the user's)
	await setDate(page, "变更发生日期", await page.evaluate(() => frappe.datetime.get_today()));
	await type(page, "申请调整内容及理由", "原负责人调任，依托单位决定由李娜接任基地负责人。");
	await type(page, "依托单位审核意见", "同意申请调整。");
	await page.screenshot({ path: `${SHOTS}change_request-1-applicant-filled.png`, fullPage: true });
	await saveForm(page);
	await page.waitForURL(/\/app\/major-change-request\/MCR-/, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}change_request-2-applicant-saved.png`, fullPage: true });
	const name = await page.evaluate(() => cur_frm.doc.name);
	// the grid shows the matter's name, never its code
	const matterCell = grid.locator('.grid-row[data-idx="1"] .grid-static-col[data-fieldname="matter"]');
	await matterCell.filter({ hasText: "负责人调整" }).waitFor({ timeout: 15000 });
	assert.doesNotMatch(await matterCell.innerText(), /\blead\b/);
	await clickAction(page, "提交");
	await waitForState(page, "已提交推荐部门");
	await page.screenshot({ path: `${SHOTS}change_request-3-host-unit-signed.png`, fullPage: true });
	await applicant.close();

	// the district officer: only its own opinion is open; saved, then 推荐
	const officer = await session(users.officer);
	page = await open(officer, name);
	await waitForState(page, "已提交推荐部门");
	assert.equal(await editable(page, "推荐部门意见"), true, "the district writes its opinion");
	for (const label of ["申请调整内容及理由", "依托单位审核意见", "科技合作处审核意见", "负责人"]) {
		assert.equal(await editable(page, label), false, `${label} is locked for the district`);
	}
	assert.equal(await control(page, "调整事项").and(page.locator('[data-fieldtype="Table"]')).locator(".grid-add-row:visible").count(), 0,
		"the matters cannot be added to");
	await type(page, "推荐部门意见", "情况属实，同意推荐。");
	await saveForm(page);
	await page.screenshot({ path: `${SHOTS}change_request-4-district-opinion-saved.png`, fullPage: true });
	await clickAction(page, "推荐");
	await waitForState(page, "已推荐");
	await page.screenshot({ path: `${SHOTS}change_request-5-district-recommended.png`, fullPage: true });
	await officer.close();

	// the bureau officer: the cooperation division's opinion, saved, then 批准
	const bureau = await session(users.bureau);
	page = await open(bureau, name);
	await waitForState(page, "已推荐");
	assert.equal(await editable(page, "科技合作处审核意见"), true, "the bureau writes its opinion");
	for (const label of ["推荐部门意见", "申请调整内容及理由", "依托单位审核意见"]) {
		assert.equal(await editable(page, label), false, `${label} is locked for the bureau`);
	}
	await type(page, "科技合作处审核意见", "同意调整。");
	await saveForm(page);
	await page.screenshot({ path: `${SHOTS}change_request-6-bureau-opinion-saved.png`, fullPage: true });
	await clickAction(page, "批准");
	await waitForState(page, "已批准");
	// the three sign-offs, each under its own label
	await page.waitForFunction(() => cur_frm.doc.__onload && cur_frm.doc.workflow_state === "Approved", null, { timeout: 30000 });
	for (const [label, opinion] of [["依托单位审核意见", "同意申请调整。"], ["推荐部门意见", "情况属实，同意推荐。"], ["科技合作处审核意见", "同意调整。"]]) {
		assert.equal(await shown(page, label), opinion, `${label} on the form`);
	}
	await control(page, "依托单位审核意见").first().scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}change_request-7-bureau-approved.png`, fullPage: true });
	await bureau.close();

	// the base now names the new lead
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const base = (await call(admin, "GET", `/api/resource/Cooperation Base/${record}`)).data;
	assert.equal(base.lead_name, "李娜");
	await admin.close();
}
