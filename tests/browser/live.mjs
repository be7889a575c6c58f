// Live reload in a real browser:  node live.mjs PAGE_URL DOCUMENT_PATH
// Opens the page, edits the document, and waits for the page to show the edit by itself;
// then breaks the document and waits for #prepbook-error, mends it and waits for it to go.
import { launch, open } from "./browser.mjs";
import { writeFileSync } from "node:fs";

const [url, doc] = process.argv.slice(2);
const browser = await launch();
const { page, errors } = await open(browser, {});
await page.goto(url);
await page.waitForFunction(() => document.body.textContent.includes("Original answer"));
writeFileSync(doc, "## 1. What is a queue?\n\nEdited while the page was open.\n");
await page.waitForFunction(() => document.body.textContent.includes("Edited while the page was open"), null, { timeout: 10000 });
writeFileSync(doc, "---\ntitle: [broken\n---\n");
await page.waitForSelector("#prepbook-error", { timeout: 10000 });
const overlay = await page.textContent("#prepbook-error");
if (!overlay.includes("a.md:3")) throw new Error("overlay does not name the file and line: " + overlay);
writeFileSync(doc, "## 1. What is a queue?\n\nMended.\n");
await page.waitForFunction(() => !document.getElementById("prepbook-error") && document.body.textContent.includes("Mended"), null, { timeout: 10000 });
if (errors.length) throw new Error("page errors: " + errors.join("; "));
await browser.close();
console.log("live reload: ok");
