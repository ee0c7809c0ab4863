import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { daysAgo, TestCity } from '../support/city';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * The published lists in a real Chromium against the real hub: the red and black lists (/lists/red, /lists/black) and
 * the honest-shop listing (/honest), as anyone opens them, in Chinese and in English. Screenshots go to a temporary
 * folder (SCREENSHOT_DIR to choose one), named in the output.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'credit-hub-lists-'));
jest.setTimeout(60_000);

interface Listed {
  name: string;
  qrToken: string;
}

let hub: TestHub;
let browser: Browser;
let base: string;
let black: string[];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does)`);
  console.info(`screenshots of the published lists: ${SHOTS}`);
  hub = await startTestHub({ DEMO_MERCHANTS: '120', CHANGE_FEED: 'off' });
  base = `http://127.0.0.1:${hub.service.port}`;
  const city = new TestCity(hub);
  black = ['东港失信甲', '东港失信乙'];
  for (const name of black) await city.record(await city.shop(name), 'FIN-JUD-DEBTOR', daysAgo(20));
  const r = await hub.query('mutation { runEvaluation(cycle: "2026") { merchants } }', {}, await city.admin());
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function open(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 414, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + path);
  return page;
}

/** What the public reads of a published list through the graph: its count and its first fifty shops. */
async function published(field: string): Promise<{ totalCount: number; nodes: Listed[] }> {
  const r = await hub.query(`{ list: ${field} { totalCount nodes { name qrToken } } }`);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.list;
}

const names = (page: Page) => page.locator('#shops li b').allTextContents();

describe('the published lists', () => {
  it('shows the black list in Chinese, each shop linking to its QR page', async () => {
    const want = await published('publishedList(list: BLACK, first: 50)');
    expect(want.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(black));
    const page = await open('/lists/black');
    expect(await page.locator('h1').textContent()).toBe('失信黑名单');
    expect(await page.locator('#count').textContent()).toBe(`共 ${want.totalCount} 户`);
    expect(await names(page)).toEqual(want.nodes.map((n) => n.name));
    await page.screenshot({ path: resolve(SHOTS, 'black-list.zh.png'), fullPage: true });
    await page.getByText(black[0]!).click();
    await page.waitForURL(/\/m\//);
    expect(await page.locator('h1').textContent()).toBe(black[0]);
  });

  it('lists the honest shops of a district and trade the visitor filters by, fifty a page', async () => {
    const all = await published('honestShops(first: 1000)');
    expect(all.totalCount).toBeGreaterThan(50);
    const page = await open('/honest');
    expect(await page.locator('h1').textContent()).toBe('信用优选商户');
    expect(await names(page)).toEqual(all.nodes.slice(0, 50).map((n) => n.name));
    await page.locator('#next').click();
    await page.waitForURL(/after=/);
    expect(await names(page)).toEqual(all.nodes.slice(50, 100).map((n) => n.name));

    const district = '东港区';
    const trade = '餐饮';
    const want = await published(`honestShops(district: "${district}", trade: "${trade}", first: 50)`);
    await page.locator('input[name=district]').fill(district);
    await page.locator('input[name=trade]').fill(trade);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/district=/);
    expect(await page.locator('#count').textContent()).toBe(`共 ${want.totalCount} 户`);
    expect(await names(page)).toEqual(want.nodes.map((n) => n.name));
    await page.screenshot({ path: resolve(SHOTS, 'honest.zh.png'), fullPage: true });
  });

  it('shows the red list in English with ?lang=en, with a link back to Chinese', async () => {
    const want = await published('publishedList(list: RED, first: 50)');
    const page = await open('/lists/red?lang=en');
    expect(await page.locator('h1').textContent()).toBe('Red list');
    expect(await page.locator('#count').textContent()).toBe(`${want.totalCount} ${want.totalCount === 1 ? 'shop' : 'shops'}`);
    expect(await names(page)).toEqual(want.nodes.map((n) => n.name));
    await page.screenshot({ path: resolve(SHOTS, 'red-list.en.png'), fullPage: true });
    await page.locator('#lang').click();
    await page.waitForURL((u) => !u.search.includes('lang=en'));
    expect(await page.locator('h1').textContent()).toBe('守信红名单');
  });

  it('answers a cursor it never gave out with 400 and says why', async () => {
    const response = await (await browser.newPage()).goto(`${base}/honest?after=not-a-cursor`);
    expect(response!.status()).toBe(400);
    expect(await response!.text()).toMatch(/is not a cursor this API gave out/);
  });

  it('loaded every page without errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
