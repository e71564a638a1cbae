// A bureau officer previews and publishes an XX-INC evaluation round from the desk. Both buttons put a
// job on Frappe's queue (run.sh starts a worker); the form follows it with a progress bar and reloads.
// The carriers and their confirmed evaluations are prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, creditCode, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const YEAR = 2000 + (Number(RUN) % 90); // a year no other run of this test used

let round;
const bureauUser = `e.bureau${RUN}@policy.test`;
const scores = [95, 70, 50];

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const district = `评估浏览器新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	for (const [i, score] of scores.entries()) {
		const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
			organization_name: `评估浏览器孵化器${RUN}-${i}`, unified_social_credit_code: creditCode("MC", `${RUN.slice(-6)}${i}`),
			recommending_district: district, host_kind: "Enterprise",
		})).data.name;
		const carrier = (await call(admin, "POST", "/api/resource/Incubation Carrier", {
			organization: org, scheme: "XX-INC", base_type: "incubator", status: "Active", certified_on: "1999-06-01", valid_until: "2099-12-31",
		})).data.name;
		let ev = (await call(admin, "POST", "/api/resource/Policy Evaluation", {
			scheme: "XX-INC", year: YEAR, record_doctype: "Incubation Carrier", record_name: carrier,
			items: [{ item_code: "expert_score", judged_points: score }],
		})).data;
		for (const action of ["Send to Experts", "Submit Scores", "Confirm"]) {
			ev = (await call(admin, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc: ev, action })).message;
		}
	}
	await call(admin, "POST", "/api/resource/User", {
		email: bureauUser, first_name: "bureau", language: "zh", send_welcome_email: 0, user_type: "System User",
		new_password: PASSWORD, roles: [{ role: "Bureau Officer" }],
	});
	round = (await call(admin, "POST", "/api/resource/Evaluation Round", { scheme: "XX-INC", year: YEAR })).data.name;
	await admin.close();
});

after(closeBrowser);

async function statusIs(page, text) {
	await page.waitForFunction(
		(t) => document.querySelector('.frappe-control[data-fieldname="status"]')?.innerText.includes(t),
		text,
		{ timeout: 90000 },
	);
}

test("the bureau officer previews then publishes a round, and it runs on the queue", async () => {
	const bureau = await session(bureauUser);
	const page = await bureau.newPage();
	await page.goto(`${BASE}/app/evaluation-round/${round}`);
	await statusIs(page, "草稿");
	await page.getByRole("button", { name: "预览等次" }).click();
	await statusIs(page, "已预览");
	const grid = page.locator('[data-fieldname="results"]');
	await grid.getByText(`评估浏览器孵化器${RUN}-0`).first().waitFor({ timeout: 30000 });
	const text = await page.locator("body").innerText();
	assert.ok(text.includes("优秀 1，合格 1，不合格 1"), "the summary of the preview is on the form");
	await page.screenshot({ path: `${SHOTS}evaluation-1-preview.png`, fullPage: true });

	await page.getByRole("button", { name: "发布" }).click();
	await page.locator(".modal.show .btn-primary").filter({ hasText: /是|Yes/ }).click();
	await statusIs(page, "已发布");
	await page.screenshot({ path: `${SHOTS}evaluation-2-published.png`, fullPage: true });
	// published once: the publish button is gone and the rewards exist
	assert.equal(await page.getByRole("button", { name: "发布" }).count(), 0);
	const rewards = await call(bureau, "GET", `/api/resource/Policy Reward?filters=${encodeURIComponent(JSON.stringify([["evaluation_round", "=", round]]))}&fields=${encodeURIComponent('["rule","amount"]')}`);
	const got = rewards.data.map((r) => `${r.rule}:${r.amount}`).sort();
	assert.deepEqual(got, ["inc_first_excellent:300000", "inc_first_pass:100000"]);
	await bureau.close();
});
