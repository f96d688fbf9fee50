// The portal as the public (and a signed-in editor) uses it, at 1280 and 390 px (issue 14):
// home page, statutory pages, plain-words search, the dataset page on a phone, the table
// preview, the map, downloads, focus and axe on every page. Prints one JSON line of facts.
import { BASE, SHOTS, axe, scenario } from './browser.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The sysadmin who signs in: PORTAL_SYSADMIN (a sysadmin.json of another portal), else the demo's.
const STATE = process.env.NLC_STATE || path.resolve('.state');
const creds = JSON.parse(readFileSync(process.env.PORTAL_SYSADMIN || path.join(STATE, 'sysadmin.json'), 'utf8'));
const WIDTHS = { desktop: 1280, phone: 390 };

async function open(context, url, width) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const response = await page.goto(BASE + url);
  await page.waitForLoadState('networkidle');
  return { page, status: response.status() };
}

// Every visible control: can it be focused, does focus show (outline or box-shadow), is it named?
async function focusReport(page) {
  return await page.evaluate(() => {
    const out = { controls: 0, invisible: [] };
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]';
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
      out.controls += 1;
      el.focus({ focusVisible: true });
      if (document.activeElement !== el) continue;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
      if (!ring) out.invisible.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || el.value || '').trim().slice(0, 30));
    }
    document.activeElement && document.activeElement.blur();
    return out;
  });
}

async function sideways(page) {
  return await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

await scenario(async (context, out) => {
  const pages = ['/', '/dataset/', '/dataset/?q=zzzzqqq', '/dataset/public-toilets', '/postcode', '/nearest',
                 '/about', '/accessibility', '/privacy', '/developers', '/publication-scheme', '/ogc/',
                 '/ogc/collections/wards?f=html'];

  // ---- Home page
  for (const [name, width] of Object.entries(WIDTHS)) {
    const { page } = await open(context, '/', width);
    out[`home_${name}`] = await page.evaluate(() => {
      const main = document.querySelector('[role=main]');
      const firstInput = main.querySelector('form input:not([type=hidden])');
      return {
        h1: document.querySelector('h1').innerText.trim(),
        first_input: firstInput && firstInput.name,
        postcode_hint: (document.querySelector('#nlc-home-postcode-hint') || {}).innerText || '',
        coverage: ((document.querySelector('#nlc-foi-coverage strong') || {}).innerText || '').trim(),
        topics: [...document.querySelectorAll('.nlc-foi-topics > li')].map(li => ({
          label: li.querySelector('h3').innerText.trim(),
          requests: +li.querySelector('.nlc-requests').innerText,
          datasets: [...li.querySelectorAll('.nlc-topic-datasets a')].map(a => a.getAttribute('href')),
        })),
        logo: (document.querySelector('header .logo img') || {}).src || '',
        logo_alt: (document.querySelector('header .logo img') || {}).alt || '',
        footer: [...document.querySelectorAll('footer a')].map(a => a.getAttribute('href')),
        cookie_notice: document.querySelectorAll('.nlc-cookie-notice').length,
      };
    });
    out[`home_${name}`].sideways = await sideways(page);
    await page.screenshot({ path: path.join(SHOTS, `home-${width}.png`), fullPage: true });
    if (name === 'desktop') {
      await page.keyboard.press('Tab');
      out.home_first_tab = await page.evaluate(() => document.activeElement.textContent.trim());
      out.home_focus = await focusReport(page);
    }
    await page.close();
  }

  // ---- Statutory pages
  {
    const { page } = await open(context, '/accessibility', 1280);
    out.accessibility = { h2: await page.locator('h2, h3').allInnerTexts(), status: await page.locator('#nlc-compliance-status').innerText() };
    await page.goto(BASE + '/privacy');
    out.privacy = {
      cookies: await page.locator('#nlc-cookies tbody th code').allInnerTexts(),
      essential: await page.locator('#nlc-cookies tbody td:last-child').allInnerTexts(),
      logs: await page.locator('#nlc-logs tbody th').allInnerTexts(),
    };
    await page.goto(BASE + '/about');
    out.about = { h1: await page.locator('h1').first().innerText(), text: await page.locator('[role=main]').innerText() };
    await page.close();
  }

  // ---- Search in plain words
  {
    const { page } = await open(context, '/dataset/', 1280);
    out.facets = {};
    for (const section of await page.locator('section.nlc-facet').all()) {
      out.facets[await section.locator('h2').innerText()] = await section.locator('.item-label').allInnerTexts();
    }
    await page.screenshot({ path: path.join(SHOTS, 'search-1280.png'), fullPage: true });
    // Keyboard: the skip link leads to the results.
    await page.keyboard.press('Tab');
    out.search_first_tab = await page.evaluate(() => document.activeElement.textContent.trim());
    await page.keyboard.press('Enter');
    out.search_skip_target = await page.evaluate(() => document.activeElement.id);
    let tabs = 0;
    for (; tabs < 40; tabs++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => !!document.activeElement.closest('.dataset-heading'))) break;
    }
    out.tabs_to_first_result = tabs + 1;
    out.search_focus = await focusReport(page);
    out.queries = {};
    for (const q of ['loos', 'councilor', 'counciltax', 'bin collection', 'Motherwell', 'tiolets', 'zzzzqqq']) {
      await page.goto(BASE + '/dataset/?q=' + encodeURIComponent(q));
      out.queries[q] = {
        results: await page.locator('.dataset-heading a').count(),
        messages: await page.locator('.nlc-message').allInnerTexts(),
        did_you_mean: await page.locator('#nlc-did-you-mean').count() ? await page.locator('#nlc-did-you-mean').innerText() : null,
        answer_links: await page.locator('.nlc-message a, .nlc-quick-answer a').evaluateAll(as => as.map(a => a.getAttribute('href'))),
        facet_empty_messages: await page.getByText(/There are no .* that match this search/).count(),
      };
    }
    await page.goto(BASE + '/dataset/?q=' + encodeURIComponent('a:b:c)'));
    out.bad_query = { status: 200, value: await page.inputValue('#field-giant-search'),
                      message: await page.locator('#nlc-query-error').innerText(), error_h1: await page.getByText(/^Error$/).count() };
    await page.goto(BASE + '/dataset/?page=99');
    out.past_end = { messages: await page.locator('.nlc-message').allInnerTexts(), results: await page.locator('.dataset-heading').count(),
                     found: await page.locator('.nlc-result-count').count() };
    await page.goto(BASE + '/dataset/?ext_bbox=1,2,3');
    out.bad_bbox = { message: await page.locator('#nlc-bbox-error').innerText(), value: await page.inputValue('#nlc-bbox') };
    // The map-area filter: applied from the form, shown, then cleared.
    await page.goto(BASE + '/dataset/');
    await page.locator('.nlc-bbox summary').click();
    await page.fill('#nlc-bbox', '-3.93,55.76,-3.86,55.80');
    await Promise.all([page.waitForNavigation(), page.press('#nlc-bbox', 'Enter')]);
    out.bbox = { url: page.url(), active: await page.locator('#nlc-bbox-active').innerText(), results: await page.locator('.dataset-heading').count() };
    await Promise.all([page.waitForNavigation(), page.locator('#nlc-bbox-active a').click()]);
    out.bbox.cleared_url = page.url();
    out.bbox.cleared_active = await page.locator('#nlc-bbox-active').count();
    out.bbox.cleared_results = await page.locator('.nlc-result-count').innerText();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'search-390.png'), fullPage: true });
    out.search_sideways = await sideways(page);
    await page.close();
  }

  // ---- The dataset page on a phone, then at 1280
  {
    const { page } = await open(context, '/dataset/public-toilets', 390);
    out.dataset_phone = await page.evaluate(() => {
      const top = sel => { const el = document.querySelector(sel); return el ? Math.round(el.getBoundingClientRect().top + window.scrollY) : null; };
      const breakAll = [...document.querySelectorAll('main *, [role=main] *, .primary *')].filter(el => {
        const s = getComputedStyle(el); return s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere';
      }).length;
      return {
        title: top('h1.nlc-dataset-title'), summary: top('.nlc-summary'), update: top('.nlc-update-panel'),
        downloads: top('.nlc-downloads'), sidebar: top('aside.secondary'), followers: document.body.innerText.includes('Followers'),
        labels: [...document.querySelectorAll('.additional-info th')].map(th => th.innerText.trim()),
        dictionary_rows: document.querySelectorAll('.nlc-dictionary tbody tr').length,
        download_links: [...document.querySelectorAll('.nlc-downloads a')].map(a => a.getAttribute('href')),
        break_all: breakAll, viewport: window.innerHeight,
      };
    });
    out.dataset_phone.sideways = await sideways(page);
    await page.screenshot({ path: path.join(SHOTS, 'dataset-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'dataset-1280.png'), fullPage: true });
    const resources = await page.locator('.resource-item a.heading').evaluateAll(as => as.map(a => ({ href: a.getAttribute('href'), text: a.innerText })));
    out.resources = resources;
    const csv = resources.find(r => /csv/i.test(r.text) || !/geojson/i.test(r.text));
    const geojson = resources.find(r => /geojson/i.test(r.text));

    // Table preview of the CSV: CKAN's DataTables view with the data dictionary's labels.
    for (const [name, width] of Object.entries(WIDTHS)) {
      const view = await open(context, csv.href, width);
      const frame = view.page.frameLocator('iframe').first();
      await frame.locator('#dtprv tbody tr').first().waitFor({ timeout: 20000 });
      await view.page.waitForTimeout(1000);
      if (name === 'desktop') {
        out.preview = { headers: (await frame.locator('#dtprv thead th').allInnerTexts()).map(t => t.replace(/\s+/g, ' ').trim()).filter(Boolean),
                        rows: await frame.locator('#dtprv tbody tr').count(),
                        no_views_text: await view.page.getByText('There are no views created for this resource yet').count() };
      }
      await view.page.screenshot({ path: path.join(SHOTS, `preview-${width}.png`), fullPage: true });
      await view.page.close();
    }

    // The map: a backdrop (no provider on this machine), named numbered markers, the list, popups.
    for (const [name, width] of Object.entries(WIDTHS)) {
      const view = await open(context, geojson.href, width);
      const frame = view.page.frameLocator('iframe').first();
      await frame.locator('.leaflet-container').waitFor({ timeout: 20000 });
      await frame.locator('.nlc-map-list li').first().waitFor({ timeout: 20000 });
      await view.page.waitForTimeout(1500);
      if (name === 'desktop') {
        const f = view.page.frames().find(fr => fr.url().includes('/view/'));
        out.map = {
          warning: await frame.getByText('No map provider set').count(),
          backdrop_note: await frame.locator('#nlc-backdrop-note').count(),
          backdrop_paths: await frame.locator('path').count(),
          markers: await frame.locator('.leaflet-marker-icon.nlc-marker').count(),
          marker_names: await frame.locator('.leaflet-marker-icon.nlc-marker').evaluateAll(ms => ms.map(m => m.getAttribute('aria-label'))),
          marker_tabindex: await frame.locator('.leaflet-marker-icon.nlc-marker').evaluateAll(ms => ms.map(m => m.tabIndex)),
          list: await frame.locator('.nlc-map-list button').allInnerTexts(),
          attribution: (await frame.locator('.leaflet-control-attribution').allInnerTexts()).join(' '),
        };
        await frame.locator('.nlc-map-list button').first().focus();
        await view.page.keyboard.press('Enter');
        await frame.locator('.nlc-popup').waitFor({ timeout: 5000 });
        out.map.popup_labels = await frame.locator('.nlc-popup th').allInnerTexts();
        out.map.popup_title = await frame.locator('.nlc-popup h2').innerText();
        out.map.a11y = await axe(f);
      }
      await view.page.screenshot({ path: path.join(SHOTS, `map-${width}.png`), fullPage: true });
      await view.page.close();
    }

    // Downloads: the GeoJSON is saved as a file, typed as the Table Schema says.
    const res = await (await context.request.get(BASE + '/api/3/action/package_show?id=public-toilets')).json();
    const gj = res.result.resources.find(r => r.format === 'GeoJSON');
    const dl = await context.request.get(BASE + new URL(gj.url).pathname);
    const body = await dl.json();
    out.download = { disposition: dl.headers()['content-disposition'],
                     radar: body.features.map(ft => ft.properties.RADARKeyNeeded), geox: typeof body.features[0].properties.GeoX };
    await page.close();
  }

  // ---- /postcode screenshots
  for (const width of Object.values(WIDTHS)) {
    const { page } = await open(context, '/postcode', width);
    await page.screenshot({ path: path.join(SHOTS, `postcode-${width}.png`), fullPage: true });
    await page.close();
  }

  // ---- axe on every page at both widths, signed out, then signed in
  out.sideways = {};
  for (const signed of ['out', 'in']) {
    if (signed === 'in') {
      const { page } = await open(context, '/user/login', 1280);
      await page.fill('#field-login', creds.user);
      await page.fill('#field-password', creds.password);
      await Promise.all([page.waitForNavigation(), page.press('#field-password', 'Enter')]);
      out.login = /\/user\/login/.test(page.url()) ? 'failed' : 'password';
      await page.close();
    }
    for (const url of pages) {
      for (const [name, width] of Object.entries(WIDTHS)) {
        const { page, status } = await open(context, url, width);
        out.a11y[`${signed} ${name} ${url}`] = status >= 400 ? [{ id: 'http', impact: 'serious', help: `HTTP ${status}` }] : await axe(page);
        out.sideways[`${signed} ${name} ${url}`] = await sideways(page);
        await page.close();
      }
    }
  }
  out.cookies = (await context.cookies()).map(c => c.name);
});
