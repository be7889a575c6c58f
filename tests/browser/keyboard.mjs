// A keyboard-only walk through the built site:  node keyboard.mjs SITE_DIR SPEC.json
// SPEC: {"query": "words to search for", "title": "text in the first result's title"}
// From the home page: "/" to the search, type, arrow to a result, Enter; Tab to Practice,
// Enter; Tab to "Show answer", Enter; Tab to a grade, Enter; then Space and a digit. No mouse
// at any step. Every stop of Tab must show where the focus is, the focus must land where a
// keyboard user expects it after each step, and the controls must say what they do. Prints
// failures, exits 1 on any.
import { launch, open } from "./browser.mjs";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const [site, specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const failures = [];
const fail = (m) => { failures.push(m); console.log("FAIL " + m); };
const check = (ok, m) => { if (!ok) fail(m); };

// What has the focus, and whether it is drawn: an outline or a ring (box-shadow) on it.
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    id: el.id, tag: el.tagName, cls: el.className, text: (el.textContent || "").trim().slice(0, 40),
    shown: outline || style.boxShadow !== "none",
  };
});
const describe = (f) => `${f.tag}#${f.id}.${f.cls} "${f.text}"`;

// Tab until `want(focused)` holds (at most `limit` presses); every stop must show its focus.
async function tabTo(page, want, what, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (f.tag === "BODY") continue;
    check(f.shown, `no visible focus on ${describe(f)}`);
    if (want(f)) return f;
  }
  throw new Error(`Tab never reached ${what}`);
}

const browser = await launch();
for (const dark of [false, true]) {
  const scheme = dark ? "dark" : "light";
  const { context, page, errors } = await open(browser, { dark });
  await page.emulateMedia({ reducedMotion: "reduce" });
  try {
    // ---- search -> result ----
    await page.goto("file://" + resolve(site, "index.html"));
    const skip = await tabTo(page, () => true, "the first control");
    check(/Skip to content/.test(skip.text), `${scheme}: the first Tab stop is ${describe(skip)}, not the skip link`);
    await page.keyboard.press("Escape");
    await page.keyboard.press("/");
    check((await focused(page)).id === "search", `${scheme}: "/" does not reach the search`);
    await page.keyboard.type(spec.query);
    await page.waitForFunction(() => document.querySelectorAll("#search-results [role=option]").length > 0, null, { timeout: 5000 });
    const live = await page.$eval("#search-live", (e) => e.textContent);
    check(/\d+ results?/.test(live), `${scheme}: the count is not in the live region: "${live}"`);
    await page.keyboard.press("ArrowDown");
    const active = await page.evaluate(() => {
      const input = document.activeElement, id = input.getAttribute("aria-activedescendant");
      const option = id && document.getElementById(id);
      return option ? { title: option.querySelector(".search-title").textContent, href: option.dataset.href } : null;
    });
    check(active && active.title.includes(spec.title), `${scheme}: the first result is ${JSON.stringify(active)}`);
    await Promise.all([page.waitForURL(/\.html#/), page.keyboard.press("Enter")]);
    const hash = decodeURIComponent(new URL(page.url()).hash.slice(1));
    check(await page.evaluate((id) => !!document.getElementById(id), hash), `${scheme}: the result's question #${hash} is not on the page`);

    // ---- result -> practice ----
    // Forward from the question: past its permalinks and the rest of the page, round to the header.
    await tabTo(page, (f) => f.cls.includes("nav-practice"), "the Practice link", 200);
    await Promise.all([page.waitForURL(/practice\/index\.html/), page.keyboard.press("Enter")]);
    await page.waitForSelector("#practice-card:not([hidden])", { timeout: 5000 });

    // ---- practice -> grade ----
    check(await page.$eval("#practice-timer", (t) => t.getAttribute("role") === "timer" && t.getAttribute("aria-live") !== "polite" && t.getAttribute("aria-live") !== "assertive"),
      `${scheme}: the timer would be read out as it ticks`);
    const where = await page.$eval("#practice-where a", (a) => a.href);
    await tabTo(page, (f) => f.id === "reveal", "Show answer");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#practice-answer:not([hidden])");
    check((await focused(page)).id === "practice-answer", `${scheme}: the shown answer does not get the focus`);
    check(await page.$eval("#practice-answer", (a) => a.getAttribute("role") === "region" && !!a.getAttribute("aria-label")),
      `${scheme}: the answer is no named region`);
    // Each grade says what it does and when the card comes back.
    for (const [grade, name] of [["Again", /^Again — did not know it, back in a few cards$/], ["Hard", /^Hard — knew it with effort, back in \d+ days?$/],
      ["Good", /^Good — knew it, back in \d+ days?$/], ["Easy", /^Easy — knew it at once, back in \d+ days?$/]]) {
      check(await page.getByRole("button", { name }).count() === 1, `${scheme}: no ${grade} button named ${name}`);
    }
    const good = await tabTo(page, (f) => f.tag === "BUTTON" && f.text.startsWith("Good"), "the Good button", 60);
    check(good.shown, `${scheme}: the Good button shows no focus`);
    await page.keyboard.press("Enter");
    await page.waitForFunction((prev) => document.querySelector("#practice-where a").href !== prev, where, { timeout: 5000 });
    check((await focused(page)).id === "practice-question", `${scheme}: after a grade the focus is not on the next question`);
    const graded = await page.evaluate(() => {
      const raw = localStorage.getItem("prepbook-practice:" + document.documentElement.dataset.siteKey);
      return Object.values(JSON.parse(raw).cards).map((r) => r.grade);
    });
    check(JSON.stringify(graded) === '["good"]', `${scheme}: stored grades ${JSON.stringify(graded)}`);

    // The keys the page lists: Space shows the answer, a digit grades.
    const second = await page.$eval("#practice-where a", (a) => a.href);
    await page.keyboard.press("Space");
    await page.waitForSelector("#practice-answer:not([hidden])");
    await page.keyboard.press("1");
    await page.waitForFunction((prev) => document.querySelector("#practice-where a").href !== prev, second, { timeout: 5000 });

    // Less motion asked for, none given: the time-up pulse does not run.
    const pulse = await page.evaluate(() => {
      const card = document.getElementById("practice-card");
      card.classList.add("timer-done");
      const name = getComputedStyle(card).animationName;
      card.classList.remove("timer-done");
      return name;
    });
    check(pulse === "none", `${scheme}: with reduced motion the card still animates (${pulse})`);
  } catch (e) {
    fail(`${scheme}: ${e.stack || e}`);
  }
  check(!errors.length, `${scheme}: page errors ${JSON.stringify(errors)}`);
  await context.close();
}
await browser.close();
console.log(failures.length ? `keyboard: ${failures.length} failures` : "keyboard: all checks passed");
process.exit(failures.length ? 1 : 0);
