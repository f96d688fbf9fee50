// A visitor looks up a postcode (typed in lower case without a space) and sees the council tax
// bands with the Assessor's portal for one property's band, the bin collection days, the ward,
// its councillors, the numbered nearest services and a map; then chooses an address for its bin
// days on the bin-day page, and asks for the nearest libraries and toilets. Every page visited
// is checked with axe-core and screenshotted, at 1280 px and the /postcode result also at 390 px.
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
  out.assessor_link = await page.locator('.nlc-assessor a').getAttribute('href');
  out.bins = await page.locator('#nlc-bins tbody tr').evaluateAll(rows => rows.map(r => ({
    service: r.querySelector('th').innerText,
    next: r.querySelector('.nlc-bin-next time')?.getAttribute('datetime') || null,
  })));
  out.ward = await page.locator('.nlc-ward-name').innerText();
  out.councillors = await page.locator('#nlc-councillors li').allInnerTexts();
  out.nearest_list = await page.locator('.nlc-nearest-list li').allInnerTexts();
  out.nearest_numbers = await page.locator('.nlc-nearest-list li').evaluateAll(ls => ls.map(l => l.value));
  out.map_role = await page.locator('#nlc-map svg').getAttribute('role');
  out.map_numbers = await page.locator('#nlc-map svg .nlc-map-place text').allTextContents();
  out.map_origin = await page.locator('#nlc-map svg .nlc-map-origin').count();
  out.map_box = await page.locator('#nlc-map svg').boundingBox();
  out.sources = await page.locator('.nlc-source a').evaluateAll(as => as.map(a => a.getAttribute('href')));
  out.a11y.result = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'postcode_lookup.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  out.narrow_scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  out.a11y.result_390 = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'postcode_lookup_390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto(BASE + '/bin-day?postcode=' + POSTCODE);
  await page.waitForSelector('#nlc-bins');
  const options = await page.locator('#nlc-uprn option').allInnerTexts();
  out.bin_day_addresses = options.length;
  await page.getByLabel('Your address').selectOption({ index: options.length - 1 });
  await page.getByRole('button', { name: 'Show bin days for this address' }).click();
  await page.waitForSelector('.nlc-bin-table');
  out.bin_day_heading = await page.locator('#nlc-bins-heading').innerText();
  out.bin_day_chosen = options[options.length - 1];
  out.bin_day_rows = await page.locator('.nlc-bin-table tbody tr').count();
  out.a11y.bin_day = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'bin_day.png'), fullPage: true });

  await page.goto(BASE + '/postcode?postcode=' + POSTCODE);
  await page.getByRole('link', { name: /Where is my nearest/ }).click();
  await page.getByLabel('Type of place').selectOption('library');
  await page.getByLabel('How many').fill('3');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForSelector('#nlc-nearest-result');
  out.nearest_heading = await page.locator('#nlc-nearest-heading').innerText();
  out.nearest = await page.locator('.nlc-nearest-results li').allInnerTexts();
  out.nearest_map_numbers = await page.locator('#nlc-map svg .nlc-map-place text').allTextContents();
  out.a11y.nearest = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'nearest.png'), fullPage: true });

  await page.getByLabel('Type of place').selectOption('toilet');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForSelector('#nlc-nearest-result');
  out.toilet_details = await page.locator('.nlc-nearest-results li').first().locator('dt').allInnerTexts();

  await page.goto(BASE + '/postcode?postcode=not+a+postcode');
  out.error_text = await page.locator('#nlc-postcode-error').innerText();
  out.a11y.error = await axe(page);
});
