// A visitor searches "toilets", opens the dataset, sees the map and the data dictionary,
// downloads the CSV; every page visited is checked with axe-core and screenshotted.
import { BASE, SHOTS, axe, scenario } from './browser.mjs';
import path from 'node:path';

await scenario(async (context, out) => {
  const page = await context.newPage();
  await page.goto(BASE + '/');
  out.home_title = await page.locator('h1').first().innerText();
  out.a11y.home = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'home.png'), fullPage: true });

  // Keyboard: the skip link is the first thing a keyboard user reaches.
  await page.keyboard.press('Tab');
  out.first_tab = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());

  await page.fill('#nlc-home-search', 'toilets');
  await page.press('#nlc-home-search', 'Enter');
  await page.waitForURL(/\/dataset\/?\?q=toilets/);
  out.search_results = await page.locator('.dataset-heading a').allInnerTexts();
  out.a11y.search = await axe(page);

  await page.locator('.dataset-heading a', { hasText: /toilet/i }).first().click();
  await page.waitForLoadState('networkidle');
  out.dataset_url = page.url();
  out.dataset_heading = await page.locator('h1').first().innerText();
  out.a11y.dataset = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'dataset.png'), fullPage: true });

  // The GeoJSON resource page shows a map (ckanext-geoview's Leaflet view in an iframe).
  const geojsonLink = page.locator('.resource-item a.heading', { hasText: /geojson/i }).first();
  await geojsonLink.click();
  await page.waitForLoadState('networkidle');
  const frame = page.frameLocator('iframe').first();
  await frame.locator('.leaflet-container').waitFor({ timeout: 20000 });
  out.map_features = await frame.locator('.leaflet-marker-icon, path.leaflet-interactive').count();
  await page.screenshot({ path: path.join(SHOTS, 'map.png'), fullPage: true });
  out.a11y.map_page = await axe(page);

  // The CSV resource page shows the data dictionary, and its download works.
  await page.goto(out.dataset_url);
  await page.locator('.resource-item a.heading', { hasText: /csv/i }).first().click();
  await page.waitForLoadState('networkidle');
  out.dictionary_rows = await page.locator('table.nlc-dictionary tbody tr').count();
  out.dictionary_fields = await page.locator('table.nlc-dictionary tbody th code').allInnerTexts();
  out.a11y.resource = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'resource.png'), fullPage: true });
  const href = await page.locator('a.resource-url-analytics').first().getAttribute('href');
  const response = await context.request.get(href);
  out.download_status = response.status();
  out.download_head = (await response.text()).split('\n')[0];
});
