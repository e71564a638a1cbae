// An applicant in the desk, in Chinese: the 申报单位 field of a new application offers their own
// organisation and never another district's, however they type (the link search keeps the app's
// scoping); the user list shows nobody but themselves (专家信息保密).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, closeBrowser, creditCode, ensureUser, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const mine = `范围测试本单位${RUN}`;
const theirs = `范围测试他区单位${RUN}`;
const applicant = "b.scope.applicant@policy.test";

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const districts = [`范围测试甲区${RUN}`, `范围测试乙区${RUN}`];
	for (const d of districts) {
		await call(admin, "POST", "/api/resource/District", { district_name: d, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	}
	const orgs = [];
	for (const [i, name] of [mine, theirs].entries()) {
		orgs.push((await call(admin, "POST", "/api/resource/Applicant Organization", {
			organization_name: name, unified_social_credit_code: creditCode("ME", (Number(RUN) % 4000000) * 2 + i), recommending_district: districts[i], host_kind: "Enterprise",
		})).data.name);
	}
	await ensureUser(admin, applicant, ["Policy Applicant"], [["Applicant Organization", orgs[0]]]);
	await admin.close();
});

after(closeBrowser);

// the input of the form field whose label a person reads
function field(page, label) {
	return page.locator(".frappe-control").filter({ has: page.locator(".control-label", { hasText: new RegExp(`^${label}$`) }) }).locator("input").first();
}

async function offered(page, input, typed) {
	await input.click();
	await input.fill(typed);
	// the dropdown answers the typing; an empty answer shows no option
	await page.waitForTimeout(1500);
	return page.locator(".awesomplete [role=option]:visible").allInnerTexts();
}

test("the applicant's 申报单位 field offers their own organisation only", async () => {
	const context = await session(applicant);
	const page = await context.newPage();
	await page.goto(`${BASE}/app/service-institution-application/new`);
	const input = field(page, "申报单位");
	await input.waitFor({ timeout: 30000 });
	const both = await offered(page, input, "范围测试");
	await page.screenshot({ path: `${SHOTS}scoping-1-own-organisation-offered.png` });
	assert.ok(both.some((t) => t.includes(mine)), `their own organisation is offered: ${both}`);
	assert.ok(!both.some((t) => t.includes(theirs)), `another district's organisation is not: ${both}`);
	const other = await offered(page, input, theirs);
	assert.ok(!other.some((t) => t.includes(theirs)), `typed in full, still not offered: ${other}`);
	await page.screenshot({ path: `${SHOTS}scoping-2-other-organisation-not-found.png` });
	await context.close();
});

test("the applicant's user list shows only themselves", async () => {
	const context = await session(applicant);
	const page = await context.newPage();
	await page.goto(`${BASE}/app/user`);
	// the list's rows once loaded (its empty placeholder shows while the first page is fetched)
	await page.waitForFunction(() => window.cur_list?.doctype === "User" && cur_list.data && !cur_list.list_view_settings_loading && document.querySelector(".list-row-container .list-subject a[data-name]"), null, { timeout: 30000 }).catch(() => {});
	const rows = await page.locator(".list-row-container .list-subject a[data-name]").evaluateAll((as) => as.map((a) => a.dataset.name));
	await page.screenshot({ path: `${SHOTS}scoping-3-user-list.png` });
	assert.deepEqual([...new Set(rows)], [applicant]);
	await context.close();
});
