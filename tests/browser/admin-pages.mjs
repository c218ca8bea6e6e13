// Drives the ValidationGateway admin pages in headless Chromium (the Debian package) and prints what a person sees,
// as JSON on stdout. Used by tests/ValidationGateway.Server.Tests/Admin/AdminPagesBrowserTests.cs; runnable by hand:
//
//   node admin-pages.mjs --base http://127.0.0.1:5081 --key vgw_… --date 2026-11-22 --institution H21010200123 --out /tmp/shots
//
// Exit code 0 when the pages could be driven (the caller asserts the numbers), 1 with a message on stderr otherwise.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, runInChromium } from './chromium.mjs';

const args = parseArgs(['base', 'key', 'date', 'institution', 'out'],
  'node admin-pages.mjs --base URL --key ADMIN_KEY --date yyyy-MM-dd --institution CODE --out DIR');
const base = args.base.replace(/\/$/, '');

await mkdir(args.out, { recursive: true });
const result = { base, date: args.date, institution: args.institution, screenshots: [] };
await runInChromium({ origins: [base], viewport: { width: 1440, height: 900 }, result }, async ({ context, page }) => {
  const shot = async name => {
    const file = path.join(args.out, name);
    await page.screenshot({ path: file, fullPage: true });
    result.screenshots.push(file);
  };

  // 1. Without a session the overview sends the browser to the login page.
  await page.goto(`${base}/admin?date=${args.date}`);
  result.login = { redirectedTo: new URL(page.url()).pathname, title: await page.title() };
  await shot('01-login.png');

  // 2. Log in with the administrator key; the login returns to the page asked for.
  await page.fill('#key', args.key);
  await Promise.all([page.waitForURL(url => url.pathname === '/admin'), page.click('#login-submit')]);
  const cookies = await context.cookies(`${base}/admin`);
  const session = cookies.find(c => c.name === 'vgw_admin');
  result.login.landedOn = new URL(page.url()).pathname + new URL(page.url()).search;
  result.login.cookie = session ? { httpOnly: session.httpOnly, sameSite: session.sameSite, path: session.path } : null;

  // 3. The overview table, as text per column.
  await page.waitForSelector('#overview');
  result.overview = await page.evaluate(() => {
    const table = document.querySelector('#overview');
    const headers = [...table.querySelectorAll('thead th')].map(th => th.innerText.replace(/\s+/g, ' ').trim());
    const rows = [...table.querySelectorAll('tbody tr[data-code]')].map(tr => {
      const row = { code: tr.dataset.code };
      for (const td of tr.querySelectorAll('td[data-col]')) row[td.dataset.col] = td.innerText.trim();
      return row;
    });
    const downloads = [...document.querySelectorAll('.downloads a')].map(a => a.getAttribute('href'));
    return { date: table.dataset.date, headers, rows, downloads, heading: document.querySelector('h1').innerText };
  });
  await shot('02-overview.png');

  // 4. The institution page: the chart must be drawn (visible, with bars and the share line).
  await Promise.all([page.waitForURL(url => url.pathname.startsWith('/admin/institutions/')),
    page.click(`#overview tr[data-code="${args.institution}"] td[data-col="code"] a`)]);
  await page.waitForSelector('#trend-chart');
  result.institution = await page.evaluate(() => {
    const svg = document.querySelector('#trend-chart');
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll('rect.bar')].map(r => ({
      kind: [...r.classList].find(c => c.startsWith('bar-')).slice(4), day: r.dataset.day, count: Number(r.dataset.count),
      height: r.getBBox().height,
    }));
    const findings = [...document.querySelectorAll('#findings tbody tr')].map(tr => ({ rule: tr.dataset.rule, text: tr.cells[1].innerText.trim(), count: tr.cells[4].innerText.trim() }));
    const codes = [...document.querySelectorAll('#codes tbody tr')].map(tr => ({ code: tr.dataset.code, rule: tr.cells[2].innerText.trim(), count: tr.cells[3].innerText.trim() }));
    return {
      name: document.querySelector('#institution-name').innerText,
      url: location.pathname + location.search,
      chart: { width: box.width, height: box.height, days: Number(svg.dataset.days), bars, sharePoints: svg.querySelectorAll('circle.share-point').length, shareLines: svg.querySelectorAll('polyline.share-line').length },
      findings, codes,
    };
  });
  await page.locator('#trend-chart').screenshot({ path: path.join(args.out, '03-chart.png') });
  result.screenshots.push(path.join(args.out, '03-chart.png'));
  await shot('03-institution.png');

  // 5. The notice for the day, on screen and as printed (A4 PDF).
  await page.goto(`${base}/admin/institutions/${encodeURIComponent(args.institution)}/notice?date=${args.date}`);
  result.notice = await page.evaluate(() => ({
    title: document.querySelector('#notice-title')?.innerText ?? null,
    institution: document.querySelector('#notice-institution')?.innerText ?? null,
    number: document.querySelector('#notice-number')?.innerText ?? null,
    summary: document.querySelector('#notice-summary')?.innerText ?? null,
    findings: [...document.querySelectorAll('#notice-findings tbody tr')].map(tr => ({ rule: tr.dataset.rule, count: tr.cells[4].innerText.trim() })),
    codes: [...document.querySelectorAll('#codes tbody tr')].map(tr => ({ code: tr.dataset.code, action: tr.cells[4]?.innerText.trim() })),
  }));
  await shot('04-notice.png');
  await page.emulateMedia({ media: 'print' });
  await shot('05-notice-print.png');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pdfFile = path.join(args.out, 'notice.pdf');
  await writeFile(pdfFile, pdf);
  result.notice.pdfPages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  result.screenshots.push(pdfFile);
  await page.emulateMedia({ media: 'screen' });

  // 6. Logging out ends the session.
  await page.goto(`${base}/admin?date=${args.date}`);
  await Promise.all([page.waitForURL(url => url.pathname === '/admin/login'), page.click('.topbar button[type="submit"]')]);
  await page.goto(`${base}/admin?date=${args.date}`);
  result.logout = { redirectedTo: new URL(page.url()).pathname };
});
