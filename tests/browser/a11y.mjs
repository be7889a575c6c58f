// Accessibility audit with axe-core in a real browser:  node a11y.mjs SPEC.json
// SPEC: {"sites": [{"theme": "default", "dir": "SITE_DIR"}, ...],
//        "pages": ["index.html", ...] (every page kind the built site has),
//        "search": "a query with results", "document": "a page with questions"}
// For each site, in light and in dark, it audits every page as it loads from disk, then the
// states that scripts make: the home page with search results open and one chosen, the
// practice page with a card's answer shown, a document in practice mode with an answer shown,
// and a document in the other scheme chosen with the toggle. The 404 page links from the site's root, so it is also audited served at the root,
// as a host serves it. Rules: WCAG 2.0 and 2.1, levels A and AA, and a few best-practice rules
// that apply to every page. Prints each violation with the element and why, then a count;
// exits 1 on any.
import { launch, open } from "./browser.mjs";
import { serve } from "./serve.mjs";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createRequire } from "node:module";

const [specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BEST_PRACTICE = ["landmark-one-main", "page-has-heading-one", "region", "heading-order",
  "landmark-unique", "skip-link", "aria-allowed-role", "empty-heading"];

let audits = 0, violations = 0, nodes = 0;
const failures = [];

async function audit(page, label) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async ([tags, rules]) => {
    const options = (runOnly) => ({ runOnly, resultTypes: ["violations"] });
    const a = await window.axe.run(document, options({ type: "tag", values: tags }));
    const b = await window.axe.run(document, options({ type: "rule", values: rules }));
    const seen = new Set(a.violations.map((v) => v.id));
    return a.violations.concat(b.violations.filter((v) => !seen.has(v.id))).map((v) => ({
      id: v.id, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160), why: n.failureSummary })),
    }));
  }, [TAGS, BEST_PRACTICE]);
  audits++;
  for (const v of found) {
    violations++;
    nodes += v.nodes.length;
    failures.push(`${label}: ${v.id} (${v.help}), ${v.nodes.length} node(s)`);
    console.log(`FAIL ${label}: ${v.id}: ${v.help}`);
    for (const n of v.nodes.slice(0, 4)) console.log(`    ${n.target}  ${n.html}\n      ${(n.why || "").replace(/\n/g, "\n      ")}`);
  }
}

const browser = await launch();
for (const site of spec.sites) {
  for (const dark of [false, true]) {
    const scheme = `${site.theme} ${dark ? "dark" : "light"}`;
    const url = (p) => "file://" + resolve(site.dir, p);
    const { context, page, errors } = await open(browser, { dark });
    // The reader's reduced-motion wish is honoured; the audit looks at the page at rest.
    await page.emulateMedia({ reducedMotion: "reduce" });
    for (const name of spec.pages) {
      await page.goto(url(name));
      await page.waitForLoadState("load");
      await audit(page, `${scheme} ${name}`);
    }

    // Search results open, the second result chosen with the arrow keys.
    await page.goto(url("index.html"));
    await page.focus("#search");
    await page.keyboard.type(spec.search);
    await page.waitForFunction(() => document.querySelectorAll("#search-results [role=option]").length > 1, null, { timeout: 5000 });
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await audit(page, `${scheme} search open`);

    // The practice page with a card's answer shown.
    await page.goto(url("practice/index.html"));
    await page.waitForSelector("#practice-card:not([hidden])", { timeout: 5000 });
    await page.click("#reveal");
    await page.waitForSelector("#practice-answer:not([hidden])");
    await audit(page, `${scheme} practice card revealed`);

    // A document in practice mode, with the first answer shown.
    await page.goto(url(spec.document));
    await page.click("#practice-toggle");
    await page.click(".reveal-answer");
    await audit(page, `${scheme} practice mode`);

    // The other scheme chosen with the toggle (the `data-theme` rules, not the system's).
    await page.goto(url(spec.document));
    await page.click("#theme-toggle");
    await audit(page, `${scheme} ${spec.document} toggled to ${dark ? "light" : "dark"}`);
    await page.evaluate(() => localStorage.removeItem("prepbook-theme"));

    // The 404 page as a host serves it: from the site's root, its styles found.
    const { server, base } = await serve(resolve(site.dir), "/");
    await page.goto(base + "404.html");
    await page.waitForLoadState("load");
    await audit(page, `${scheme} 404.html served`);
    server.close();

    if (errors.length) failures.push(`${scheme}: page errors ${JSON.stringify(errors)}`);
    await context.close();
  }
}
await browser.close();
console.log(`a11y: ${audits} audits, ${violations} violations over ${nodes} nodes`);
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
