import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { catalogueEntry } from '../../src/catalogue';
import { BUILT_IN_MEASURES, LEVEL_LABELS, type Level } from '../../src/credit-engine';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * The pages people open in a browser, in a real Chromium against the real hub: the department dashboard
 * (/dashboard) and the public QR page (/m/<qrToken>), in Chinese (their first language) and in English. CI installs
 * Chromium (.ci/run); without it these fail. Screenshots go to a temporary folder (SCREENSHOT_DIR to choose one),
 * named in the output, to be looked at.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'credit-hub-pages-'));
jest.setTimeout(60_000);

interface Demo {
  uscc: string;
  name: string;
  qrToken: string;
  district: string;
  credit: { grade: string; breakdown: { code: string; reason: string; points: number }[] };
}

let hub: TestHub;
let browser: Browser;
let base: string;
let analyst: string;
let shop: Demo;
let search: string;
let topCodes: string[];
let nodes: Demo[];
const pageErrors: string[] = [];

const CUSTOM_MEASURE = {
  id: 'A-NIGHT-MARKET',
  title: '夜市摊位优先分配',
  kind: 'INCENTIVE',
  department: '商务局',
  legalBasis: '夜间经济促进办法',
  context: 'SUBSIDY',
  trigger: { levels: ['A'] },
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const titleZh = (code: string) => catalogueEntry(code)!.titleZh;
const titleEn = (code: string) => catalogueEntry(code)!.title;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does) — these tests do not skip`);
  }
  console.info(`screenshots of the pages: ${SHOTS}`);
  hub = await startTestHub({ DEMO_MERCHANTS: '120', CHANGE_FEED: 'off' });
  base = `http://127.0.0.1:${hub.service.port}`;
  const admin = await hub.token({ roles: ['admin'] });
  // a measure an administrator adds at run time: it has the one title it was given, shown as given in both languages
  const added = await hub.query('mutation($m: MeasureInput!) { addMeasure(input: $m) { id } }', { m: CUSTOM_MEASURE }, admin);
  if (added.errors) throw new Error(JSON.stringify(added.errors));
  for (const cycle of ['2025', '2026']) {
    const r = await hub.query('mutation($c: String!) { runEvaluation(cycle: $c) { merchants } }', { c: cycle }, admin);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  analyst = await hub.token({ roles: ['department_analyst'], department: 'market', sub: 'analyst-1' });

  // a demo shop with something in its breakdown, and part of its name that finds it among at most 20
  const all = await hub.query<{ merchantsPage: { nodes: Demo[] } }>(
    '{ merchantsPage(first: 120) { nodes { uscc name qrToken district credit { grade breakdown { code reason points } } } } }',
    {},
    analyst,
  );
  nodes = all.data!.merchantsPage.nodes;
  const unique = (n: Demo) => nodes.filter((o) => o.name === n.name).length === 1;
  shop = nodes.find((n) => n.credit.breakdown.length > 0 && unique(n))!;
  expect(shop).toBeDefined();
  const parts = [...Array(shop.name.length).keys()].flatMap((i) => [3, 4, 2].map((len) => shop.name.slice(i, i + len))).filter((p) => p.length >= 2);
  search = parts.find((p) => p !== shop.name && nodes.filter((n) => n.name.includes(p)).length <= 20)!;
  expect(search).toBeDefined();

  const top = await hub.query<{ topViolations: { code: string }[] }>('{ topViolations(first: 3) { code } }', {}, analyst);
  topCodes = top.data!.topViolations.map((v) => v.code);
  expect(topCodes.length).toBeGreaterThan(0);

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
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: resolve(SHOTS, name), fullPage });

/**
 * What is drawn beside the end of a bar of a horizontal bar chart, read from the canvas's pixels: how many dark
 * (text) pixels there are just after the bar (where its count is written), and far after it (where nothing is).
 */
async function inkAfterBar(page: Page, selector: string, which: 'smallest' | 'largest') {
  // run in the page (a script of its own, so that nothing of this file's compilation reaches it)
  return page.evaluate<{ value: number; near: number; far: number; length: number; area: number }>(`(async () => {
    // the page's own Chart.js module (the same instance: the import map names this address)
    const { Chart } = await import('/dashboard/vendor/chart.js/chart.js');
    const canvas = document.querySelector(${JSON.stringify(selector)});
    const chart = Chart.getChart(canvas);
    const values = chart.data.datasets[0].data;
    const index = values.indexOf(Math[${JSON.stringify(which === 'smallest' ? 'min' : 'max')}](...values));
    const bar = chart.getDatasetMeta(0).data[index];
    const ratio = chart.currentDevicePixelRatio;
    const ctx = canvas.getContext('2d');
    const dark = (x) => {
      const img = ctx.getImageData(Math.round(x * ratio), Math.round((bar.y - 7) * ratio), Math.round(24 * ratio), Math.round(14 * ratio)).data;
      let n = 0;
      for (let i = 0; i < img.length; i += 4) if (img[i + 3] > 128 && img[i] < 110 && img[i + 1] < 110 && img[i + 2] < 110) n++;
      return n;
    };
    return { value: values[index], near: dark(bar.x + 1), far: dark(bar.x + 40), length: bar.x - bar.base, area: chart.chartArea.width };
  })()`);
}

describe('the department dashboard at /dashboard', () => {
  it('shows the grade charts, the cycles and the top violations to a signed-in analyst in Chinese, and finds a merchant', async () => {
    const page = await open(`/dashboard#token=${analyst}`);
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    await page.locator('#violations canvas').waitFor({ state: 'visible' });

    // the token is kept for the tab, not left in the address bar
    expect(page.url()).toBe(`${base}/dashboard`);
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    expect(await page.locator('#lang-zh').getAttribute('aria-pressed')).toBe('true');

    expect(await text(page, 'header h1')).toBe('信用看板');
    expect(await text(page, '#by-district h2')).toBe('各区县信用等级分布');
    const box = await page.locator('#by-district canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(200);
    for (const id of ['#by-trade', '#trend', '#incentives', '#measures']) expect(await page.locator(`${id} canvas`).isVisible()).toBe(true);
    // every chart drawn at the width of its card (a canvas no chart took is 300 pixels wide)
    for (const id of ['#by-trade', '#trend', '#violations', '#incentives', '#measures'])
      expect((await page.locator(`${id} canvas`).boundingBox())!.width).toBeGreaterThan(400);
    expect(await page.locator('#cycle option').allTextContents()).toEqual(['2026', '2025']);
    expect(await page.locator('#cycle').inputValue()).toBe('2026');
    const violations = await text(page, '#violations');
    expect(violations).toContain('高发失信行为');
    // each title whole, in Chinese, with no English beside it
    for (const code of topCodes) expect(violations).toContain(titleZh(code));
    for (const code of topCodes) expect(violations).not.toContain(titleEn(code));
    const tiles = await text(page, '.tiles');
    expect(tiles).toContain('120');
    expect(tiles).toContain(`A ${LEVEL_LABELS.A.zh}`);
    expect(tiles).toContain(`D ${LEVEL_LABELS.D.zh}`);
    // the measures: incentives and punishments apart, each with the Chinese title of its built-in measures
    expect(await text(page, '#incentives h2')).toBe('守信激励措施');
    expect(await text(page, '#measures h2')).toBe('失信惩戒措施');
    const incentives = await text(page, '#incentives table');
    expect(BUILT_IN_MEASURES.filter((m) => m.kind === 'INCENTIVE' && incentives.includes(m.titleZh!)).length).toBeGreaterThan(0);
    expect(BUILT_IN_MEASURES.filter((m) => m.kind === 'PUNISHMENT' && incentives.includes(m.titleZh!))).toEqual([]);
    expect(incentives).toContain(CUSTOM_MEASURE.title);
    await shot(page, 'dashboard-zh.png');

    // another cycle
    await page.locator('#cycle').selectOption('2025');
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    expect(await text(page, '.tiles')).toContain('2025');

    // search by part of a name, open the profile
    await page.getByRole('searchbox', { name: '商户名称' }).fill(search);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.results button', { hasText: shop.name }).click();
    const profile = page.locator('#profile');
    await profile.waitFor({ state: 'visible' });
    expect(await text(page, '#profile h2')).toBe(shop.name);
    expect(await text(page, '#profile .badge')).toBe(shop.credit.grade);
    expect(await text(page, '#profile')).toMatch(/分数 \d+/);
    if (/^[ABCD]$/.test(shop.credit.grade)) expect(await text(page, '#grade-words')).toBe(LEVEL_LABELS[shop.credit.grade as Level].zh);
    // the score items from their fields: the record's Chinese title, its code, its points; no event ids
    const breakdown = await text(page, '#breakdown');
    for (const item of shop.credit.breakdown) {
      expect(breakdown).toContain(item.code);
      expect(breakdown).toContain(titleZh(item.code));
      expect(breakdown).toContain(`${item.points > 0 ? '+' : ''}${item.points}`);
    }
    expect(await text(page, '#profile')).not.toMatch(UUID);
    expect(await text(page, '#profile')).toContain('审批方式');
    await shot(page, 'profile-zh.png', false);

    // its public QR page, in a new tab, in Chinese too
    const [qr] = await Promise.all([page.context().waitForEvent('page'), page.locator('#qr-link').click()]);
    await qr.waitForLoadState();
    expect(new URL(qr.url()).pathname).toBe(`/m/${shop.qrToken}`);
    expect(await text(qr, 'h1')).toBe(shop.name);
    expect(await text(qr, '.badge')).toBe(shop.credit.grade);
    expect(await qr.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.context().close();
  });

  it('writes the counts on the bars, and keeps the punishments of a few merchants apart from the incentives of most', async () => {
    const page = await open(`/dashboard#token=${analyst}`);
    await page.locator('#measures canvas').waitFor({ state: 'visible' });
    for (const [selector, which] of [
      ['#measures canvas', 'smallest'],
      ['#measures canvas', 'largest'],
      ['#incentives canvas', 'largest'],
      ['#violations canvas', 'smallest'],
    ] as const) {
      const ink = await inkAfterBar(page, selector, which);
      // the count is written just after the bar; nothing is written further on (the check can fail)
      expect([selector, which, ink.value > 0, ink.near > 8, ink.far]).toEqual([selector, which, true, true, 0]);
    }
    // on its own scale, the largest punishment fills most of its chart rather than a sliver of the incentives'
    const punishments = await inkAfterBar(page, '#measures canvas', 'largest');
    expect(punishments.length / punishments.area).toBeGreaterThan(0.6);
    await page.locator('#measures').screenshot({ path: resolve(SHOTS, 'punishments-zh.png') });
    await page.context().close();
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await open(`/dashboard#token=${analyst}`);
    await page.locator('#violations canvas').waitFor({ state: 'visible' });
    await page.locator('#lang-en').click();
    await page.locator('#by-district h2', { hasText: 'Grades by district' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(await page.locator('#lang-en').getAttribute('aria-pressed')).toBe('true');
    expect(await text(page, 'header h1')).toBe('Credit dashboard');
    const violations = await text(page, '#violations');
    expect(violations).toContain('Most frequent violations');
    for (const code of topCodes) expect(violations).toContain(titleEn(code));
    for (const code of topCodes) expect(violations).not.toContain(titleZh(code));
    expect(await text(page, '.tiles')).toContain(`A ${LEVEL_LABELS.A.en}`);
    expect(await text(page, '#measures h2')).toBe('Punishments applied');
    const incentives = await text(page, '#incentives table');
    expect(BUILT_IN_MEASURES.filter((m) => m.kind === 'INCENTIVE' && incentives.includes(m.title)).length).toBeGreaterThan(0);
    expect(incentives).toContain(CUSTOM_MEASURE.title);
    await shot(page, 'dashboard-en.png');

    // remembered: a new visit opens in English
    await page.reload();
    await page.locator('#by-district h2', { hasText: 'Grades by district' }).waitFor();

    await page.getByRole('searchbox', { name: 'merchant name' }).fill(search);
    await page.getByRole('button', { name: /Search/ }).click();
    await page.locator('.results button', { hasText: shop.name }).click();
    await page.locator('#profile').waitFor({ state: 'visible' });
    expect(await text(page, '#profile')).toMatch(/score \d+/);
    expect(await text(page, '#profile')).toContain('Approval mode');
    const breakdown = await text(page, '#breakdown');
    for (const item of shop.credit.breakdown) {
      expect(breakdown).toContain(item.code);
      expect(breakdown).toContain(titleEn(item.code));
    }
    expect(await text(page, '#profile')).not.toMatch(UUID);
    await shot(page, 'profile-en.png', false);

    // the QR page it links to is in English as well
    const [qr] = await Promise.all([page.context().waitForEvent('page'), page.locator('#qr-link').click()]);
    await qr.waitForLoadState();
    expect(new URL(qr.url()).search).toBe('?lang=en');
    expect(await qr.evaluate('document.documentElement.lang')).toBe('en');
    await qr.close();

    await page.locator('#profile .close').click();
    await page.locator('#lang-zh').click();
    await page.locator('#by-district h2', { hasText: '各区县信用等级分布' }).waitFor();
    await page.reload();
    await page.locator('#by-district h2', { hasText: '各区县信用等级分布' }).waitFor();

    // on a phone: one column, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#measures canvas').waitFor({ state: 'visible' });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'dashboard-phone-zh.png');
    await page.locator('#violations').screenshot({ path: resolve(SHOTS, 'violations-phone-zh.png') });
    await page.context().close();
  });

  it('pages through a search, 20 merchants a page, and filters it by district', async () => {
    const page = await open(`/dashboard#token=${analyst}`);
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    // an empty name: the whole directory
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('#search-count', { hasText: '共 120 个结果' }).waitFor();
    expect(await text(page, '#search-count')).toBe('共 120 个结果 · 第 1 / 6 页');
    const uscc = (p: Page) => p.locator('.results small').evaluateAll((els) => els.map((e) => e.textContent!.split(' · ').at(-1)!));
    const first = await uscc(page);
    expect(first).toHaveLength(20);
    expect(await page.locator('#page-previous').isDisabled()).toBe(true);

    const seen = new Set(first);
    for (let n = 2; n <= 6; n++) {
      await page.locator('#page-next').click();
      await page.locator('#search-count', { hasText: `第 ${n} / 6 页` }).waitFor();
      for (const u of await uscc(page)) seen.add(u);
    }
    // every merchant once, in credit-code order, and the last page says so
    expect(seen.size).toBe(120);
    expect([...seen]).toEqual(nodes.map((n) => n.uscc));
    expect(await page.locator('#page-next').isDisabled()).toBe(true);
    await page.locator('#search').screenshot({ path: resolve(SHOTS, 'search-last-page.png') });

    // back one page is the page that was shown
    await page.locator('#page-previous').click();
    await page.locator('#search-count', { hasText: '第 5 / 6 页' }).waitFor();
    expect(await uscc(page)).toEqual(nodes.slice(80, 100).map((n) => n.uscc));

    // a district: the merchants of that district only, counted as the graph counts them
    const district = nodes[0]!.district;
    const inDistrict = nodes.filter((n) => n.district === district);
    await page.locator('#filter-district').selectOption(district);
    await page.locator('#search-count', { hasText: `共 ${inDistrict.length} 个结果` }).waitFor();
    const shown = await page.locator('.results small').allTextContents();
    expect(shown.length).toBe(Math.min(20, inDistrict.length));
    for (const s of shown) expect(s).toContain(district);
    await page.context().close();
  });

  it("pages a search filtered by the latest evaluation's grade, and narrows it by list", async () => {
    // what the latest finished cycle (2026) kept of each merchant
    const kept = await hub.query<{ merchantsPage: { nodes: { uscc: string; snapshot: { grade: string; lists: string[] } }[] } }>(
      '{ merchantsPage(first: 120) { nodes { uscc snapshot(cycle: "2026") { grade lists } } } }',
      {},
      analyst,
    );
    expect(kept.errors).toBeUndefined();
    const snapshots = kept.data!.merchantsPage.nodes;
    const counts = new Map<string, number>();
    for (const n of snapshots) counts.set(n.snapshot.grade, (counts.get(n.snapshot.grade) ?? 0) + 1);
    // the most frequent grade: more than one page of it
    const [grade, total] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(total).toBeGreaterThan(20);
    const want = snapshots.filter((n) => n.snapshot.grade === grade).map((n) => n.uscc);
    const pagesOf = Math.ceil(total / 20);

    const page = await open(`/dashboard#token=${analyst}`);
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    expect(await page.locator('#filter-grade option').allTextContents()).toEqual([
      '全部等级',
      ...(['A', 'B', 'C', 'D'] as Level[]).map((l) => `${l} ${LEVEL_LABELS[l].zh}`),
    ]);
    expect(await page.locator('#filter-list option').allTextContents()).toEqual(['全部名单', '红名单', '黑名单']);
    await page.locator('#filter-grade').selectOption(grade);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('#search-count', { hasText: `共 ${total} 个结果 · 第 1 / ${pagesOf} 页` }).waitFor();
    // it says which evaluation the grade is of
    expect(await text(page, '#search-basis')).toContain('最近一次评价（2026 周期）');
    const uscc = (p: Page) => p.locator('.results small').evaluateAll((els) => els.map((e) => e.textContent!.split(' · ').at(-1)!));
    const seen = [...(await uscc(page))];
    for (let n = 2; n <= pagesOf; n++) {
      await page.locator('#page-next').click();
      await page.locator('#search-count', { hasText: `第 ${n} / ${pagesOf} 页` }).waitFor();
      seen.push(...(await uscc(page)));
    }
    expect(seen).toEqual(want);
    expect(await page.locator('#page-next').isDisabled()).toBe(true);
    await page.locator('#search').screenshot({ path: resolve(SHOTS, 'search-by-grade-zh.png') });

    // and the merchants of that grade on the red list, counted as the graph counts them
    const red = snapshots.filter((n) => n.snapshot.grade === grade && n.snapshot.lists.includes('RED'));
    await page.locator('#filter-list').selectOption('RED');
    await page.locator('#search-count', { hasText: `共 ${red.length} 个结果` }).waitFor();
    expect(await uscc(page)).toEqual(red.slice(0, 20).map((n) => n.uscc));
    await page.context().close();
  });

  it('asks for a token when signed out, and says why a token is refused', async () => {
    const page = await open('/dashboard');
    await page.locator('#sign-in').waitFor();
    expect(await text(page, '#sign-in h2')).toBe('未登录');

    await page.getByRole('textbox', { name: '令牌' }).fill('not-a-token');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('令牌被拒绝（UNAUTHENTICATED）').waitFor();
    expect(await text(page, '#refusal')).toBe('原因：这不是格式正确的签名令牌（JWT）');
    expect(await text(page, '#refusal-detail')).toContain('token refused: it is not a well-formed signed JWT');
    expect(await text(page, '#refusal-detail')).toContain('HTTP 401');

    // an expired token, and one made for another audience
    const expired = await hub.issuer.sign(
      { sub: 'analyst-1', roles: ['department_analyst'], department: 'market' },
      { expiresIn: Math.floor(Date.now() / 1000) - 3600 },
    );
    await page.getByRole('textbox', { name: '令牌' }).fill(expired);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#refusal', { hasText: '令牌已过期' }).waitFor();
    expect(await text(page, '#refusal-detail')).toContain('token refused: it has expired');
    await shot(page, 'refused-zh.png', false);

    const elsewhere = await hub.issuer.sign({ sub: 'analyst-1', roles: ['department_analyst'], department: 'market' }, { audience: 'another-service' });
    await page.getByRole('textbox', { name: '令牌' }).fill(elsewhere);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#refusal', { hasText: '令牌的受众（aud）不是本平台' }).waitFor();
    expect(await text(page, '#refusal-detail')).toContain('claim "aud" is not accepted');

    // the same in English
    await page.locator('#lang-en').click();
    await page.getByText('The token was refused (UNAUTHENTICATED)').waitFor();
    expect(await text(page, '#refusal')).toBe('Reason: claim "aud" is not accepted');
    await page.getByRole('textbox', { name: 'token' }).fill(expired);
    await page.getByRole('button', { name: /Sign in/ }).click();
    await page.locator('#refusal', { hasText: 'Reason: it has expired' }).waitFor();
    await shot(page, 'refused-en.png', false);

    // a good token pasted into the box signs in
    await page.getByRole('textbox', { name: 'token' }).fill(analyst);
    await page.getByRole('button', { name: /Sign in/ }).click();
    await page.locator('#by-district canvas').waitFor({ state: 'visible' });
    await page.context().close();
  });
});

describe('the public QR page at /m/<qrToken>', () => {
  const records = async () => {
    const r = await hub.query<{ publicProfile: Record<string, { code: string }[] | null> }>(
      'query($t: String!) { publicProfile(qrToken: $t) { marketEvents { code } urbanEvents { code } approvalEvents { code } financeEvents { code } } }',
      { t: shop.qrToken },
    );
    const codes = Object.values(r.data!.publicProfile).flatMap((events) => (events ?? []).map((e) => e.code));
    expect(codes.length).toBeGreaterThan(0);
    return codes;
  };

  it('shows a phone the shop, its grade and the report form, in Chinese', async () => {
    const page = await open(`/m/${shop.qrToken}`, { width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    expect(await text(page, 'h1')).toBe(shop.name);
    expect(await text(page, '.badge')).toBe(shop.credit.grade);
    expect(await page.locator('.badge').isVisible()).toBe(true);
    if (/^[ABCD]$/.test(shop.credit.grade)) expect(await text(page, '#grade-words')).toBe(LEVEL_LABELS[shop.credit.grade as Level].zh);
    expect(await text(page, 'body')).toContain('信用等级');
    const body = await text(page, 'main');
    for (const code of await records()) expect(body).toContain(titleZh(code));
    expect(await page.locator('form#report textarea').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '提交' }).isVisible()).toBe(true);
    expect(await page.locator('#lang').getAttribute('href')).toBe(`/m/${shop.qrToken}?lang=en`);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, 'qr-page-zh.png');
    await page.context().close();
  });

  it('shows it in English with ?lang=en, with a link back to Chinese', async () => {
    const page = await open(`/m/${shop.qrToken}?lang=en`, { width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(await text(page, 'h1')).toBe(shop.name);
    expect(await text(page, '.badge')).toBe(shop.credit.grade);
    if (/^[ABCD]$/.test(shop.credit.grade)) expect(await text(page, '#grade-words')).toBe(LEVEL_LABELS[shop.credit.grade as Level].en);
    expect(await text(page, 'body')).toContain('Credit grade');
    const body = await text(page, 'main');
    for (const code of await records()) expect(body).toContain(titleEn(code));
    expect(await page.getByRole('button', { name: /Send/ }).isVisible()).toBe(true);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, 'qr-page-en.png');
    await page.locator('#lang').click();
    await page.waitForURL(`${base}/m/${shop.qrToken}`);
    expect(await text(page, 'h2')).toBe('公示信息');
    await page.context().close();
  });
});

// after every page above: none of them threw a script error
it("loaded every page's modules without errors", () => {
  expect(pageErrors).toEqual([]);
});
