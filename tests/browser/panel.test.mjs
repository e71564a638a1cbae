// Issue #15 item 4: the expert panel in the desk. The bureau officer opens an accepted XX-SVC
// application in 专家评审, clicks 抽取评审专家, fills the dialog by its labels and sees the panel table;
// an expert logs in, lands on their own reviews, opens the review, scores and submits it; the officer
// sees the panel's mean. The case and the experts are prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, creditCode, dialogControl, ensureUser, launch, openedDialog, session, submitReview, waitForState } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const DT = "Service Institution Application";
const ROUTE = "service-institution-application";
// a field of this run's experts only, so experts of other runs never join the panel
const FIELD = `面板浏览器测试${RUN}`;
const users = {
	applicant: "panel.applicant@policy.test",
	officer: "panel.officer@policy.test",
	bureau: "panel.bureau@policy.test",
	experts: ["panel.expert.a@policy.test", "panel.expert.b@policy.test", "panel.expert.c@policy.test"],
};
let app;

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const district = `专家面板新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", {
		district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局",
	});
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `专家面板科技服务公司${RUN}`, unified_social_credit_code: creditCode("MQ", RUN), recommending_district: district,
		host_kind: "Enterprise",
	})).data.name;
	await ensureUser(admin, users.applicant, ["Policy Applicant"], [["Applicant Organization", org]]);
	await ensureUser(admin, users.officer, ["District Officer"], [["District", district]]);
	await ensureUser(admin, users.bureau, ["Bureau Officer"]);
	for (const [i, email] of users.experts.entries()) {
		await ensureUser(admin, email, ["Policy Expert"]);
		const filters = encodeURIComponent(JSON.stringify([["user", "=", email]]));
		const known = (await call(admin, "GET", `/api/resource/Policy Expert?filters=${filters}`)).data;
		const body = { user: email, expert_name: `面板专家${"甲乙丙"[i]}`, active: 1, technical_fields: `科技服务, ${FIELD}` };
		if (known.length) await call(admin, "PUT", `/api/resource/Policy Expert/${encodeURIComponent(known[0].name)}`, body);
		else await call(admin, "POST", "/api/resource/Policy Expert", body);
	}
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	const cfa = (await call(admin, "POST", "/api/resource/Call for Applications", {
		title: `专家面板科技服务示范机构申报 ${RUN}`, scheme: "XX-SVC", year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
	})).data.name;
	const applicant = await session(users.applicant);
	app = (await call(applicant, "POST", `/api/resource/${DT}`, {
		call_for_applications: cfa, organization: org, base_type: "professional", pledge_accepted: 1,
		registered_taxed_counted_in_area: 1, independent_legal_person: 1, fixed_premises: 1, sound_structure: 1, sound_rules: 1,
		annual_service_revenue: 800000, application_reason: "服务业绩显著。",
	})).data.name;
	let doc = (await call(applicant, "GET", `/api/resource/${DT}/${app}`)).data;
	await call(applicant, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc, action: "Submit" });
	const file = (await call(applicant, "POST", "/api/resource/File", {
		file_name: `${app}-signed.pdf`, content: "JVBERi0xLjQgc2lnbmVk", decode: 1, is_private: 1, attached_to_doctype: DT, attached_to_name: app,
	})).data;
	await call(applicant, "POST", "/api/method/policy_app.recognition.api.attach_signed_scan", { doctype: DT, name: app, file_url: file.file_url });
	const officer = await session(users.officer);
	doc = (await call(officer, "GET", `/api/resource/${DT}/${app}`)).data;
	doc.formal_review.forEach((row) => (row.result = "Pass"));
	doc = (await call(officer, "PUT", `/api/resource/${DT}/${app}`, {
		formal_review: doc.formal_review, recommendation_opinion: "经审查，材料齐全，同意推荐。",
	})).data;
	await call(officer, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc, action: "Recommend" });
	// the bureau officer's acceptance and the start of the review (their steps in workflow.test.mjs)
	const bureau = await session(users.bureau);
	for (const action of ["Accept", "Start Expert Review"]) {
		doc = (await call(bureau, "GET", `/api/resource/${DT}/${app}`)).data;
		await call(bureau, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc, action });
	}
	await Promise.all([admin.close(), applicant.close(), officer.close(), bureau.close()]);
});

after(closeBrowser);

async function panelTable(page) {
	const table = page.locator(".expert-panel-table");
	await table.waitFor({ timeout: 30000 });
	return table;
}

test("the officer draws the panel in a dialog, an expert scores from their own page, the officer sees the mean", async () => {
	const bureau = await session(users.bureau);
	let page = await bureau.newPage();
	await page.goto(`${BASE}/app/${ROUTE}/${app}`);
	await waitForState(page, "专家评审");
	await page.getByRole("button", { name: "抽取评审专家" }).click();
	const draw = await openedDialog(page, "抽取评审专家");
	const size = dialogControl(draw, "抽取人数").locator("input");
	assert.equal(await size.inputValue(), "3", "the scheme's quorum is the default size");
	await size.fill("3");
	await dialogControl(draw, "专业领域").locator("input").fill(FIELD);
	await dialogControl(draw, "申请回避的专家或单位").locator("textarea").fill("某无关单位");
	await page.screenshot({ path: `${SHOTS}panel-1-dialog.png` });
	await page.locator(".modal.show .btn-primary", { hasText: "抽取" }).click();
	let table = await panelTable(page);
	await page.waitForFunction(() => document.querySelectorAll(".expert-panel-table tbody tr").length === 3, null, { timeout: 30000 });
	const text = await table.innerText();
	for (const name of ["面板专家甲", "面板专家乙", "面板专家丙"]) assert.ok(text.includes(name), `${name} is on the panel`);
	assert.equal((text.match(/待专家评审/g) || []).length, 3);
	await table.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}panel-2-table.png` });
	assert.ok(await page.getByRole("button", { name: "重新抽取" }).isVisible(), "the redraw button is offered");
	await bureau.close();

	// the expert logs in on the login page and lands on their own reviews
	// a fresh context, logged out, so the login page itself sends the expert on
	const anon = await session("Administrator", ADMIN_PASSWORD);
	await anon.clearCookies();
	page = await anon.newPage();
	await page.goto(`${BASE}/login`);
	await page.locator("#login_email").fill(users.experts[0]);
	await page.locator("#login_password").fill(PASSWORD);
	await page.locator(".btn-login").first().click();
	await page.waitForURL(/\/app\/my-expert-reviews/, { timeout: 30000 });
	await page.getByText("待我评审").first().waitFor({ timeout: 30000 });
	const item = page.locator(".quick-list-item").first();
	await item.waitFor({ timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}panel-3-expert-home.png` });
	await item.click();
	await page.waitForURL(/\/app\/expert-review\//, { timeout: 30000 });
	// scores typed in the grid's 得分 cells: XX-SVC criteria 40, 30, 30
	const points = [36, 25, 27];
	await submitReview(page, points, "支持", "服务能力较强，同意支持。", 88);
	await page.screenshot({ path: `${SHOTS}panel-4-expert-submitted.png` });
	await anon.close();

	// the officer sees the review's total and the panel's mean
	const again = await session(users.bureau);
	page = await again.newPage();
	await page.goto(`${BASE}/app/${ROUTE}/${app}`);
	table = await panelTable(page);
	await page.waitForFunction(() => document.querySelector(".expert-panel")?.innerText.includes("88"), null, { timeout: 30000 });
	const panel = await page.locator(".expert-panel").innerText();
	assert.ok(panel.includes("已提交评审意见"), panel);
	assert.match(panel, /得分：88(\.00)?（平均分）/);
	assert.match(panel, /已提交评审意见：1 份（法定人数 3）/);
	await table.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}panel-5-mean.png` });
	await again.close();
});
