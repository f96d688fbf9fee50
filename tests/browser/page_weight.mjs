// Page weight: bytes transferred (headers and bodies as sent, so compressed where compressed)
// for each page on a first visit (empty cache) and a repeat visit; prints one JSON line.
import { BASE, scenario } from './browser.mjs';

const PAGES = (process.env.WEIGHT_PAGES || '/,/dataset/,/dataset/public-toilets,/postcode,/about').split(',');

async function weigh(context, url) {
  const page = await context.newPage();
  const seen = [];
  let bytes = 0, requests = 0;
  page.on('requestfinished', async req => {
    const sizes = await req.sizes().catch(() => null);
    if (sizes) { const n = sizes.responseBodySize + sizes.responseHeadersSize; bytes += n; requests += 1; seen.push([n, req.url().slice(0, 90)]); }
  });
  await page.goto(BASE + url);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  await page.close();
  seen.sort((a, b) => b[0] - a[0]);
  return { bytes, requests, largest: seen.slice(0, 3) };
}

await scenario(async (context, out) => {
  out.pages = {};
  for (const url of PAGES) {
    const fresh = await context.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const first = await weigh(fresh, url);  // empty cache
    const repeat = await weigh(fresh, url);  // the same visitor again
    await fresh.close();
    out.pages[url] = { first, repeat };
  }
});
