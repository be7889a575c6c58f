// Live preview in a real browser:  node live.mjs PAGE_URL DOCUMENT_PATH
// Opens the page, edits the document, and waits for the page to show the edit by itself,
// swapped in without a reload (the page's own state survives) and with the scroll kept; it
// times five saves from the write to the text on screen and prints the median; then breaks
// the document and waits for #prepbook-error, mends it and waits for it to go.
import { launch, open } from "./browser.mjs";
import { writeFileSync } from "node:fs";

const [url, doc] = process.argv.slice(2);
const browser = await launch();
const { page, errors } = await open(browser, {});
await page.goto(url);
await page.waitForFunction(() => document.body.textContent.includes("Original answer"));
await page.evaluate(() => { window.__kept = true; });

const took = [];
for (let i = 1; i <= 5; i++) {
  const text = `Edit number ${i} while the page was open.`;
  const start = Date.now();
  writeFileSync(doc, `## 1. What is a queue?\n\n${text}\n\n\`\`\`python\nqueue.append(${i})\n\`\`\`\n`);
  await page.waitForFunction((t) => document.body.textContent.includes(t), text, { timeout: 10000, polling: "raf" });
  took.push(Date.now() - start);
}
if (!(await page.evaluate(() => window.__kept === true))) throw new Error("the page reloaded instead of swapping the edit in");
if (!(await page.$("pre.code .copy-button"))) throw new Error("swapped code lost its Copy button");
took.sort((a, b) => a - b);
console.log(`save to screen, ms: median ${took[2]}, all ${took.join(" ")}`);

// A quiz swapped in works: its options are wired (the page did not reload to do it).
writeFileSync(doc, "## 1. Which structure is first in, first out?\n\n- A) A stack\n- B) A queue\n\nAnswer: B\n\nA queue serves in arrival order.\n");
await page.waitForFunction(() => document.querySelector("fieldset.quiz.quiz-ready"), null, { timeout: 10000 });
if (!(await page.evaluate(() => window.__kept === true))) throw new Error("the page reloaded to show the quiz");

writeFileSync(doc, "---\ntitle: [broken\n---\n");
await page.waitForSelector("#prepbook-error", { timeout: 10000 });
const overlay = await page.textContent("#prepbook-error");
if (!overlay.includes("a.md:3")) throw new Error("overlay does not name the file and line: " + overlay);
writeFileSync(doc, "## 1. What is a queue?\n\nMended.\n");
await page.waitForFunction(() => !document.getElementById("prepbook-error") && document.body.textContent.includes("Mended"), null, { timeout: 10000 });
if (errors.length) throw new Error("page errors: " + errors.join("; "));
await browser.close();
console.log("live preview: ok");
