import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * The pages people open in a browser, in a real Chromium against the real hub: the department dashboard
 * (/dashboard) and the public QR page (/m/<qrToken>). CI installs Chromium (.ci/run); without it these fail.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '../../test-results');
jest.setTimeout(60_000);

interface Demo {
  uscc: string;
  name: string;
  qrToken: string;
  credit: { grade: string; breakdown: { code: string; reason: string }[] };
}

let hub: TestHub;
let browser: Browser;
let base: string;
let analyst: string;
let shop: Demo;
let search: string;
let topTitles: string[];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does) — these tests do not skip`);
  }
  mkdirSync(SHOTS, { recursive: true });
  hub = await startTestHub({ DEMO_MERCHANTS: '120', CHANGE_FEED: 'off' });
  base = `http://127.0.0.1:${hub.service.port}`;
  const admin = await hub.token({ roles: ['admin'] });
  for (const cycle of ['2025', '2026']) {
    const r = await hub.query('mutation($c: String!) { runEvaluation(cycle: $c) { merchants } }', { c: cycle }, admin);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  analyst = await hub.token({ roles: ['department_analyst'], department: 'market', sub: 'analyst-1' });

  // a demo shop with something in its breakdown, and part of its name that finds it among at most 20
  const all = await hub.query<{ merchantsPage: { nodes: Demo[] } }>(
    '{ merchantsPage(first: 120) { nodes { uscc name qrToken credit { grade breakdown { code reason } } } } }',
    {},
    analyst,
  );
  const nodes = all.data!.merchantsPage.nodes;
  const unique = (n: Demo) => nodes.filter((o) => o.name === n.name).length === 1;
  shop = nodes.find((n) => n.credit.breakdown.length > 0 && unique(n))!;
  expect(shop).toBeDefined();
  const parts = [...Array(shop.name.length).keys()].flatMap((i) => [3, 4, 2].map((len) => shop.name.slice(i, i + len))).filter((p) => p.length >= 2);
  search = parts.find((p) => p !== shop.name && nodes.filter((n) => n.name.includes(p)).length <= 20)!;
  expect(search).toBeDefined();

  const top = await hub.query<{ topViolations: { title: string }[] }>('{ topViolations(first: 3) { title } }', {}, analyst);
  topTitles = top.data!.topViolations.map((v) => v.title);
  expect(topTitles.length).toBeGreaterThan(0);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function open(path: string, viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + path);
  return page;
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

describe('the department dashboard at /dashboard', () => {
  it('shows the grade charts, the cycles and the top violations to a signed-in analyst, and finds a merchant', async () => {
    const page = await open(`/dashboard#token=${analyst}`);
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    await page.locator('#violations canvas').waitFor({ state: 'visible' });

    // the token is kept for the tab, not left in the address bar
    expect(page.url()).toBe(`${base}/dashboard`);

    expect(await text(page, '#by-district h2')).toContain('Grades by district');
    const box = await page.locator('#by-district canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(200);
    for (const id of ['#by-trade', '#trend', '#measures']) expect(await page.locator(`${id} canvas`).isVisible()).toBe(true);
    expect(await page.locator('#cycle option').allTextContents()).toEqual(['2026', '2025']);
    expect(await page.locator('#cycle').inputValue()).toBe('2026');
    const violations = await text(page, '#violations');
    expect(violations).toContain('Most frequent violations');
    for (const title of topTitles) expect(violations).toContain(title);
    expect(await text(page, '.tiles')).toContain('120');
    await page.screenshot({ path: resolve(SHOTS, 'dashboard.png'), fullPage: true });

    // another cycle
    await page.locator('#cycle').selectOption('2025');
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    expect(await text(page, '.tiles')).toContain('2025');

    // search by part of a name, open the profile
    await page.getByRole('searchbox', { name: 'merchant name' }).fill(search);
    await page.getByRole('button', { name: /Search/ }).click();
    await page.locator('.results button', { hasText: shop.name }).click();
    const profile = page.locator('#profile');
    await profile.waitFor({ state: 'visible' });
    expect(await text(page, '#profile h2')).toBe(shop.name);
    expect(await text(page, '#profile .badge')).toBe(shop.credit.grade);
    expect(await text(page, '#profile')).toMatch(/score \d+/);
    const breakdown = await text(page, '#breakdown');
    for (const item of shop.credit.breakdown) {
      expect(breakdown).toContain(item.code);
      expect(breakdown).toContain(item.reason.replace(/\s+/g, ' '));
    }
    expect(await text(page, '#profile')).toContain('Approval mode');
    await page.screenshot({ path: resolve(SHOTS, 'profile.png') });

    // its public QR page, in a new tab
    const [qr] = await Promise.all([page.context().waitForEvent('page'), page.locator('#qr-link').click()]);
    await qr.waitForLoadState();
    expect(new URL(qr.url()).pathname).toBe(`/m/${shop.qrToken}`);
    expect(await text(qr, 'h1')).toBe(shop.name);
    expect(await text(qr, '.badge')).toBe(shop.credit.grade);
    await page.context().close();
  });

  it('asks for a token when signed out, and says so when the token is refused', async () => {
    const page = await open('/dashboard');
    await page.locator('#sign-in').waitFor();
    expect(await text(page, '#sign-in h2')).toContain('Not signed in');

    await page.getByRole('textbox', { name: 'token' }).fill('not-a-token');
    await page.getByRole('button', { name: /Sign in/ }).click();
    await page.getByText('The token was refused (UNAUTHENTICATED)').waitFor();

    // a good token pasted into the box signs in
    await page.getByRole('textbox', { name: 'token' }).fill(analyst);
    await page.getByRole('button', { name: /Sign in/ }).click();
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    await page.context().close();
  });
});

describe('the public QR page at /m/<qrToken>', () => {
  it('shows a phone the shop, its grade and the report form', async () => {
    const page = await open(`/m/${shop.qrToken}`, { width: 390, height: 844 });
    expect(await text(page, 'h1')).toBe(shop.name);
    expect(await text(page, '.badge')).toBe(shop.credit.grade);
    expect(await page.locator('.badge').isVisible()).toBe(true);
    expect(await page.locator('form#report textarea').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /Send/ }).isVisible()).toBe(true);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: resolve(SHOTS, 'qr-page.png'), fullPage: true });
    await page.context().close();
  });
});

// after every page above: none of them threw a script error
it('loaded every page\'s modules without errors', () => {
  expect(pageErrors).toEqual([]);
});
