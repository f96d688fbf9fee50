// A visitor looks up a postcode (typed in lower case without a space) and sees the council tax
// bands, the ward, its councillors and a map; then asks for the nearest libraries. Every page
// visited is checked with axe-core and screenshotted.
import { BASE, SHOTS, axe, scenario } from './browser.mjs';
import path from 'node:path';

const POSTCODE = process.env.LOOKUP_POSTCODE || 'ml77fx';

await scenario(async (context, out) => {
  const page = await context.newPage();
  await page.goto(BASE + '/postcode');
  out.form_heading = await page.locator('h1').first().innerText();
  out.a11y.form = await axe(page);

  await page.getByLabel('Postcode').fill(POSTCODE);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.waitForSelector('#nlc-lookup-result');
  out.result_heading = await page.locator('#nlc-result-heading').innerText();
  out.bands = await page.locator('.nlc-band').allInnerTexts();
  out.property_rows = await page.locator('.nlc-properties tbody tr').count();
  out.ward = await page.locator('.nlc-ward-name').innerText();
  out.councillors = await page.locator('#nlc-councillors li').allInnerTexts();
  out.map_role = await page.locator('#nlc-map svg').getAttribute('role');
  out.map_places = await page.locator('#nlc-map svg .nlc-map-place').count();
  out.map_origin = await page.locator('#nlc-map svg .nlc-map-origin').count();
  out.map_box = await page.locator('#nlc-map svg').boundingBox();
  out.sources = await page.locator('.nlc-source a').evaluateAll(as => as.map(a => a.getAttribute('href')));
  out.a11y.result = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'postcode_lookup.png'), fullPage: true });

  await page.getByRole('link', { name: /Where is my nearest/ }).click();
  await page.getByLabel('Type of place').selectOption('library');
  await page.getByLabel('How many').fill('3');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForSelector('#nlc-nearest-result');
  out.nearest = await page.locator('.nlc-nearest-results li').allInnerTexts();
  out.a11y.nearest = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'nearest.png'), fullPage: true });

  await page.goto(BASE + '/postcode?postcode=not+a+postcode');
  out.error_text = await page.locator('#nlc-postcode-error').innerText();
  out.a11y.error = await axe(page);
});
