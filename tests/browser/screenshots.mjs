// Screenshots of the built site for a person to look at:
//   node screenshots.mjs SITE_DIR OUT_DIR
// Home, a page of every document shape in the sample and the practice page, at phone (360 px,
// or PHONE_WIDTH) and desktop width, light and dark; PAGES=a.html,b.html picks others, FULL=1
// takes whole pages. Exits non-zero if a page throws, requests anything off the site, scrolls
// sideways, or squeezes a document's text into a narrow column on a desktop.
import { launch, open } from "./browser.mjs";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

const [site, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const pages = process.env.PAGES ? process.env.PAGES.split(",") :
  ["index.html", "system-design-checklist.html", "mock-interview-transcript.html", "frontend-quickfire.html",
    "linux-on-call.html", "coding-problems.html", "design-rate-limiter.html", "backend-quiz.html",
    "concurrency-basics.html", "sql-exercises.html", "mock-hiring-manager.html",
    "distributed-systems-glossary.html", "about.html", "practice/index.html"];
const phone = Number(process.env.PHONE_WIDTH || 360);
const browser = await launch();
let failed = false;
for (const name of pages) {
  for (const [label, opts] of [
    ["desktop-light", { width: 1280, height: 900 }],
    ["desktop-dark", { width: 1280, height: 900, dark: true }],
    ["phone-light", { width: phone, height: 740, mobile: true }],
    ["phone-dark", { width: phone, height: 740, mobile: true, dark: true }],
  ]) {
    const { context, page, offsite, errors } = await open(browser, opts);
    await page.goto("file://" + resolve(site, name));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // On a desktop a document's text gets a reading column, contents box or not (a page
    // without questions was once squeezed into the contents box's 17rem track).
    const column = await page.evaluate(() => document.querySelector("article.doc")?.getBoundingClientRect().width ?? null);
    const squeezed = opts.width >= 1024 && column !== null && column < 600;
    await page.screenshot({ path: `${out}/${name.replace(".html", "").replaceAll("/", "-")}-${label}.png`, fullPage: !!process.env.FULL });
    if (errors.length || offsite.length || overflow > 0 || squeezed) {
      failed = true;
      console.log(`${name} ${label}: errors=${JSON.stringify(errors)} offsite=${JSON.stringify(offsite)} overflow=${overflow}px column=${column}px`);
    }
    await context.close();
  }
}
await browser.close();
console.log(failed ? "screenshots: problems found" : `screenshots: ${pages.length * 4} taken in ${out}`);
process.exit(failed ? 1 : 0);
