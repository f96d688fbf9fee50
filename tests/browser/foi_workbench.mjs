// The FOI workbench on a CKAN of the test's own: a visitor requests a dataset on the
// contact page (personal details removed); the FOI team sees it on the dashboard,
// classifies two unmatched requests with two topics in one go, changes and clears one,
// checks partly covered and not covered requests, reads the before/after deflection
// and the late badge; the Guide shows the FOI contact and review date. axe on each page.
import { BASE, SHOTS, axe, scenario } from './browser.mjs';
import path from 'node:path';

const TOKEN = process.env.NLC_TOKEN;

await scenario(async (context, out) => {
  const visitor = await context.newPage();
  await visitor.goto(BASE + '/contact');
  out.contact_mailbox = await visitor.locator('#nlc-contact-foi a[href^="mailto:"]').innerText();
  out.a11y.contact = await axe(visitor);
  await visitor.fill('#nlc-dataset-request', 'Please publish bus shelter locations. Reply to sam.sample@example.org');
  await Promise.all([visitor.waitForNavigation(), visitor.locator('#nlc-contact-form button[type=submit]').click()]);
  out.contact_sent = await visitor.locator('#nlc-contact-sent').innerText();
  out.a11y.contact_sent = await axe(visitor);
  await visitor.screenshot({ path: path.join(SHOTS, 'contact.png'), fullPage: true });
  await visitor.close();

  const team = await context.browser().newContext({ extraHTTPHeaders: { Authorization: TOKEN } });
  const page = await team.newPage();
  await page.goto(BASE + '/foi/dashboard');
  out.dataset_requests = await page.locator('#nlc-foi-dataset-requests li').allInnerTexts();
  out.unmatched_before = await page.locator('#nlc-foi-unmatched input[type=checkbox]').count();
  out.a11y.dashboard = await axe(page);
  // Two requests at once, two topics.
  const boxes = page.locator('#nlc-foi-unmatched input[type=checkbox]');
  out.first_two = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.selectOption('#nlc-foi-topics', ['libraries', 'museums-galleries']);
  await Promise.all([page.waitForNavigation(), page.click('#nlc-foi-assign')]);
  out.assign_flash = await page.locator('.flash-messages, .alert').allInnerTexts();
  out.unmatched_after = await page.locator('#nlc-foi-unmatched input[type=checkbox]').count();
  // Change one, then clear it, by reference.
  await page.fill('#nlc-foi-references', out.first_two[0]);
  await page.selectOption('#nlc-foi-topics', ['schools']);
  await Promise.all([page.waitForNavigation(), page.click('#nlc-foi-assign')]);
  out.change_flash = await page.locator('.flash-messages, .alert').allInnerTexts();
  await page.fill('#nlc-foi-references', out.first_two[0]);
  await Promise.all([page.waitForNavigation(), page.click('#nlc-foi-clear')]);
  out.clear_flash = await page.locator('.flash-messages, .alert').allInnerTexts();
  out.unmatched_final = await page.locator('#nlc-foi-unmatched input[type=checkbox]').count();

  // Deflection and late publication in the top-topics table.
  const toilets = page.locator('#nlc-foi-top tr[data-topic="public-toilets"]');
  out.deflection = await toilets.locator('.nlc-foi-deflection').innerText();
  out.late = await toilets.locator('.nlc-foi-late').count();
  out.partial_note = await page.locator('#nlc-foi-partial-note').count();

  // A partly covered request and one published data does not hold.
  await page.fill('#nlc-foi-request-text', 'Opening hours of public toilets and council tax exemptions for care leavers');
  await Promise.all([page.waitForNavigation(), page.locator('#nlc-foi-suggest-form button[type=submit]').click()]);
  out.partly_suggestions = await page.locator('#nlc-foi-suggestions > li > a').allInnerTexts();
  out.partly_open = await page.locator('#nlc-foi-open-parts li').allInnerTexts();
  out.partly_reply = await page.locator('#nlc-foi-reply').inputValue();
  out.partly_page = (await page.locator('body').innerText()).slice(0, 3000);  // for a failure message
  out.a11y.dashboard_suggest = await axe(page);
  await page.screenshot({ path: path.join(SHOTS, 'foi-workbench.png'), fullPage: true });
  await page.fill('#nlc-foi-request-text', 'School Capacity');
  await Promise.all([page.waitForNavigation(), page.locator('#nlc-foi-suggest-form button[type=submit]').click()]);
  out.capacity_suggestions = await page.locator('#nlc-foi-suggestions > li').count();
  out.capacity_open = await page.locator('#nlc-foi-open-parts li').allInnerTexts();
  out.capacity_reply = await page.locator('#nlc-foi-reply').inputValue();
  // Empty request refused with a message.
  await page.evaluate(() => document.querySelector('#nlc-foi-request-text').removeAttribute('required'));
  await page.fill('#nlc-foi-request-text', '   ');
  await Promise.all([page.waitForNavigation(), page.locator('#nlc-foi-suggest-form button[type=submit]').click()]);
  out.empty_error = await page.locator('#nlc-foi-suggest-error').innerText();

  const guide = await context.newPage();
  await guide.goto(BASE + '/publication-scheme');
  out.guide_contact = await guide.locator('#nlc-guide-contact').innerText();
  out.guide_review = await guide.locator('#nlc-guide-review').innerText();
  out.a11y.guide = await axe(guide);
});
