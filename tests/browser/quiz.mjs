// Multiple choice in a real browser:  node quiz.mjs SITE_DIR SPEC.json
// SPEC: {"page": the document page with quizzes ("quiz.html"), "doc": its slug,
//        "shots": a folder for screenshots (optional)}
// The page must hold, in order: a single-answer quiz whose first option is wrong, a quiz with
// two right answers, and a question whose options have no key; its first card is the first.
// Checks the document page (pick a wrong option, Check, see it marked and the explanation;
// Try again; two right answers; no key, no quiz; practice mode leaves quizzes alone), the page
// without JavaScript and in print (right options marked, explanation shown), and the practice
// page answered by keyboard alone. Prints failures, exits 1 on any.
import { launch, open } from "./browser.mjs";
import { readFileSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";

const [site, specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const failures = [];
const fail = (m) => { failures.push(m); console.log("FAIL " + m); };
const check = (ok, m) => { if (!ok) fail(m); };
const url = (name) => "file://" + resolve(site, name);
if (spec.shots) mkdirSync(spec.shots, { recursive: true });
// A page (whole) or an element.
const shot = async (target, name) => {
  if (spec.shots) await target.screenshot({ path: `${spec.shots}/${name}.png`, ...(target.goto ? { fullPage: true } : {}) });
};

// What a question's quiz shows: per option its classes and mark, the result, the explanation.
const state = (page, n) => page.evaluate((n) => {
  const q = document.querySelectorAll(".doc .question")[n];
  const fieldset = q.querySelector(":scope > fieldset.quiz");
  const answer = q.querySelector(":scope > .answer");
  const visible = (e) => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  return {
    ready: !!fieldset && fieldset.classList.contains("quiz-ready"),
    options: fieldset ? [...fieldset.querySelectorAll(".choice")].map((li) => ({
      classes: li.className,
      mark: [...li.querySelectorAll(".choice-mark, .choice-key")].filter(visible).map((m) => m.textContent).join(" "),
      input: visible(li.querySelector("input")),
    })) : [],
    result: fieldset && fieldset.querySelector(".quiz-result") ? fieldset.querySelector(".quiz-result").textContent : null,
    button: fieldset && fieldset.querySelector(".quiz-check") && visible(fieldset.querySelector(".quiz-check")) ? fieldset.querySelector(".quiz-check").textContent : null,
    explanation: visible(answer),
    reveal: !!q.querySelector(":scope > .reveal-answer"),
  };
}, n);

const browser = await launch();
for (const [label, opts] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844, mobile: true }]]) {
  for (const dark of [false, true]) {
    const { context, page, offsite, errors } = await open(browser, { ...opts, dark });
    const tag = `${label}-${dark ? "dark" : "light"}`;
    await page.goto(url(spec.page));
    await page.waitForFunction(() => document.querySelector("fieldset.quiz-ready"));

    // 1. Before checking: inputs shown, marks hidden, explanation hidden.
    let s = await state(page, 0);
    check(s.ready && s.options.length >= 2, `${tag}: the first question is a quiz`);
    check(s.options.every((o) => o.input && !o.mark), `${tag}: inputs shown and no option marked before Check: ${JSON.stringify(s.options)}`);
    check(!s.explanation, `${tag}: the explanation waits for Check`);
    check(s.button === "Check", `${tag}: a Check button (${s.button})`);

    // 2. A wrong pick, checked.
    const first = page.locator(".doc .question").nth(0);
    await first.locator(".choice").nth(0).locator("label").click();
    await first.locator(".quiz-check").click();
    s = await state(page, 0);
    check(/choice-wrong/.test(s.options[0].classes) && /wrong/.test(s.options[0].mark), `${tag}: the wrong pick is marked wrong: ${JSON.stringify(s.options[0])}`);
    const right = s.options.findIndex((o) => /choice-right/.test(o.classes));
    check(right > 0 && /right answer/.test(s.options[right].mark), `${tag}: the right option is marked: ${JSON.stringify(s.options)}`);
    check(/^Not quite: the answer is [A-Z]\.$/.test(s.result), `${tag}: the result says so (${s.result})`);
    check(s.explanation, `${tag}: the explanation is revealed`);
    check(s.button === "Try again", `${tag}: Try again offered (${s.button})`);
    await shot(page.locator(".doc .question").nth(0), `quiz-checked-${tag}`);
    if (!dark) await shot(page, `quiz-page-${tag}`);
    // Try again: back to the question.
    await first.locator(".quiz-check").click();
    s = await state(page, 0);
    check(!s.explanation && s.options.every((o) => !o.mark) && s.button === "Check", `${tag}: Try again starts over`);

    // 3. Two right answers: checkboxes; both picked is right.
    s = await state(page, 1);
    check(s.ready, `${tag}: the second question is a quiz`);
    const second = page.locator(".doc .question").nth(1);
    check(await second.locator("input[type=checkbox]").count() === s.options.length, `${tag}: checkboxes for two right answers`);
    for (let i = 0; i < s.options.length; i++) {
      if (/choice-right/.test(s.options[i].classes)) await second.locator(".choice").nth(i).locator("label").click();
    }
    await second.locator(".quiz-check").click();
    s = await state(page, 1);
    check(s.result === "Right." && s.explanation, `${tag}: both right picks are right (${s.result})`);
    check(s.options.filter((o) => /right: your pick/.test(o.mark)).length === 2, `${tag}: both picks marked right`);

    // 4. No key: a list, no quiz, the explanation as usual.
    const unkeyed = page.locator(".doc .question").nth(2);
    check(await unkeyed.locator("fieldset, input, .quiz-check").count() === 0, `${tag}: options without a key are no quiz`);
    check(await unkeyed.locator(".choices .choice").count() >= 2, `${tag}: options without a key are listed`);
    check(await unkeyed.locator(".answer").isVisible(), `${tag}: and the explanation shows`);

    // 5. Practice mode hides other answers, not a quiz's (its Check is its own reveal).
    if (label === "desktop" && !dark) {
      await page.click("#practice-toggle");
      s = await state(page, 0);
      check(!s.reveal && !s.explanation, `practice mode: no Show answer on a quiz, the explanation still waits (${JSON.stringify(s)})`);
      check(await unkeyed.locator(":scope > .reveal-answer").count() === 1, "practice mode: the unkeyed question gets Show answer");
      await page.click("#practice-toggle");
      s = await state(page, 0);
      check(!s.explanation, "practice mode off leaves the quiz's explanation hidden");
      await page.evaluate(() => localStorage.clear());
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${tag}: no sideways scrolling (${overflow}px)`);
    check(!await page.evaluate(() => window.pwned), `${tag}: an option ran script`);
    check(!errors.length && !offsite.length, `${tag}: errors ${JSON.stringify(errors)}, off-site ${JSON.stringify(offsite)}`);
    await context.close();
  }
}

// Without JavaScript, and in print: the right options marked, the explanation shown.
{
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url(spec.page));
  const s = await state(page, 0);
  check(!s.ready && s.options.every((o) => !o.input), "no JavaScript: no inputs");
  check(s.options.some((o) => /right answer/.test(o.mark)) && s.options.filter((o) => o.mark).length === 1, `no JavaScript: the right option marked: ${JSON.stringify(s.options)}`);
  check(s.explanation, "no JavaScript: the explanation shows");
  await shot(page.locator(".doc .question").nth(0), "quiz-no-script");
  await context.close();
}
{
  const { context, page } = await open(browser);
  await page.goto(url(spec.page));
  await page.waitForFunction(() => document.querySelector("fieldset.quiz-ready"));
  await page.emulateMedia({ media: "print" });
  const s = await state(page, 0);
  check(s.options.every((o) => !o.input) && s.options.some((o) => /right answer/.test(o.mark)), `print: options as a list with the right one marked: ${JSON.stringify(s.options)}`);
  check(s.explanation && s.button === null, `print: the explanation, no Check (${JSON.stringify(s)})`);
  await context.close();
}

// The practice page, by keyboard alone: Space asks for a pick, arrows pick, Tab to Check,
// Enter checks (the answer and the grades appear), 3 grades it good.
for (const [label, opts] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844, mobile: true }]]) {
  const { context, page, errors, offsite } = await open(browser, opts);
  await page.goto(url(`practice/index.html?doc=${spec.doc}`));
  await page.waitForFunction(() => !document.getElementById("practice-card").hidden && document.querySelector("#practice-question fieldset.quiz-ready"));
  const id = await page.$eval("#practice-where a", (a) => decodeURIComponent(new URL(a.href).hash.slice(1)));
  check(await page.isHidden("#reveal"), `${label}: a quiz card has no Show answer button`);
  check(await page.isDisabled("button[data-grade=good]"), `${label}: no grading before Check`);
  await page.keyboard.press(" ");
  check(await page.evaluate(() => document.activeElement.matches("#practice-question input")), `${label}: Space with nothing picked goes to the options`);
  check(/Pick an option/.test(await page.textContent("#practice-question .quiz-result")), `${label}: and says to pick one`);
  check(await page.isHidden("#practice-answer"), `${label}: the answer still waits`);
  await page.keyboard.press("ArrowDown");
  const picked = await page.evaluate(() => [...document.querySelectorAll("#practice-question input")].findIndex((i) => i.checked));
  check(picked === 1, `${label}: an arrow key picks the next option (${picked})`);
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.classList.contains("quiz-check")), `${label}: Tab reaches Check`);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("practice-answer").hidden);
  const marks = await page.$$eval("#practice-question .choice", (lis) => lis.map((li) => li.className));
  check(marks.some((c) => /choice-right/.test(c)) && /choice-picked/.test(marks[1]), `${label}: the card marks the options: ${JSON.stringify(marks)}`);
  check(!await page.isDisabled("button[data-grade=good]"), `${label}: grading after Check`);
  // From file:// the explanation is the quiz page's own, in a frame reduced to it.
  const frame = await page.waitForSelector("#practice-answer iframe.practice-frame").then((f) => f.contentFrame());
  await frame.waitForSelector(".practice-frame-answer");
  check((await frame.textContent("body")).trim().length > 0, `${label}: the explanation shows`);
  await page.waitForFunction(() => document.querySelector("#practice-answer iframe").getBoundingClientRect().height > 30);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${label} practice: no sideways scrolling (${overflow}px)`);
  await shot(page.locator("#practice-card"), `practice-quiz-${label}`);
  await page.keyboard.press("3");
  await page.waitForFunction((prev) => {
    const a = document.querySelector("#practice-where a");
    return a && decodeURIComponent(new URL(a.href).hash.slice(1)) !== prev;
  }, id, { timeout: 5000 });
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("prepbook-practice:" + document.documentElement.dataset.siteKey)));
  check(stored && stored.cards[id] && stored.cards[id].grade === "good", `${label}: the quiz card was graded good (${JSON.stringify(stored)})`);
  check(await page.evaluate(() => !document.querySelector("#practice-question .quiz-result") || document.querySelector("#practice-question .quiz-result").textContent === ""), `${label}: the next card starts unchecked`);
  check(!await page.evaluate(() => window.pwned), `${label} practice: an option ran script`);
  check(!errors.length && !offsite.length, `${label} practice: errors ${JSON.stringify(errors)}, off-site ${JSON.stringify(offsite)}`);
  await context.close();
}

await browser.close();
console.log(failures.length ? `quiz: ${failures.length} failure(s)` : "quiz: all checks passed");
process.exit(failures.length ? 1 : 0);
