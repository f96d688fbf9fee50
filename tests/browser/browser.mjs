// Shared browser set-up: Debian's Chromium driven by playwright-core, and axe-core checks.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const BASE = process.env.PORTAL_URL || 'http://127.0.0.1:5000';
export const SHOTS = process.env.SCREENSHOT_DIR || path.resolve('test-artifacts/screenshots');
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  return { browser, context };
}

// Run axe-core on the page; return serious and critical violations only.
export async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
}

// Run a scenario and print one JSON line with its findings; exit 1 on an exception.
export async function scenario(fn) {
  const { browser, context } = await launch();
  const out = { steps: [], a11y: {} };
  try {
    await fn(context, out);
  } catch (err) {
    out.error = String(err && err.stack || err);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
  process.exit(out.error ? 1 : 0);
}
