// An FOI team member (the sysadmin) signs in, opens the FOI coverage dashboard,
// sees the top 20 with statuses and the chart, checks a pasted request, exports
// the CSV; then the public Guide to Information is checked class by class and
// dataset by dataset. Every page is checked with axe-core and screenshotted.
import { BASE, SHOTS, axe, scenario } from './browser.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const STATE = process.env.NLC_STATE || path.resolve('.state');
const creds = JSON.parse(readFileSync(path.join(STATE, 'sysadmin.json'), 'utf8'));

await scenario(async (context, out) => {
  // Anonymous first: the public summary never shows request texts.
  const anon = await context.newPage();
  await anon.goto(BASE + '/foi/dashboard');
  out.public_rows = await anon.locator('#nlc-foi-top tbody tr').count();
  out.public_has_form = await anon.locator('#nlc-foi-suggest-form').count();
  out.public_examples = await anon.locator('.nlc-foi-examples').count();
  out.a11y.dashboard_public = await axe(anon);

  // Published datasets as the public sees them (the guide must link every one).
  const search = await (await context.request.get(BASE + '/api/3/action/package_search?rows=1000')).json();
  out.published = search.result.results.map(d => d.name).sort();
  await anon.close();

  const page = await context.newPage();
  await page.goto(BASE + '/user/login');
  await page.fill('#field-login', creds.user);
  await page.fill('#field-password', creds.password);
  await Promise.all([page.waitForNavigation(), page.press('#field-password', 'Enter')]);
  if (/\/user\/login/.test(page.url())) {
    // The recorded password no longer matches the database: sign in with the
    // sysadmin's API token instead (CKAN accepts it on every request).
    await context.setExtraHTTPHeaders({ Authorization: creds.api_token });
    out.login = 'api-token';
  } else {
    out.login = 'password';
  }
  out.steps.push('signed in');

  await page.goto(BASE + '/foi/dashboard');
  out.heading = await page.locator('h1').first().innerText();
  out.rows = await page.locator('#nlc-foi-top tbody tr').count();
  out.statuses = await page.locator('#nlc-foi-top tbody tr').evaluateAll(rows => rows.map(r => r.dataset.status));
  out.status_badges = await page.locator('#nlc-foi-top tbody .nlc-badge:not(.nlc-foi-late)').allInnerTexts();
  out.chart_rows = await page.locator('svg.nlc-foi-chart .nlc-foi-chart-row').count();
  out.chart_bars = await page.locator('svg.nlc-foi-chart rect.nlc-foi-bar').count();
  out.chart_marks = await page.locator('svg.nlc-foi-chart .nlc-foi-published').count();
  out.chart_label = await page.locator('svg.nlc-foi-chart').getAttribute('aria-labelledby');
  out.team_examples = await page.locator('.nlc-foi-examples').count();
  out.a11y.dashboard_team = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'foi-dashboard.png'), fullPage: true });

  // Paste a new request: suggestions and the drafted reply.
  await page.fill('#nlc-foi-request-text', 'Number of properties in each council tax band');
  await Promise.all([page.waitForNavigation(), page.locator('#nlc-foi-suggest-form button[type=submit]').click()]);
  out.suggestions = await page.locator('#nlc-foi-suggestions > li > a').allInnerTexts();
  out.reply = await page.locator('#nlc-foi-reply').inputValue();
  out.a11y.dashboard_suggest = await axe(page);

  // Export CSV through the link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nlc-foi-csv')]);
  const csvPath = path.join(SHOTS, 'foi-coverage.csv');
  await download.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
  out.csv_header = csv[0];
  out.csv_rows = csv.length - 1;

  // The Guide to Information (public page, as a visitor would see it).
  const guide = await context.browser().newContext().then(c => c.newPage());
  await guide.goto(BASE + '/publication-scheme');
  out.guide_classes = await guide.locator('section.nlc-guide-class[data-class]').evaluateAll(s => s.map(e => e.dataset.class));
  out.guide_headings = await guide.locator('section.nlc-guide-class h2').allInnerTexts();
  out.guide_datasets = await guide.locator('#class-9 li[data-dataset]').evaluateAll(
    items => items.map(li => ({ name: li.dataset.dataset, href: li.querySelector('a').href, meta: li.innerText })));
  out.guide_staff_flags = await guide.locator('.nlc-foi-staff').count();
  out.a11y.guide = await axe(guide);
  await guide.screenshot({ path: path.join(SHOTS, 'guide.png'), fullPage: true });
});
