// Math in a real browser:  node math.mjs SITE_DIR
// The page `ml.html` (tests/it/fidelity.rs) holds an inline softmax, a fraction with powers,
// and a displayed sum, rendered to MathML at build time. Chromium lays MathML out itself
// (MathML Core): the displayed formula is a block of its own, a fraction's numerator sits
// above its denominator, a power sits higher than its base, and nothing is loaded to do it
// (no script, no web font).
import { launch, open } from "./browser.mjs";
import { resolve } from "node:path";

const [site] = process.argv.slice(2);
const browser = await launch();
for (const [width, dark] of [[1280, false], [390, true]]) {
  const { page, offsite, errors } = await open(browser, { dark, width });
  const asked = [];
  page.on("request", (r) => asked.push(r.url()));
  await page.goto("file://" + resolve(site, "ml.html"));
  await page.waitForLoadState("load");
  const got = await page.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const block = document.querySelector('math[display="block"]');
    const inline = document.querySelector('math:not([display="block"])');
    const frac = inline && inline.querySelector("mfrac");
    const sup = inline && inline.querySelector("msup");
    const text = inline && inline.closest("p");
    return {
      blockDisplay: block && getComputedStyle(block).display,
      inlineDisplay: inline && getComputedStyle(inline).display,
      inlineWidth: inline && box(inline).width,
      stacked: frac && box(frac.children[0]).bottom <= box(frac.children[1]).top + 1,
      fracTaller: frac && text && box(frac).height > 1.2 * parseFloat(getComputedStyle(text).fontSize),
      raised: sup && box(sup.children[1]).top < box(sup.children[0]).top,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
  const fail = (what) => { throw new Error(`${width}px: ${what}: ${JSON.stringify(got)}`); };
  if (got.blockDisplay !== "block math") fail("the displayed formula is not laid out as MathML");
  if (!/^(inline )?math$/.test(got.inlineDisplay)) fail("the inline formula is not laid out as MathML");
  if (!(got.inlineWidth > 10)) fail("the inline formula has no width");
  if (!got.stacked) fail("the fraction's numerator is not above its denominator");
  if (!got.fracTaller) fail("the fraction is no taller than a line of text");
  if (!got.raised) fail("the superscript is not raised");
  if (got.overflow) fail("the page scrolls sideways");
  const loaded = asked.filter((u) => /katex|mathjax|\.(woff2?|ttf|otf)(\?|$)/i.test(u));
  if (loaded.length) fail("math loaded something: " + loaded.join(", "));
  if (offsite.length) fail("requests off the site: " + offsite.join(", "));
  if (errors.length) fail("page errors: " + errors.join("; "));
}
await browser.close();
console.log("math: ok");
