// Drives the admin pages of two ValidationGateway nodes sharing one store, in one headless Chromium (the Debian
// package), as a load balancer's round robin sends an administrator's pages to either node: log in through node A's
// form, open node B's pages with the same cookie, log out on B, then A must ask for the login again. Prints what it
// saw as JSON on stdout. Used by tests/ValidationGateway.Server.Tests/Admin/AdminSessionsAcrossNodesTests.cs;
// runnable by hand:
//
//   node admin-two-nodes.mjs --a http://127.0.0.1:25091 --b http://127.0.0.1:25092 --key vgw_… --date 2026-11-22
//
// The two nodes are the same host on different ports: browsers do not keep cookies per port, so the one cookie jar
// is what a browser behind one load-balanced address has. Exit code 0 when the pages could be driven (the caller
// asserts what was seen), 1 with a message on stderr otherwise.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
for (const required of ['a', 'b', 'key', 'date']) {
  if (!args[required]) {
    console.error(`usage: node admin-two-nodes.mjs --a URL --b URL --key ADMIN_KEY --date yyyy-MM-dd (missing --${required})`);
    process.exit(2);
  }
}

const a = args.a.replace(/\/$/, '');
const b = args.b.replace(/\/$/, '');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const userDataDir = await mkdtemp(path.join(tmpdir(), 'vgw-chromium-'));
const result = { a, b, date: args.date, externalRequests: [], consoleErrors: [] };
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: flags, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  // As in admin-pages.mjs: nothing may come from anywhere but the two nodes (no CDN).
  const origins = new Set([new URL(a).origin, new URL(b).origin]);
  await context.route('**/*', route => {
    const url = route.request().url();
    if (!origins.has(new URL(url).origin) && !url.startsWith('data:')) {
      result.externalRequests.push(url);
      return route.abort();
    }
    return route.continue();
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', message => { if (message.type() === 'error') result.consoleErrors.push(`${message.text()} [${message.location().url}]`); });
  page.on('pageerror', error => result.consoleErrors.push(String(error)));
  const where = () => new URL(page.url()).pathname;
  const sessionCookies = async () => (await context.cookies()).filter(c => c.name === 'vgw_admin')
    .map(c => ({ domain: c.domain, path: c.path, httpOnly: c.httpOnly, sameSite: c.sameSite }));

  // 1. Node B before any login: the login page.
  await page.goto(`${b}/admin?date=${args.date}`);
  result.bBeforeLogin = where();

  // 2. Log in through node A's form.
  await page.goto(`${a}/admin?date=${args.date}`);
  result.aLoginPage = where();
  await page.fill('#key', args.key);
  await Promise.all([page.waitForURL(url => url.pathname === '/admin'), page.click('#login-submit')]);
  result.aAfterLogin = { path: where(), overview: await page.locator('#overview').count() };
  result.cookies = await sessionCookies();

  // 3. The same browser on node B: its pages open without another login.
  await page.goto(`${b}/admin?date=${args.date}`);
  result.bOverview = { path: where(), overview: await page.locator('#overview').count() };
  await page.goto(`${b}/admin/login`);
  result.bLoginWhileLoggedIn = where();

  // 4. Log out on node B; then node A asks for the login again.
  const kept = (await context.cookies()).filter(c => c.name === 'vgw_admin');
  await page.goto(`${b}/admin?date=${args.date}`);
  await Promise.all([page.waitForURL(url => url.pathname === '/admin/login'), page.click('.topbar button[type="submit"]')]);
  result.bAfterLogout = where();
  result.cookiesAfterLogout = await sessionCookies();
  await page.goto(`${a}/admin?date=${args.date}`);
  result.aAfterLogoutOnB = where();

  // 5. The logout ended the session in the store, not only this browser's cookie: the old cookie put back (a copy
  //    kept elsewhere) is refused by node A too.
  await context.addCookies(kept);
  result.oldCookieRestored = (await sessionCookies()).length;
  await page.goto(`${a}/admin?date=${args.date}`);
  result.aWithOldCookie = where();

  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} catch (error) {
  console.error(error?.stack ?? String(error));
  console.error(JSON.stringify(result));
  process.exitCode = 1;
} finally {
  await context?.close();
  await rm(userDataDir, { recursive: true, force: true });
}
