// Diagrams in a real browser:  node diagram.mjs SITE_DIR
// A page with a ```mermaid block draws it (an <svg> in its place) with the script the site
// itself serves, and nothing off-site; a page without one never asks for that script.
import { launch, open } from "./browser.mjs";
import { resolve } from "node:path";

const [site] = process.argv.slice(2);
const browser = await launch();
for (const dark of [false, true]) {
  const { page, offsite, errors } = await open(browser, { dark });
  await page.goto("file://" + resolve(site, "arch.html"));
  await page.waitForSelector("pre.mermaid svg", { timeout: 20000 });
  const labels = await page.textContent("pre.mermaid svg");
  if (!labels.includes("Load balancer")) throw new Error("the drawing lacks its labels: " + labels);
  // securityLevel strict: a label's markup cannot run script.
  await page.waitForTimeout(300);
  if (await page.evaluate(() => window.pwned)) throw new Error("a label ran script");
  if (await page.$("pre.mermaid [onerror]")) throw new Error("a label kept an event handler");
  if (offsite.length) throw new Error("requests off the site: " + offsite.join(", "));
  if (errors.length) throw new Error("page errors: " + errors.join("; "));
}
const { page, errors } = await open(browser, {});
const asked = [];
page.on("request", (r) => asked.push(r.url()));
await page.goto("file://" + resolve(site, "plain.html"));
await page.waitForLoadState("load");
if (asked.some((u) => u.includes("mermaid"))) throw new Error("a page without diagrams loaded mermaid");
if (errors.length) throw new Error("page errors: " + errors.join("; "));
await browser.close();
console.log("diagrams: ok");
