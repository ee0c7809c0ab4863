import type { ServerResponse } from 'node:http';
import type { ConsentSource } from '../auth/consent';
import { PUBLIC } from '../auth/principal';
import type { Language } from '../catalogue';
import { requestContext } from '../context';
import type { GraphClient } from '../graph-client';
import type { Logger } from '../logger';
import { escape, STYLE } from './qr-page';

/** The published lists, each at its address: the red and black lists, and the honest-shop listing. */
export const PUBLISHED = {
  '/lists/red': { field: 'publishedList(list: RED, district: $district, trade: $trade, first: $first, after: $after)', zh: '守信红名单', en: 'Red list' },
  '/lists/black': { field: 'publishedList(list: BLACK, district: $district, trade: $trade, first: $first, after: $after)', zh: '失信黑名单', en: 'Black list' },
  '/honest': { field: 'honestShops(district: $district, trade: $trade, first: $first, after: $after)', zh: '信用优选商户', en: 'Honest shops' },
} as const;
export type PublishedPath = keyof typeof PUBLISHED;

const PAGE = 50;
const FORM_STYLE = `form{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:.8rem}form input{flex:1 1 7rem;padding:.5rem;border:1px solid #c8d0d8;border-radius:8px;font:inherit}
form button{margin-top:0}#shops a{color:#1d2733}`;

const TEXT = {
  zh: {
    htmlLang: 'zh-CN',
    asOf: '依据最近一次信用评价公示',
    count: (n: number) => `共 ${n} 户`,
    district: '区县',
    trade: '行业',
    filter: '筛选',
    none: '暂无。',
    next: '下一页',
    other: 'English',
  },
  en: {
    htmlLang: 'en',
    asOf: 'As published from the latest credit evaluation',
    count: (n: number) => `${n} ${n === 1 ? 'shop' : 'shops'}`,
    district: 'District',
    trade: 'Trade',
    filter: 'Filter',
    none: 'None.',
    next: 'Next page',
    other: '中文',
  },
} as const;

interface Listed {
  name: string;
  trade: string;
  district: string;
  street: string;
  qrToken: string;
}
interface Connection {
  totalCount: number;
  nodes: Listed[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * A published list as a page anyone may open: its shops by district and trade, fifty a page, each linking to its QR
 * page. Read through the graph as the public, so it shows only what the public may see. In Chinese; `?lang=en` in English.
 */
export async function renderPublishedList(
  res: ServerResponse,
  path: PublishedPath,
  query: URLSearchParams,
  graph: GraphClient,
  consents: ConsentSource,
  log: Logger,
  requestId: string,
): Promise<void> {
  const lang: Language = query.get('lang') === 'en' ? 'en' : 'zh';
  const t = TEXT[lang];
  const list = PUBLISHED[path];
  const district = query.get('district')?.trim() || null;
  const trade = query.get('trade')?.trim() || null;
  const after = query.get('after') || null;
  const document = `query PublishedList($district: String, $trade: String, $first: Int, $after: String) {
    list: ${list.field} { totalCount nodes { name trade district street qrToken } pageInfo { endCursor hasNextPage } } }`;
  const ctx = requestContext(PUBLIC, requestId, log, consents);
  const { data, errors } = await graph.requestPartial<{ list: Connection | null }>(document, { district, trade, first: PAGE, after }, ctx);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('content-language', t.htmlLang);
  res.setHeader('cache-control', 'no-store');
  const page = data?.list;
  // a bad cursor or filter is the visitor's to fix; anything else is the hub's failure
  if (!page) {
    if (!errors.some((e) => e.extensions?.code === 'BAD_USER_INPUT')) throw new Error(`the published list could not be read: ${errors[0]?.message}`);
    res.statusCode = 400;
  }
  const link = (over: Record<string, string | null>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ district, trade, lang: lang === 'en' ? 'en' : null, ...over })) if (v) params.set(k, v);
    const q = params.toString();
    return escape(`${path}${q ? `?${q}` : ''}`);
  };
  const items = (page?.nodes ?? [])
    .map(
      (m) =>
        `<li><a href="/m/${encodeURIComponent(m.qrToken)}${lang === 'en' ? '?lang=en' : ''}"><b>${escape(m.name)}</b></a><br><small>${escape(m.trade)} · ${escape(m.district)} ${escape(m.street)}</small></li>`,
    )
    .join('');
  const problem = page ? '' : `<p id="problem">${escape(errors[0]?.message ?? '')}</p>`;
  const next = page?.pageInfo.hasNextPage ? `<p><a id="next" href="${link({ after: page.pageInfo.endCursor })}">${t.next}</a></p>` : '';
  res.end(`<!doctype html><html lang="${t.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${list[lang]}</title><style>${STYLE}${FORM_STYLE}</style></head><body><main>
<header><a class="lang" id="lang" href="${link({ lang: lang === 'en' ? null : 'en' })}">${t.other}</a><h1>${list[lang]}</h1><div class="meta">${t.asOf}<br><b id="count">${t.count(page?.totalCount ?? 0)}</b></div>
<form method="get" action="${path}">${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}<input name="district" aria-label="${t.district}" placeholder="${t.district}" value="${escape(district ?? '')}">
<input name="trade" aria-label="${t.trade}" placeholder="${t.trade}" value="${escape(trade ?? '')}"> <button type="submit">${t.filter}</button></form></header>
<section>${problem}${items ? `<ul id="shops">${items}</ul>` : page ? `<p>${t.none}</p>` : ''}${next}</section></main></body></html>`);
}
