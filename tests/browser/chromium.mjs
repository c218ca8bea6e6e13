// Shared by the browser scripts: their command line, and one headless Chromium (the Debian package; no browser is
// downloaded) run with the checks every script makes: nothing may come from another origin (the admin pages run on
// the medical-insurance private network, no CDN) and no console errors. The script's findings go into `result`,
// printed as JSON on stdout at the end; a failure prints the stack and what was seen so far, exit code 1.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `--name value` pairs of the command line; exits with code 2 and `usage` when one of `required` is missing. */
export function parseArgs(required, usage) {
  const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []));
  for (const name of required) {
    if (!args[name]) {
      console.error(`usage: ${usage} (missing --${name})`);
      process.exit(2);
    }
  }
  return args;
}

/**
 * Runs `drive({ context, page })` in a fresh headless Chromium profile. Requests to an origin outside `origins` are
 * refused and recorded in `result.externalRequests`; console errors and page errors go to `result.consoleErrors`.
 */
export async function runInChromium({ origins, viewport, result }, drive) {
  const allowed = new Set(origins.map(url => new URL(url).origin));
  result.externalRequests = [];
  result.consoleErrors = [];
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'vgw-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: flags, viewport,
      locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    });
    await context.route('**/*', route => {
      const url = route.request().url();
      if (!allowed.has(new URL(url).origin) && !url.startsWith('data:')) {
        result.externalRequests.push(url);
        return route.abort();
      }
      return route.continue();
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', message => { if (message.type() === 'error') result.consoleErrors.push(`${message.text()} [${message.location().url}]`); });
    page.on('pageerror', error => result.consoleErrors.push(String(error)));

    await drive({ context, page });

    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } catch (error) {
    console.error(error?.stack ?? String(error));
    console.error(JSON.stringify(result));
    process.exitCode = 1;
  } finally {
    await context?.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
