import type { ServerResponse } from 'node:http';
import { PUBLIC } from '../auth/principal';
import type { ConsentSource } from '../auth/consent';
import { catalogueEntry, type Language } from '../catalogue';
import { LEVEL_LABELS, LEVELS, type Level } from '../credit-engine';
import { requestContext } from '../context';
import type { GraphClient } from '../graph-client';
import type { Logger } from '../logger';

const PROFILE = /* GraphQL */ `
  query QrPage($t: String!) {
    publicProfile(qrToken: $t) {
      name
      trade
      district
      street
      address
      credit {
        grade
      }
      marketEvents {
        code
        occurredAt
        summary
      }
      urbanEvents {
        code
        occurredAt
        summary
      }
      approvalEvents {
        code
        occurredAt
        summary
      }
      financeEvents {
        code
        occurredAt
        summary
      }
      commitments {
        matter
        dueDate
        status
      }
    }
  }
`;

interface Shown {
  code: string;
  /** a string over HTTP, a Date in-process */
  occurredAt: string | Date;
  summary: string | null;
}
interface Profile {
  name: string;
  trade: string;
  district: string;
  street: string;
  address: string;
  credit: { grade: string } | null;
  marketEvents: Shown[] | null;
  urbanEvents: Shown[] | null;
  approvalEvents: Shown[] | null;
  financeEvents: Shown[] | null;
  commitments: { matter: string; dueDate: string | Date; status: keyof typeof COMMITMENT_WORDS }[] | null;
}

/** How a credit commitment stands, in the page's two languages (Xintai discloses commitments and their keeping) */
const COMMITMENT_WORDS = {
  PENDING: { zh: '待核查', en: 'awaiting verification' },
  FULFILLED: { zh: '已践诺', en: 'kept' },
  BREACHED: { zh: '未践诺', en: 'not kept' },
  FULFILLED_LATE: { zh: '逾期践诺', en: 'kept late' },
} as const;

export const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's own words; the domain's (grades, records) come from the catalogue's and the engine's labels. */
const TEXT = {
  zh: {
    htmlLang: 'zh-CN',
    notFoundTitle: '未找到',
    notFound: '未找到该商户',
    creditGrade: '信用等级',
    titleGrade: '信用',
    notAvailable: '暂无评级',
    records: '公示信息',
    commitments: '信用承诺',
    due: '承诺期限',
    noRecords: '暂无公示信息。',
    report: '我要反映',
    placeholder: '描述您看到的情况',
    send: '提交',
    sent: '已提交，感谢您的监督。',
    other: 'English',
  },
  en: {
    htmlLang: 'en',
    notFoundTitle: 'Not found',
    notFound: 'No shop has this code',
    creditGrade: 'Credit grade',
    titleGrade: 'credit',
    notAvailable: 'not available now',
    records: 'Public records',
    commitments: 'Credit commitments',
    due: 'due',
    noRecords: 'No public records.',
    report: 'Report what you saw',
    placeholder: 'Describe what you saw',
    send: 'Send',
    sent: 'Sent, thank you.',
    other: '中文',
  },
} as const;

export const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
main{max-width:34rem;margin:0 auto;padding:1rem}header{background:#fff;border-radius:12px;padding:1.2rem;box-shadow:0 1px 3px #0002;position:relative}
h1{font-size:1.4rem;margin:.2rem 0;padding-right:4.5rem}.meta{color:#5b6673;font-size:.95rem}.grade{display:flex;align-items:center;gap:1rem;margin-top:1rem}
.badge{font-size:2.4rem;font-weight:700;width:4.2rem;height:4.2rem;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff;flex:none}
.A{background:#2e8b57}.B{background:#3b7dd8}.C{background:#e0a106}.D{background:#c0392b}.other{background:#607080}
.lang{position:absolute;top:1rem;right:1.2rem;font-size:.9rem;color:#1d6fd8}
section{background:#fff;border-radius:12px;padding:1rem 1.2rem;margin-top:1rem;box-shadow:0 1px 3px #0002}h2{font-size:1.05rem;margin:.2rem 0 .6rem}
ul{padding-left:1.2rem}li{margin:.45rem 0}small{color:#5b6673}textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit}
button{margin-top:.6rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1d6fd8;color:#fff;font:inherit}#sent{color:#2e8b57}`;

/** The link to the page in the other language: Chinese is the page's own, English is `?lang=en`. */
const switchLink = (token: string, lang: Language) =>
  `<a class="lang" id="lang" lang="${lang === 'zh' ? 'en' : 'zh-CN'}" href="/m/${encodeURIComponent(token)}${lang === 'zh' ? '?lang=en' : ''}">${TEXT[lang].other}</a>`;

/** A grade's wording: the level it stands for (a grade of the default scheme is its level's letter). */
export function gradeWords(grade: string, lang: Language): string | undefined {
  return (LEVELS as readonly string[]).includes(grade) ? LEVEL_LABELS[grade as Level][lang] : undefined;
}

/**
 * The public page a shop's QR code opens: what anyone may see of it, and a way to report what they saw. In Chinese;
 * in English with `?lang=en`.
 */
export async function renderQrPage(
  res: ServerResponse,
  token: string,
  graph: GraphClient,
  consents: ConsentSource,
  log: Logger,
  requestId: string,
  lang: Language = 'zh',
): Promise<void> {
  const t = TEXT[lang];
  const ctx = requestContext(PUBLIC, requestId, log, consents);
  // a shop whose grade cannot be judged just now still has its page: what can be shown is shown
  const { data, errors } = await graph.requestPartial<{ publicProfile: Profile | null }>(PROFILE, { t: token }, ctx);
  const p = data?.publicProfile ?? null;
  if (!p && errors.length) throw new Error(`the public profile could not be read: ${errors[0]!.message}`);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('content-language', t.htmlLang);
  res.setHeader('cache-control', 'no-store');
  if (!p) {
    res.statusCode = 404;
    res.end(
      `<!doctype html><html lang="${t.htmlLang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.notFoundTitle}</title><style>${STYLE}</style><main><header><h1>${t.notFound}</h1></header></main></html>`,
    );
    return;
  }
  const records = [...(p.marketEvents ?? []), ...(p.urbanEvents ?? []), ...(p.approvalEvents ?? []), ...(p.financeEvents ?? [])]
    .map((r) => ({ ...r, day: new Date(r.occurredAt).toISOString().slice(0, 10) }))
    .sort((a, b) => b.day.localeCompare(a.day));
  const title = (code: string) => {
    const e = catalogueEntry(code);
    return e ? (lang === 'zh' ? e.titleZh : e.title) : code;
  };
  const items = records.map((r) => `<li><b>${escape(title(r.code))}</b><br><small>${r.day}${r.summary ? ` · ${escape(r.summary)}` : ''}</small></li>`).join('');
  const promises = (p.commitments ?? [])
    .map(
      (c) =>
        `<li><b>${escape(c.matter)}</b><br><small>${t.due} ${new Date(c.dueDate).toISOString().slice(0, 10)} · ${COMMITMENT_WORDS[c.status]?.[lang] ?? escape(c.status)}</small></li>`,
    )
    .join('');
  const grade = p.credit?.grade ?? '—';
  const words = p.credit ? (gradeWords(grade, lang) ?? grade) : t.notAvailable;
  res.end(`<!doctype html><html lang="${t.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(p.name)} · ${t.titleGrade} ${escape(grade)}</title><style>${STYLE}</style></head><body><main>
<header>${switchLink(token, lang)}<h1>${escape(p.name)}</h1><div class="meta">${escape(p.trade)} · ${escape(p.district)} ${escape(p.street)}<br>${escape(p.address)}</div>
<div class="grade"><div class="badge ${/^[ABCD]$/.test(grade) ? grade : 'other'}" aria-label="${t.creditGrade}">${escape(grade)}</div><div>${t.creditGrade}<br><b id="grade-words">${escape(words)}</b></div></div></header>
<section><h2>${t.records}</h2>${items ? `<ul>${items}</ul>` : `<p>${t.noRecords}</p>`}</section>
${promises ? `<section id="commitments"><h2>${t.commitments}</h2><ul>${promises}</ul></section>` : ''}
<section><h2>${t.report}</h2><form id="report"><textarea name="text" required maxlength="2000" aria-label="${t.report}" placeholder="${t.placeholder}"></textarea>
<button type="submit">${t.send}</button><p id="sent" hidden>${t.sent}</p></form></section></main>
<script>
document.getElementById('report').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = e.target.text.value;
  const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($t: String!, $x: String!) { submitConsumerReport(qrToken: $t, text: $x) { status } }', variables: { t: ${JSON.stringify(token)}, x: text } }) });
  const body = await r.json();
  if (!body.errors) { document.getElementById('sent').hidden = false; e.target.text.value = ''; } else alert(body.errors[0].message);
});
</script></body></html>`);
}
