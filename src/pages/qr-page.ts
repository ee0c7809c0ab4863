import type { ServerResponse } from 'node:http';
import { PUBLIC } from '../auth/principal';
import type { ConsentSource } from '../auth/consent';
import { catalogueEntry } from '../catalogue';
import { requestContext } from '../context';
import type { GraphClient } from '../graph-client';
import type { Logger } from '../logger';

const PROFILE = /* GraphQL */ `
  query QrPage($t: String!) {
    publicProfile(qrToken: $t) {
      name trade district street address
      credit { grade }
      marketEvents { code occurredAt summary }
      urbanEvents { code occurredAt summary }
      approvalEvents { code occurredAt summary }
      financeEvents { code occurredAt summary }
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
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const GRADE_WORDS: Record<string, string> = { A: '诚信守法 honest and law-abiding', B: '轻微失信 slightly dishonest', C: '一般失信 generally dishonest', D: '严重失信 seriously dishonest' };

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
main{max-width:34rem;margin:0 auto;padding:1rem}header{background:#fff;border-radius:12px;padding:1.2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin:.2rem 0}.meta{color:#5b6673;font-size:.95rem}.grade{display:flex;align-items:center;gap:1rem;margin-top:1rem}
.badge{font-size:2.4rem;font-weight:700;width:4.2rem;height:4.2rem;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff}
.A{background:#2e8b57}.B{background:#3b7dd8}.C{background:#e0a106}.D{background:#c0392b}.other{background:#607080}
section{background:#fff;border-radius:12px;padding:1rem 1.2rem;margin-top:1rem;box-shadow:0 1px 3px #0002}h2{font-size:1.05rem;margin:.2rem 0 .6rem}
li{margin:.45rem 0}small{color:#5b6673}textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit}
button{margin-top:.6rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1d6fd8;color:#fff;font:inherit}#sent{color:#2e8b57}`;

/** The public page a shop's QR code opens: what anyone may see of it, and a way to report what they saw. */
export async function renderQrPage(res: ServerResponse, token: string, graph: GraphClient, consents: ConsentSource, log: Logger, requestId: string): Promise<void> {
  const ctx = requestContext(PUBLIC, requestId, log, consents);
  // a shop whose grade cannot be judged just now still has its page: what can be shown is shown
  const { data, errors } = await graph.requestPartial<{ publicProfile: Profile | null }>(PROFILE, { t: token }, ctx);
  const p = data?.publicProfile ?? null;
  if (!p && errors.length) throw new Error(`the public profile could not be read: ${errors[0]!.message}`);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  if (!p) {
    res.statusCode = 404;
    res.end(`<!doctype html><html lang="zh"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>未找到 Not found</title><style>${STYLE}</style><main><header><h1>未找到该商户 · No shop has this code</h1></header></main></html>`);
    return;
  }
  const records = [...(p.marketEvents ?? []), ...(p.urbanEvents ?? []), ...(p.approvalEvents ?? []), ...(p.financeEvents ?? [])]
    .map((r) => ({ ...r, day: new Date(r.occurredAt).toISOString().slice(0, 10) }))
    .sort((a, b) => b.day.localeCompare(a.day));
  const items = records
    .map((r) => `<li><b>${escape(catalogueEntry(r.code)?.title ?? r.code)}</b><br><small>${r.day}${r.summary ? ` · ${escape(r.summary)}` : ''}</small></li>`)
    .join('');
  const grade = p.credit?.grade ?? '—';
  res.end(`<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(p.name)} · 信用 ${escape(grade)}</title><style>${STYLE}</style></head><body><main>
<header><h1>${escape(p.name)}</h1><div class="meta">${escape(p.trade)} · ${escape(p.district)} ${escape(p.street)}<br>${escape(p.address)}</div>
<div class="grade"><div class="badge ${/^[ABCD]$/.test(grade) ? grade : 'other'}" aria-label="credit grade">${escape(grade)}</div><div>信用等级 Credit grade<br><b>${escape(GRADE_WORDS[grade] ?? (p.credit ? grade : '暂无评级 · not available now'))}</b></div></div></header>
<section><h2>公示信息 Public records</h2>${items ? `<ul>${items}</ul>` : '<p>暂无公示信息 · No public records.</p>'}</section>
<section><h2>我要反映 Report what you saw</h2><form id="report"><textarea name="text" required maxlength="2000" placeholder="描述您看到的情况 · Describe what you saw"></textarea>
<button type="submit">提交 Send</button><p id="sent" hidden>已提交，感谢您的监督 · Sent, thank you.</p></form></section></main>
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
