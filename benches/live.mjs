// Live-edit latency in a real browser:  node benches/live.mjs PAGE_URL DOCUMENT_PATH [EDITS]
// The page of a document of the generated benchmark (about 50 questions) is open in Chromium;
// its first answer's first sentence is reworded EDITS times (default 9), and each save is timed
// from the write to the new words on screen. Prints the median and every figure. The page must
// swap the edit in (a reload fails the run: it is what the swap replaces).
import { launch, open } from "../tests/browser/browser.mjs";
import { readFileSync, writeFileSync } from "node:fs";

const [url, doc, edits = "9"] = process.argv.slice(2);
const original = readFileSync(doc, "utf8");
const marker = original.match(/### Sample Answer:\n\n([^\n.]+)/);
if (!marker) throw new Error(`no "### Sample Answer:" paragraph in ${doc}`);
const browser = await launch();
const { page, errors } = await open(browser, {});
await page.goto(url);
await page.waitForLoadState("load");
await page.evaluate(() => { window.__kept = true; });
const took = [];
try {
  for (let i = 1; i <= Number(edits); i++) {
    const words = `Edited sentence number ${i} of the live benchmark`;
    const start = Date.now();
    writeFileSync(doc, original.replace(marker[1], words));
    await page.waitForFunction((t) => document.body.textContent.includes(t), words, { timeout: 20000, polling: "raf" });
    took.push(Date.now() - start);
    await page.waitForTimeout(300);
  }
} finally {
  writeFileSync(doc, original);
}
if (!(await page.evaluate(() => window.__kept === true))) throw new Error("the page reloaded instead of swapping the edit in");
if (errors.length) throw new Error("page errors: " + errors.join("; "));
await browser.close();
const sorted = [...took].sort((a, b) => a - b);
console.log(`save to screen, ms: median ${sorted[Math.floor(sorted.length / 2)]}, all ${took.join(" ")}`);
