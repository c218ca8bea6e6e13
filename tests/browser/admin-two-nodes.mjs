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
import { parseArgs, runInChromium } from './chromium.mjs';

const args = parseArgs(['a', 'b', 'key', 'date'], 'node admin-two-nodes.mjs --a URL --b URL --key ADMIN_KEY --date yyyy-MM-dd');
const a = args.a.replace(/\/$/, '');
const b = args.b.replace(/\/$/, '');

// Nothing may come from anywhere but the two nodes.
const result = { a, b, date: args.date };
await runInChromium({ origins: [a, b], viewport: { width: 1280, height: 800 }, result }, async ({ context, page }) => {
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
});
