// #15 item 3: an applicant opens their application in the desk (zh), clicks 打印 and sees their scheme's
// own print under the document's title — QD 附件1 青岛市国际科技合作基地申请书 for a Qingdao base, the
// layout titled 西咸新区国际科技创新交流合作基地申请书 for a Xixian one — never Frappe's generic print
// (编号规则, 锶). Both are Cooperation Base Applications: the second print must not keep the first one's
// format. Schemes, calls, organisations, users and the two draft applications are set up by REST.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, closeBrowser, creditCode, ensureUser, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const USER = "b.prints.applicant@policy.test";
const cases = {
	"QD-BASE": {
		bureau: "青岛市科学技术局", title: "青岛市国际科技合作基地", other: "西咸新区国际科技创新交流合作基地",
		facts: { base_type: "joint_lab", host_kind: "university", aligned_and_capable: 1, has_stable_overseas_channels: 1,
			has_coop_office: 1, has_cooperation_results: 1, no_serious_integrity_breach: 1, rd_strength: 1 },
	},
	"XX-BASE": {
		bureau: "西咸新区科技创新和新经济局", title: "西咸新区国际科技创新交流合作基地", other: "青岛市国际科技合作基地",
		facts: { base_type: "coop_base", registered_taxed_counted_in_area: 1, independent_legal_person: 1,
			no_dishonesty_record: 1, has_cooperation_capability: 1, has_stable_overseas_channels: 1,
			success_cases_5y: 2, international_staff: 4, cap_space: 1 },
	},
};

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	const orgs = [];
	for (const [i, [scheme, c]] of Object.entries(cases).entries()) {
		await call(admin, "PUT", `/api/resource/Policy Scheme/${scheme}`, { effective_from: "2023-10-01", effective_years: 10 });
		const district = `打印测试${scheme}推荐部门${RUN}`;
		await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: c.bureau });
		c.org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
			organization_name: `打印测试${scheme}依托单位${RUN}`, unified_social_credit_code: creditCode("MR", (Number(RUN) % 4000000) * 2 + i),
			recommending_district: district, host_kind: "Enterprise", registration_date: day(-3 * 365),
		})).data.name;
		orgs.push(["Applicant Organization", c.org]);
		c.call = (await call(admin, "POST", "/api/resource/Call for Applications", {
			title: `打印测试申报通知 ${scheme} ${RUN}`, scheme, year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
		})).data.name;
	}
	await ensureUser(admin, USER, ["Policy Applicant"], orgs);
	await admin.close();
	// the applicant's two drafts (the form itself is walked in applicant_form.test.mjs)
	const applicant = await session(USER);
	for (const [scheme, c] of Object.entries(cases)) {
		c.name = (await call(applicant, "POST", "/api/resource/Cooperation Base Application", {
			call_for_applications: c.call, organization: c.org, base_name: `${scheme}打印测试基地${RUN}`, pledge_accepted: 1, ...c.facts,
		})).data.name;
	}
	await applicant.close();
});

after(closeBrowser);

test("the applicant clicks 打印 and sees their scheme's own application, titled as the document titles it", async () => {
	const context = await session(USER);
	const page = await context.newPage();
	for (const [scheme, c] of Object.entries(cases)) {
		await page.goto(`${BASE}/app/cooperation-base-application/${encodeURIComponent(c.name)}`);
		await page.locator(".form-layout").first().waitFor();
		await page.waitForFunction((name) => window.cur_frm?.doc?.name === name, c.name);
		// the toolbar's printer button (打印), as a person clicks it
		await page.locator('.page-icon-group button[data-original-title="打印"], .page-icon-group button[title="打印"]').first().click();
		await page.waitForURL(/\/app\/print\//);
		const preview = page.frameLocator("iframe.print-format-container");
		await preview.locator(".pa-form h2").first().waitFor({ timeout: 30000 });
		const text = await preview.locator("body").innerText();
		assert.match(text, new RegExp(c.title), `${scheme}: ${text.slice(0, 200)}`);
		assert.match(text, /申\s*请\s*书/);
		assert.ok(text.includes(`${scheme}打印测试基地${RUN}`), `${scheme}: the base's name`);
		assert.ok(!text.includes(c.other), `${scheme} printed under another scheme's title`);
		for (const generic of ["编号规则", "锶", "CBA-.YYYY.-"]) assert.ok(!text.includes(generic), `${scheme}: ${generic}`);
		assert.ok(text.includes("序号") && text.includes("审查结果"), `${scheme}: the eligibility results`);
		await page.screenshot({ path: `${SHOTS}prints-${scheme.toLowerCase()}.png`, fullPage: true });
	}
	await context.close();
});
