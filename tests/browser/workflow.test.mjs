// A district officer and a bureau officer move one XX-SVC application with the workflow buttons of
// the desk; the test reads the new state on the page. The case is prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, clickAction, closeBrowser, creditCode, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);

let app;
const district = `浏览器测试新城${RUN}`;
const users = { applicant: `b.applicant${RUN}@policy.test`, officer: `b.officer${RUN}@policy.test`, bureau: `b.bureau${RUN}@policy.test` };

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `浏览器测试科技服务公司${RUN}`, unified_social_credit_code: creditCode("MB", RUN), recommending_district: district, host_kind: "Enterprise",
	})).data.name;
	const roles = { applicant: "Policy Applicant", officer: "District Officer", bureau: "Bureau Officer" };
	for (const [key, email] of Object.entries(users)) {
		await call(admin, "POST", "/api/resource/User", {
			email, first_name: key, language: "zh", send_welcome_email: 0, user_type: "System User", new_password: PASSWORD, roles: [{ role: roles[key] }],
		});
	}
	await call(admin, "POST", "/api/resource/User Permission", { user: users.applicant, allow: "Applicant Organization", for_value: org });
	await call(admin, "POST", "/api/resource/User Permission", { user: users.officer, allow: "District", for_value: district });
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	const cfa = (await call(admin, "POST", "/api/resource/Call for Applications", {
		title: `科技服务示范机构申报 ${RUN}`, scheme: "XX-SVC", year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
	})).data.name;

	const applicant = await session(users.applicant);
	app = (await call(applicant, "POST", "/api/resource/Service Institution Application", {
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
});

after(closeBrowser);

async function stateOnPage(page) {
	return (await page.locator(".indicator-pill").first().innerText()).trim();
}

test("the district officer recommends and the bureau officer accepts, by clicking", async () => {
	const officer = await session(users.officer);
	let page = await officer.newPage();
	await page.goto(`${BASE}/app/service-institution-application/${app.name}`);
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("已提交推荐部门"), null, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}workflow-1-district-before.png` });
	await clickAction(page, "推荐");
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("待科技局受理"), null, { timeout: 30000 });
	assert.match(await stateOnPage(page), /待科技局受理/);
	await page.screenshot({ path: `${SHOTS}workflow-2-district-after.png` });
	await officer.close();

	const bureau = await session(users.bureau);
	page = await bureau.newPage();
	await page.goto(`${BASE}/app/service-institution-application/${app.name}`);
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("待科技局受理"), null, { timeout: 30000 });
	await clickAction(page, "受理");
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("已受理"), null, { timeout: 30000 });
	assert.match(await stateOnPage(page), /已受理/);
	await page.getByText("审批记录").first().scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}workflow-3-bureau-accepted.png`, fullPage: true });
	const body = await page.locator("body").innerText();
	assert.ok(body.includes("经审查，材料齐全，同意推荐。"), "the district's opinion is on the form");
	await bureau.close();
});
