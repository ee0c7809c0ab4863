// The department dashboard: Preact + htm + Chart.js as plain browser ES modules (see the import map in
// index.html). It talks only to the public graph, POST /graphql, with the reader's bearer token.
import { h, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

const html = htm.bind(h);
const GRADES = ['A', 'B', 'C', 'D'];
const GRADE_COLOURS = { A: '#2e8b57', B: '#3b7dd8', C: '#e0a106', D: '#c0392b' };
const GRADE_WORDS = { A: '诚信守法 honest', B: '轻微失信 slightly dishonest', C: '一般失信 generally dishonest', D: '严重失信 seriously dishonest' };
const APPROVAL_WORDS = {
  GREEN_CHANNEL: '绿色通道 green channel',
  TOLERANCE_ACCEPTANCE: '容缺受理 accepted with missing documents',
  COMMITMENT: '告知承诺 by commitment',
  STANDARD: '常规审批 standard',
  RESTRICTED: '从严审批 restricted',
};
const TOKEN_KEY = 'credit-hub.token';
const POLLS = 20;
const POLL_MS = 3000;

// ---- the graph ---------------------------------------------------------------------------------------

class Refused extends Error {}

async function gql(token, query, variables = {}) {
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new Error(`无法连接服务 · cannot reach the hub (${e.message})`);
  }
  const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
  const errors = body.errors ?? [];
  if (res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) throw new Refused(errors[0]?.message ?? 'token refused');
  if (!body.data) throw new Error(errors.map((e) => e.message).join('; ') || `HTTP ${res.status}`);
  return { data: body.data, errors };
}

const EVALUATIONS = `{ evaluations { cycle merchants evaluatedAt } }`;
const DASHBOARD = `query Dashboard($cycle: String) {
  byDistrict: creditStatistics(cycle: $cycle, groupBy: [DISTRICT, GRADE]) { district grade count }
  byTrade: creditStatistics(cycle: $cycle, groupBy: [TRADE, GRADE]) { trade grade count }
  trend: creditTrend { cycle grade count }
  topViolations(cycle: $cycle, first: 10) { code title department count }
  measureCounts(cycle: $cycle) { id title kind context count }
}`;
const SEARCH = `query Search($name: String!) {
  merchantsPage(first: 20, filter: { nameContains: $name }) { totalCount nodes { uscc name trade district credit { grade } } }
}`;
const PROFILE = `query Profile($uscc: CreditCode!) {
  merchant(uscc: $uscc) {
    uscc name kind trade district street address qrToken
    credit {
      grade score evaluatedAt
      breakdown { code points reason occurredAt underObjection }
      lists { kind code reason since until }
      approval { mode reasons warnings }
      measures { id title kind context }
    }
  }
}`;

// ---- the token ---------------------------------------------------------------------------------------

/** A token in the address (#token=…) is kept for the tab and taken out of the address bar. */
function initialToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

// ---- charts ------------------------------------------------------------------------------------------

/** A chart, with its numbers as the canvas's fallback content (screen readers, tests). */
function ChartBox({ config, label, rows }) {
  const canvas = useRef(null);
  useEffect(() => {
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  const { labels, datasets } = config.data;
  const text = (l) => (Array.isArray(l) ? l.join('') : String(l));
  return html`<div class="chart" style=${rows ? `height:${Math.max(320, rows * 30 + 70)}px` : ''}>
    <canvas ref=${canvas} role="img" aria-label=${label}>
      <table>
        <thead><tr><th></th>${datasets.map((d) => html`<th>${d.label}</th>`)}</tr></thead>
        <tbody>${labels.map((l, i) => html`<tr><th>${text(l)}</th>${datasets.map((d) => html`<td>${d.data[i]}</td>`)}</tr>`)}</tbody>
      </table>
    </canvas>
  </div>`;
}

/** Rows of { [key], grade, count } as one dataset per grade over the key's values (largest first). */
function stackedByGrade(rows, key, { horizontal = false } = {}) {
  const totals = new Map();
  for (const r of rows) totals.set(r[key] ?? '—', (totals.get(r[key] ?? '—') ?? 0) + r.count);
  const labels = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
  const count = (label, grade) => rows.filter((r) => (r[key] ?? '—') === label && r.grade === grade).reduce((s, r) => s + r.count, 0);
  return {
    type: 'bar',
    data: { labels, datasets: GRADES.map((g) => ({ label: g, data: labels.map((l) => count(l, g)), backgroundColor: GRADE_COLOURS[g] })) },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      // every category labelled
      scales: { x: { stacked: true, ticks: { autoSkip: horizontal } }, y: { stacked: true, ticks: { autoSkip: !horizontal } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

function trendChart(rows) {
  const cycles = [...new Set(rows.map((r) => r.cycle))].sort();
  const count = (cycle, grade) => rows.filter((r) => r.cycle === cycle && r.grade === grade).reduce((s, r) => s + r.count, 0);
  return {
    type: 'bar',
    data: { labels: cycles, datasets: GRADES.map((g) => ({ label: g, data: cycles.map((c) => count(c, g)), backgroundColor: GRADE_COLOURS[g] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true } }, plugins: { legend: { position: 'bottom' } } },
  };
}

/** A long title on at most two lines, broken at a space where there is one. */
function wrap(text, width = 26) {
  if (text.length <= width) return text;
  const cut = text.lastIndexOf(' ', width) > width / 2 ? text.lastIndexOf(' ', width) : width;
  const rest = text.slice(cut).trim();
  return [text.slice(0, cut).trim(), rest.length > width ? `${rest.slice(0, width - 1)}…` : rest];
}

function barChart(rows, { label, colour }) {
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.title),
      datasets: [{ label, data: rows.map((r) => r.count), backgroundColor: rows.map(colour) }],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => `${rows[items[0].dataIndex].title} (${rows[items[0].dataIndex].code ?? rows[items[0].dataIndex].id})` } } },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 } },
        // long titles on two lines
        y: { ticks: { autoSkip: false, callback(value) { return wrap(this.getLabelForValue(value)); } } },
      },
    },
  };
}

// ---- the page ----------------------------------------------------------------------------------------

function SignIn({ message, error, onToken }) {
  const [text, setText] = useState('');
  const submit = (e) => {
    e.preventDefault();
    if (text.trim()) onToken(text.trim().replace(/^Bearer\s+/i, ''));
  };
  return html`<div class=${error ? 'notice error' : 'notice'} id="sign-in">
    <h2>${message}</h2>
    <p>请粘贴部门工作人员的令牌 · Paste a department officer's or analyst's token (in development <code>npm start</code> prints a ready-to-open address).</p>
    <form onSubmit=${submit}>
      <textarea aria-label="token" placeholder="eyJhbGciOi…" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
      <button type="submit">登录 Sign in</button>
    </form>
  </div>`;
}

function App() {
  const [token, setToken] = useState(initialToken);
  const [state, setState] = useState({ kind: token ? 'loading' : 'signed-out' });
  const [evaluations, setEvaluations] = useState(null);
  const [cycle, setCycle] = useState(null);
  const [stats, setStats] = useState(null);
  const [profile, setProfile] = useState(null);

  const signIn = (t) => {
    sessionStorage.setItem(TOKEN_KEY, t);
    setEvaluations(null);
    setStats(null);
    setState({ kind: 'loading' });
    setToken(t);
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken('');
    setProfile(null);
    setState({ kind: 'signed-out' });
  };
  const failed = useCallback((e) => {
    if (e instanceof Refused) {
      sessionStorage.removeItem(TOKEN_KEY);
      setState({ kind: 'refused', message: e.message });
    } else setState({ kind: 'error', message: e.message });
  }, []);

  // the evaluated cycles; polled a while when there are none yet (a fresh demo city is being evaluated)
  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let timer;
    const load = async (attempt) => {
      try {
        const { data } = await gql(token, EVALUATIONS);
        if (stopped) return;
        if (data.evaluations === null) throw new Error('此令牌无权查看统计 · this token may not read the statistics (a department or administrator token is needed)');
        setEvaluations(data.evaluations);
        if (data.evaluations.length) setState({ kind: 'ready' });
        else {
          setState({ kind: 'no-cycles', polling: attempt < POLLS });
          if (attempt < POLLS) timer = setTimeout(() => load(attempt + 1), POLL_MS);
        }
      } catch (e) {
        if (!stopped) failed(e);
      }
    };
    load(1);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);

  // the statistics of the chosen cycle (null: the latest)
  useEffect(() => {
    if (!token || !evaluations?.length) return;
    let stopped = false;
    gql(token, DASHBOARD, { cycle })
      .then(({ data, errors }) => !stopped && setStats({ ...data, errors }))
      .catch((e) => !stopped && failed(e));
    return () => {
      stopped = true;
    };
  }, [token, evaluations, cycle]);

  const open = (uscc) =>
    gql(token, PROFILE, { uscc })
      .then(({ data, errors }) => setProfile({ ...data.merchant, errors }))
      .catch(failed);

  const chosen = evaluations?.find((e) => e.cycle === cycle) ?? evaluations?.[0];
  return html`
    <header class="top">
      <h1>信用看板 · Credit dashboard</h1>
      ${evaluations?.length > 0 &&
      html`<label>周期 Cycle
        <select id="cycle" value=${chosen.cycle} onChange=${(e) => setCycle(e.target.value === evaluations[0].cycle ? null : e.target.value)}>
          ${evaluations.map((e) => html`<option value=${e.cycle}>${e.cycle}</option>`)}
        </select></label>`}
      ${token && html`<button class="plain" onClick=${signOut}>退出 Sign out</button>`}
    </header>
    <main>
      ${state.kind === 'signed-out' && html`<${SignIn} message="未登录 · Not signed in" onToken=${signIn} />`}
      ${state.kind === 'refused' && html`<${SignIn} error message="令牌被拒绝 · The token was refused (UNAUTHENTICATED)" onToken=${signIn} />`}
      ${state.kind === 'error' && html`<div class="notice error" role="alert"><h2>出错了 · Something went wrong</h2><p>${state.message}</p><button onClick=${() => signIn(token)}>重试 Retry</button></div>`}
      ${state.kind === 'loading' && html`<p class="notice">加载中 · Loading…</p>`}
      ${state.kind === 'no-cycles' &&
      html`<div class="notice" id="no-cycles"><h2>尚无已评价的周期 · No evaluated cycles yet</h2>
        <p>${state.polling ? '正在等待首次评价… · Waiting for the first evaluation…' : '请管理员运行评价 · Ask an administrator to run an evaluation (runEvaluation, or npm run evaluate).'}</p></div>`}
      ${state.kind === 'ready' && html`<${Dashboard} stats=${stats} chosen=${chosen} token=${token} open=${open} failed=${failed} />`}
    </main>
    ${profile && html`<${Profile} m=${profile} close=${() => setProfile(null)} />`}
  `;
}

function Dashboard({ stats, chosen, token, open, failed }) {
  const configs = useMemo(
    () =>
      stats && {
        district: stackedByGrade(stats.byDistrict ?? [], 'district'),
        trade: stackedByGrade(stats.byTrade ?? [], 'trade', { horizontal: true }),
        trend: trendChart(stats.trend ?? []),
        violations: barChart(stats.topViolations ?? [], { label: '次数 count', colour: () => '#c0392b' }),
        measures: barChart(stats.measureCounts ?? [], { label: '商户 merchants', colour: (m) => (m.kind === 'INCENTIVE' ? '#2e8b57' : '#c0392b') }),
      },
    [stats],
  );
  if (!stats || !configs) return html`<p class="notice">加载中 · Loading…</p>`;

  const total = (stats.byDistrict ?? []).reduce((s, r) => s + r.count, 0);
  const share = (g) => (total ? ((100 * (stats.byDistrict ?? []).filter((r) => r.grade === g).reduce((s, r) => s + r.count, 0)) / total).toFixed(1) : '0.0');
  const card = (id, title, content, wide) => html`<section class=${wide ? 'card wide' : 'card'} id=${id}><h2>${title}</h2>${content}</section>`;
  return html`
    ${stats.errors?.length > 0 && html`<p class="notice error" role="alert">${stats.errors.map((e) => e.message).join('; ')}</p>`}
    <div class="tiles">
      <div class="tile"><b>${total}</b><span>已评价商户 merchants judged · ${chosen.cycle}</span></div>
      <div class="tile"><b style="color:#2e8b57">${share('A')} %</b><span>A 诚信守法 honest</span></div>
      <div class="tile"><b style="color:#c0392b">${share('D')} %</b><span>D 严重失信 seriously dishonest</span></div>
      <div class="tile"><b>${new Date(chosen.evaluatedAt).toISOString().slice(0, 10)}</b><span>评价基准日 judged as of</span></div>
    </div>
    <div class="grid">
      ${card('by-district', '各区县信用等级分布 · Grades by district', total ? html`<${ChartBox} config=${configs.district} label="grades by district" />` : html`<p class="empty">无数据 · No data</p>`)}
      ${card('trend', '各周期等级变化 · Grades across cycles', html`<${ChartBox} config=${configs.trend} label="grades across cycles" />`)}
      ${card('by-trade', '各行业信用等级分布 · Grades by trade', html`<${ChartBox} rows=${configs.trade.data.labels.length} config=${configs.trade} label="grades by trade" />`)}
      ${card(
        'violations',
        '高发失信行为 · Most frequent violations',
        stats.topViolations?.length ? html`<${ChartBox} rows=${configs.violations.data.labels.length} config=${configs.violations} label="most frequent violations" />` : html`<p class="empty">无 · None</p>`,
      )}
      ${card(
        'measures',
        '联合奖惩措施 · Measures applied',
        stats.measureCounts?.length ? html`<${ChartBox} rows=${configs.measures.data.labels.length} config=${configs.measures} label="measures applied" />` : html`<p class="empty">无 · None</p>`,
      )}
      ${card('search', '商户查询 · Find a merchant', html`<${Search} token=${token} open=${open} failed=${failed} />`)}
    </div>`;
}

function Search({ token, open, failed }) {
  const [name, setName] = useState('');
  const [result, setResult] = useState(null);
  const submit = (e) => {
    e.preventDefault();
    if (!name.trim()) return;
    gql(token, SEARCH, { name: name.trim() })
      .then(({ data }) => setResult(data.merchantsPage))
      .catch(failed);
  };
  return html`<div class="search">
    <form onSubmit=${submit} role="search">
      <input type="search" name="name" aria-label="merchant name" placeholder="商户名称 · part of a name" value=${name} onInput=${(e) => setName(e.target.value)} />
      <button type="submit">查询 Search</button>
    </form>
    ${result &&
    html`<p class="empty">${result.totalCount} 个结果 · ${result.totalCount} found${result.totalCount > result.nodes.length ? ` (showing ${result.nodes.length})` : ''}</p>
      <ul class="results">
        ${result.nodes.map(
          (m) => html`<li key=${m.uscc}><button onClick=${() => open(m.uscc)}>
            <span class=${`badge ${m.credit?.grade ?? ''}`}>${m.credit?.grade ?? '?'}</span>
            <span>${m.name}<br /><small>${m.trade} · ${m.district} · ${m.uscc}</small></span>
          </button></li>`,
        )}
      </ul>`}
  </div>`;
}

const day = (d) => (d ? new Date(d).toISOString().slice(0, 10) : '');

function Profile({ m, close }) {
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && close();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [close]);
  if (!m.uscc) return null;
  const c = m.credit ?? {};
  const refused = (m.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.slice(-1)[0]);
  return html`<aside class="profile" id="profile" aria-label="merchant profile">
    <button class="plain close" onClick=${close} aria-label="close">✕ 关闭 Close</button>
    <div class="head">
      <span class=${`badge big ${c.grade ?? ''}`} aria-label="credit grade">${c.grade ?? '?'}</span>
      <div>
        <h2>${m.name}</h2>
        <div class="meta">${GRADE_WORDS[c.grade] ?? ''}${c.score != null ? html` · 分数 score <b id="score">${c.score}</b>` : ''}</div>
      </div>
    </div>
    <p class="meta">${m.trade} · ${m.district} ${m.street}<br />${m.address}<br />${m.uscc}</p>
    <p><a id="qr-link" href=${`/m/${encodeURIComponent(m.qrToken)}`} target="_blank" rel="noopener">公示页（二维码）· Public QR page ↗</a></p>
    ${refused.length > 0 && html`<p class="warn">无权查看 · Not shown to you: ${refused.join(', ')}</p>`}

    <h3>评分明细 · Score breakdown</h3>
    ${c.breakdown?.length
      ? html`<table id="breakdown"><thead><tr><th>代码 Code</th><th>分 Points</th><th>原因 Reason</th></tr></thead><tbody>
          ${c.breakdown.map((b) => html`<tr><td>${b.code}<br /><small>${day(b.occurredAt)}</small></td><td class=${`num ${b.points < 0 ? 'neg' : 'pos'}`}>${b.points > 0 ? '+' : ''}${b.points}</td><td>${b.reason}${b.underObjection ? html` <span class="warn">(异议中 under objection)</span>` : ''}</td></tr>`)}
        </tbody></table>`
      : html`<p class="empty">无计分事项 · Nothing counted</p>`}

    <h3>红黑名单 · Lists</h3>
    ${c.lists?.length
      ? html`<ul>${c.lists.map((l) => html`<li><b class=${l.kind === 'BLACK' ? 'neg' : 'pos'}>${l.kind === 'BLACK' ? '黑名单 black list' : '红名单 red list'}</b> · ${l.code} · ${day(l.since)}${l.until ? ` – ${day(l.until)}` : ''}<br /><small>${l.reason}</small></li>`)}</ul>`
      : html`<p class="empty">不在名单 · On no list</p>`}

    <h3>审批方式 · Approval mode</h3>
    ${c.approval
      ? html`<p><b>${APPROVAL_WORDS[c.approval.mode] ?? c.approval.mode}</b></p>
          ${c.approval.reasons.length > 0 && html`<ul>${c.approval.reasons.map((r) => html`<li>${r}</li>`)}</ul>`}
          ${c.approval.warnings.map((w) => html`<p class="warn">${w}</p>`)}`
      : html`<p class="empty">—</p>`}

    <h3>适用措施 · Measures</h3>
    ${c.measures?.length
      ? html`<ul>${c.measures.map((x) => html`<li><span class=${x.kind === 'INCENTIVE' ? 'pos' : 'neg'}>${x.kind === 'INCENTIVE' ? '激励' : '惩戒'}</span> ${x.title} <small>(${x.context})</small></li>`)}</ul>`
      : html`<p class="empty">无 · None</p>`}
  </aside>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
