// The one place prepbook's tests start a browser: Debian's chromium, headless, no network
// but the page's own origin (file:// or the loopback server a test starts).
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A page with the given viewport and colour scheme that fails on requests off the site. */
export async function open(browser, { width = 1280, height = 900, dark = false, mobile = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: mobile ? 2 : 1,
    isMobile: mobile,
    hasTouch: mobile,
    colorScheme: dark ? "dark" : "light",
  });
  const page = await context.newPage();
  const offsite = [];
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith("file://") && !url.startsWith("http://127.0.0.1") && !url.startsWith("data:")) offsite.push(url);
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, offsite, errors };
}
