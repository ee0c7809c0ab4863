// The department dashboard: Preact + htm + Chart.js as plain browser ES modules (see the import map in
// index.html). It talks only to the public graph, POST /graphql, with the reader's bearer token. Chinese first,
// English on a switch; the domain's words (catalogue, measures, grades, modes, lists) come from labels.js, which
// the build writes from src/catalogue and src/credit-engine.
import { h, render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { Chart, registerables } from 'chart.js';
import ChartDataLabels from 'chartjs-plugin-datalabels';
import { LABELS } from './labels.js';

Chart.register(...registerables);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

const html = htm.bind(h);
const GRADES = ['A', 'B', 'C', 'D'];
const GRADE_COLOURS = { A: '#2e8b57', B: '#3b7dd8', C: '#e0a106', D: '#c0392b' };
const INCENTIVE_COLOUR = '#2e8b57';
const PUNISHMENT_COLOUR = '#c0392b';
const TOKEN_KEY = 'credit-hub.token';
const LANG_KEY = 'credit-hub.lang';
const POLLS = 20;
const POLL_MS = 3000;
const PAGE_SIZE = 20;

// ---- the two languages -------------------------------------------------------------------------------

/** The page's own words; the domain's come from LABELS. */
const TEXT = {
  zh: {
    htmlLang: 'zh-CN',
    title: '信用看板',
    cycle: '周期',
    signOut: '退出',
    language: '语言',
    notSignedIn: '未登录',
    pasteToken: '请粘贴部门工作人员或分析人员的令牌（开发环境下，npm start 会打印一个可直接打开的地址）。',
    token: '令牌',
    signIn: '登录',
    refused: '令牌被拒绝',
    reason: '原因',
    hubSaid: '服务返回',
    errorTitle: '出错了',
    retry: '重试',
    loading: '加载中…',
    noCycles: '尚无已评价的周期',
    waiting: '正在等待首次评价…',
    askAdmin: '请管理员运行评价（runEvaluation，或 npm run evaluate）。',
    noStatistics: '此令牌无权查看统计：需要部门或管理员的令牌。',
    cannotReach: '无法连接服务',
    judged: '已评价商户',
    asOf: '评价基准日',
    byDistrict: '各区县信用等级分布',
    trend: '各周期等级变化',
    byTrade: '各行业信用等级分布',
    violations: '高发失信行为',
    incentives: '守信激励措施',
    punishments: '失信惩戒措施',
    times: '次数',
    merchants: '商户数',
    noData: '无数据',
    none: '无',
    search: '商户查询',
    name: '商户名称',
    namePlaceholder: '商户名称的一部分（可留空）',
    district: '区县',
    allDistricts: '全部区县',
    trade: '行业',
    allTrades: '全部行业',
    kind: '主体类型',
    allKinds: '全部类型',
    kinds: { ENTERPRISE: '企业', INDIVIDUAL_BUSINESS: '个体工商户' },
    gradeFilter: '信用等级（最近一次评价）',
    allGrades: '全部等级',
    listFilter: '红黑名单（最近一次评价）',
    allLists: '全部名单',
    byLatest: (cycle) => `信用等级和红黑名单按最近一次评价（${cycle} 周期）筛选；列表中的等级为当前等级。`,
    searchButton: '查询',
    found: (n) => `共 ${n} 个结果`,
    page: (p, pages) => `第 ${p} / ${pages} 页`,
    previous: '上一页',
    next: '下一页',
    noMatch: '没有符合条件的商户',
    close: '关闭',
    profile: '商户信用档案',
    creditGrade: '信用等级',
    score: '分数',
    qrPage: '公示页（二维码）',
    notShown: '无权查看',
    breakdown: '评分明细',
    date: '日期',
    record: '计分事项',
    points: '分值',
    underObjection: '异议中',
    nothingCounted: '无计分事项',
    lists: '红黑名单',
    onNoList: '不在名单',
    listInformation: (list) => `${list}信息`,
    approval: '审批方式',
    measures: '适用措施',
    separator: '：',
  },
  en: {
    htmlLang: 'en',
    title: 'Credit dashboard',
    cycle: 'Cycle',
    signOut: 'Sign out',
    language: 'Language',
    notSignedIn: 'Not signed in',
    pasteToken: "Paste a department officer's or analyst's token (in development, npm start prints a ready-to-open address).",
    token: 'token',
    signIn: 'Sign in',
    refused: 'The token was refused',
    reason: 'Reason',
    hubSaid: 'The hub answered',
    errorTitle: 'Something went wrong',
    retry: 'Retry',
    loading: 'Loading…',
    noCycles: 'No evaluated cycles yet',
    waiting: 'Waiting for the first evaluation…',
    askAdmin: 'Ask an administrator to run an evaluation (runEvaluation, or npm run evaluate).',
    noStatistics: 'This token may not read the statistics: a department or administrator token is needed.',
    cannotReach: 'cannot reach the hub',
    judged: 'merchants judged',
    asOf: 'judged as of',
    byDistrict: 'Grades by district',
    trend: 'Grades across cycles',
    byTrade: 'Grades by trade',
    violations: 'Most frequent violations',
    incentives: 'Incentives applied',
    punishments: 'Punishments applied',
    times: 'count',
    merchants: 'merchants',
    noData: 'No data',
    none: 'None',
    search: 'Find a merchant',
    name: 'merchant name',
    namePlaceholder: 'part of a name (may be empty)',
    district: 'District',
    allDistricts: 'All districts',
    trade: 'Trade',
    allTrades: 'All trades',
    kind: 'Kind',
    allKinds: 'All kinds',
    kinds: { ENTERPRISE: 'enterprise', INDIVIDUAL_BUSINESS: 'individual business' },
    gradeFilter: 'Grade (latest evaluation)',
    allGrades: 'All grades',
    listFilter: 'List (latest evaluation)',
    allLists: 'All lists',
    byLatest: (cycle) => `Grade and list as the latest evaluation (cycle ${cycle}) judged them; the grades shown are the current ones.`,
    searchButton: 'Search',
    found: (n) => `${n} found`,
    page: (p, pages) => `page ${p} of ${pages}`,
    previous: 'Previous',
    next: 'Next',
    noMatch: 'No merchant matches',
    close: 'Close',
    profile: 'merchant profile',
    creditGrade: 'credit grade',
    score: 'score',
    qrPage: 'Public QR page',
    notShown: 'Not shown to you',
    breakdown: 'Score breakdown',
    date: 'Date',
    record: 'Record',
    points: 'Points',
    underObjection: 'under objection',
    nothingCounted: 'Nothing counted',
    lists: 'Lists',
    onNoList: 'On no list',
    listInformation: (list) => `${list} information`,
    approval: 'Approval mode',
    measures: 'Measures',
    separator: ': ',
  },
};

/** The language chosen: `?lang=` in the address, else the one remembered, else Chinese. */
function initialLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  const lang = asked === 'en' || asked === 'zh' ? asked : localStorage.getItem(LANG_KEY);
  return lang === 'en' ? 'en' : 'zh';
}

/** The words of one language: `w.title` (the page's), `w.code('MKT-…')`, `w.level('A')`, … (the domain's). */
function words(lang) {
  const pick = (table, key) => table?.[key]?.[lang];
  return {
    lang,
    ...TEXT[lang],
    /** a catalogue code's title; an unknown code stays a code */
    code: (code, fallback) => pick(LABELS.catalogue, code) ?? fallback ?? code,
    /** a built-in measure's title; a measure defined at run time has the title it was given */
    measure: (id, given) => pick(LABELS.measures, id) ?? given ?? id,
    /** a grade's wording: a grade of the default scheme is its level's letter */
    grade: (grade) => pick(LABELS.levels, grade) ?? '',
    mode: (mode) => pick(LABELS.approvalModes, mode) ?? mode,
    context: (context) => pick(LABELS.measureContexts, context) ?? context,
    measureKind: (kind) => pick(LABELS.measureKinds, kind) ?? kind,
    list: (kind) => pick(LABELS.lists, kind) ?? kind,
    severity: (severity) => pick(LABELS.severities, severity) ?? severity,
    category: (category) => pick(LABELS.categories, category) ?? category,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const CITED = /([A-Z]{3}-[A-Z0-9-]+) \(event [^)]*\)/g;

/**
 * The engine's approval reasons and warnings (src/credit-engine/assess.ts writes them in English, citing codes
 * and event ids) in the chosen language, the codes as their titles and without the ids. A text of another form
 * is shown as it is, without its ids.
 */
function explain(text, w) {
  const cited = (s) => [...s.matchAll(CITED)].map((m) => w.code(m[1])).join(w.lang === 'zh' ? '、' : '; ');
  const zh = w.lang === 'zh';
  let m;
  if ((m = /^grade (\S+) \(level ([A-D])\) under (.+?), score (-?\d+): ([A-Z_]+)$/.exec(text))) {
    return zh
      ? `信用等级 ${m[1]}（${w.grade(m[2])}），得分 ${m[4]}（${m[3]}）：${w.mode(m[5])}`
      : `grade ${m[1]} (${w.grade(m[2])}), score ${m[4]} (${m[3]}): ${w.mode(m[5])}`;
  }
  if ((m = /^(red|black) list (.+): ([A-Z_]+|joint punishment)$/.exec(text))) {
    const list = w.list(m[1] === 'red' ? 'RED' : 'BLACK');
    const outcome = m[3] === 'joint punishment' ? (zh ? '联合惩戒' : 'joint punishment') : w.mode(m[3]);
    return zh ? `${list}（${cited(m[2])}）：${outcome}` : `${list} (${cited(m[2])}): ${outcome}`;
  }
  if ((m = /^no commitment-based approval or acceptance with missing documents until repaired: (.+)$/.exec(text))) {
    return zh ? `修复前不适用告知承诺和容缺受理：${cited(m[1])}` : `no approval by commitment or with missing documents until repaired: ${cited(m[1])}`;
  }
  if (/^Warning: attention — seriously dishonest/.test(text)) {
    return zh ? '警示：严重失信，适用联合惩戒措施。' : 'Warning: seriously dishonest; joint punishment measures apply.';
  }
  if ((m = /^Friendly reminder: generally dishonest \(grade ([^)]+)\)/.exec(text))) {
    return zh
      ? `温馨提示：一般失信（${m[1]} 级），应进行信用提醒和诚信约谈。`
      : `Friendly reminder: generally dishonest (grade ${m[1]}); a credit reminder and integrity interview are due.`;
  }
  if ((m = /^Record (\S+) \(event [^)]*\) is under objection/.exec(text))) {
    return zh ? `记录“${w.code(m[1])}”异议中，尚未处理。` : `The record “${w.code(m[1])}” is under objection and not yet decided.`;
  }
  return text.replace(/\s*\(event [^)]*\)/g, '').replace(UUID, '…');
}

/** Why the hub refused a token, in the chosen language: the hub's own message where it is not known. */
function refusalReason(message, w) {
  if (w.lang === 'en') return message.replace(/^token refused: /, '');
  const known = [
    [/has expired/, '令牌已过期，请重新获取'],
    [/claim "aud" is not accepted/, '令牌的受众（aud）不是本平台'],
    [/claim "iss" is not accepted/, '令牌的签发方（iss）不被本平台接受'],
    [/claim "(\w+)" is missing/, (m) => `令牌缺少“${m[1]}”声明`],
    [/claim "(\w+)" is not accepted/, (m) => `令牌的“${m[1]}”声明不被接受`],
    [/signing algorithm is not allowed/, '令牌的签名算法不被允许'],
    [/no known key matches/, '没有与令牌密钥编号相符的公钥'],
    [/signature does not verify/, '令牌签名验证失败'],
    [/not a well-formed signed JWT/, '这不是格式正确的签名令牌（JWT）'],
    [/Authorization header must be/, '授权请求头的格式应为“Bearer <令牌>”'],
    [/department roles need a department claim/, '部门角色的令牌需要 department 声明'],
    [/merchant role needs a uscc claim/, '商户角色的令牌需要 uscc 声明'],
    [/bank_officer role needs an org claim/, '银行角色的令牌需要 org 声明'],
  ];
  for (const [pattern, zh] of known) {
    const m = pattern.exec(message);
    if (m) return typeof zh === 'function' ? zh(m) : zh;
  }
  return message;
}

// ---- the graph ---------------------------------------------------------------------------------------

/** The hub refused the token: its message, code and HTTP status, as it answered. */
class Refused extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function gql(token, query, variables = {}) {
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw Object.assign(new Error(e.message), { unreachable: true });
  }
  const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
  const errors = body.errors ?? [];
  const refusal = errors.find((e) => e.extensions?.code === 'UNAUTHENTICATED') ?? (res.status === 401 ? (errors[0] ?? {}) : null);
  if (refusal) throw new Refused(refusal.message ?? 'token refused', refusal.extensions?.code ?? 'UNAUTHENTICATED', res.status);
  if (!body.data) throw new Error(errors.map((e) => e.message).join('; ') || `HTTP ${res.status}`);
  return { data: body.data, errors };
}

const EVALUATIONS = `{ evaluations { cycle merchants evaluatedAt finishedAt } }`;
const DASHBOARD = `query Dashboard($cycle: String) {
  byDistrict: creditStatistics(cycle: $cycle, groupBy: [DISTRICT, GRADE]) { district grade count }
  byTrade: creditStatistics(cycle: $cycle, groupBy: [TRADE, GRADE]) { trade grade count }
  trend: creditTrend { cycle grade count }
  topViolations(cycle: $cycle, first: 10) { code title department count }
  measureCounts(cycle: $cycle) { id title kind context count }
}`;
const SEARCH = `query Search($filter: MerchantFilter, $after: String, $first: Int) {
  merchantsPage(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { uscc name trade district credit { grade lists { kind } } }
  }
}`;
const PROFILE = `query Profile($uscc: CreditCode!) {
  merchant(uscc: $uscc) {
    uscc name kind trade district street address qrToken
    credit {
      grade score evaluatedAt
      breakdown { code points occurredAt underObjection }
      lists { kind code since until }
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

/**
 * A chart, with its numbers as the canvas's fallback content (screen readers, tests). `make(width)` gives its
 * config and height for the width it has (0 before it is measured): a chart of long titles wraps them to fit.
 */
function ChartBox({ make, label }) {
  const box = useRef(null);
  const canvas = useRef(null);
  const [width, setWidth] = useState(0);
  // measured before the page is painted, then again whenever it changes
  useLayoutEffect(() => {
    setWidth(box.current.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(box.current);
    return () => observer.disconnect();
  }, []);
  const { config, height } = useMemo(() => make(width), [make, width]);
  const measured = width > 0;
  useLayoutEffect(() => {
    if (!measured) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config, measured]);
  const { labels, datasets } = config.data;
  const text = (l) => (Array.isArray(l) ? unwrap(l) : String(l));
  return html`<div class="chart" ref=${box} style=${height ? `height:${height}px` : ''}>
    <canvas ref=${canvas} role="img" aria-label=${label}>
      <table>
        <thead>
          <tr>
            <th></th>
            ${datasets.map((d) => html`<th>${d.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${labels.map(
            (l, i) =>
              html`<tr>
                <th>${text(l)}</th>
                ${datasets.map((d) => html`<td>${d.data[i]}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </canvas>
  </div>`;
}

/** How wide a text is, in Latin letters (a Chinese character is two). */
const widthOf = (s) => [...s].reduce((n, c) => n + (c.codePointAt(0) > 0x2e80 ? 2 : 1), 0);

/**
 * A title on as many lines as it needs, none wider than `width`: broken between words, or between Chinese
 * characters, after a Chinese punctuation mark (：、，) where one is far enough along.
 */
function wrap(text, width = 34) {
  const tokens = text.match(/[\u2e80-\uffff][，。、：；）」”]?|[^\s\u2e80-\uffff]+\s*|\s+/g) ?? [text];
  const lines = [];
  let line = [];
  const join = (ts) => ts.join('').trim();
  for (const token of tokens) {
    if (line.length && widthOf(join([...line, token])) > width) {
      // break after the last mark in the line's second half, else before this token
      let cut = line.length;
      for (let i = line.length - 1; i > 0; i--) {
        if (/[，、：；]$/.test(line[i - 1]) && widthOf(join(line.slice(0, i))) >= width * 0.25) {
          cut = i;
          break;
        }
      }
      lines.push(join(line.slice(0, cut)));
      line = line.slice(cut);
    }
    line.push(token);
  }
  if (join(line)) lines.push(join(line));
  return lines.length > 1 ? lines : (lines[0] ?? '');
}
const linesOf = (label) => (Array.isArray(label) ? label.length : 1);
/** A wrapped title whole again: a space back between words, none between Chinese characters. */
const unwrap = (lines) => lines.reduce((s, l) => (s && /[^\u2e80-\uffff]$/.test(s) && /^[^\u2e80-\uffff]/.test(l) ? `${s} ${l}` : s + l), '');

/** The counts written on the bars: at the end of a plain bar, inside a stacked segment wide enough for them. */
const COUNT_AT_END = { anchor: 'end', align: 'end', offset: 2, clamp: true, color: '#1d2733', font: { weight: 'bold' }, formatter: (v) => (v ? v : '') };
const countInside = (horizontal) => ({
  color: '#fff',
  font: { weight: 'bold', size: 11 },
  formatter: (v) => v,
  display(ctx) {
    const value = ctx.dataset.data[ctx.dataIndex];
    const bar = ctx.chart.getDatasetMeta(ctx.datasetIndex).data[ctx.dataIndex];
    if (!value || !bar) return false;
    const { x, y, base } = bar.getProps(['x', 'y', 'base'], true);
    return Math.abs((horizontal ? x : y) - base) >= (horizontal ? 8 + 7 * String(value).length : 15);
  },
});

/** Grades present in rows, A–D first. */
const gradesIn = (rows) => [...new Set([...GRADES, ...rows.map((r) => r.grade).filter(Boolean)])];

/** Rows of { [key], grade, count } as one dataset per grade over the key's values (largest first), counted in each segment. */
function stackedByGrade(rows, key, w, { horizontal = false } = {}) {
  const totals = new Map();
  for (const r of rows) totals.set(r[key] ?? '—', (totals.get(r[key] ?? '—') ?? 0) + r.count);
  const labels = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
  const count = (label, grade) => rows.filter((r) => (r[key] ?? '—') === label && r.grade === grade).reduce((s, r) => s + r.count, 0);
  const all = (grade) => rows.filter((r) => r.grade === grade).reduce((s, r) => s + r.count, 0);
  return {
    type: 'bar',
    data: {
      labels,
      datasets: gradesIn(rows).map((g) => ({
        // the legend says how many of each grade there are: a grade of a few merchants is still read
        label: `${g} ${w.grade(g)} · ${all(g)}`.replace('  ', ' '),
        data: labels.map((l) => count(l, g)),
        backgroundColor: GRADE_COLOURS[g] ?? '#607080',
      })),
    },
    plugins: [ChartDataLabels],
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      // every category labelled
      scales: { x: { stacked: true, ticks: { autoSkip: horizontal } }, y: { stacked: true, ticks: { autoSkip: !horizontal } } },
      plugins: { legend: { position: 'bottom' }, datalabels: countInside(horizontal) },
    },
  };
}

function trendChart(rows, w) {
  const cycles = [...new Set(rows.map((r) => r.cycle))].sort();
  const count = (cycle, grade) => rows.filter((r) => r.cycle === cycle && r.grade === grade).reduce((s, r) => s + r.count, 0);
  return {
    type: 'bar',
    data: {
      labels: cycles,
      datasets: gradesIn(rows).map((g) => ({
        label: `${g} ${w.grade(g)}`.trim(),
        data: cycles.map((c) => count(c, g)),
        backgroundColor: GRADE_COLOURS[g] ?? '#607080',
      })),
    },
    plugins: [ChartDataLabels],
    options: { scales: { x: { stacked: true }, y: { stacked: true } }, plugins: { legend: { position: 'bottom' }, datalabels: countInside(false) } },
  };
}

/** Ranked rows as horizontal bars, each title whole (on several lines where long) and its count at the bar's end. */
function barChart(rows, { label, colour, title, key, units }) {
  const labels = rows.map((r) => wrap(title(r), units));
  return {
    type: 'bar',
    data: { labels, datasets: [{ label, data: rows.map((r) => r.count), backgroundColor: colour }] },
    plugins: [ChartDataLabels],
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 8 } },
      plugins: {
        legend: { display: false },
        datalabels: COUNT_AT_END,
        tooltip: { callbacks: { title: (items) => `${title(rows[items[0].dataIndex])} (${key(rows[items[0].dataIndex])})` } },
      },
      scales: {
        // room after the longest bar for its count
        x: { beginAtZero: true, grace: '12%', ticks: { precision: 0 } },
        y: { ticks: { autoSkip: false } },
      },
    },
  };
}
/**
 * A ranked chart for a width: its titles wrapped to about two fifths of it (a Latin letter is some 6 px wide), and
 * as tall as every title's lines apart from the next title's (the rows are of one height: the tallest title's).
 */
const ranked = (rows, options) => (width) => {
  const config = barChart(rows, { ...options, units: width ? Math.max(12, Math.min(34, Math.floor((width * 0.42) / 6))) : 34 });
  const { labels } = config.data;
  return { config, height: Math.max(140, labels.length * (14 + 15 * Math.max(1, ...labels.map(linesOf))) + 50) };
};
const fixed = (config, height) => () => ({ config, height });

// ---- the page ----------------------------------------------------------------------------------------

function LanguageSwitch({ lang, setLang }) {
  return html`<div class="lang" role="group" aria-label=${TEXT[lang].language}>
    <button type="button" id="lang-zh" lang="zh-CN" aria-pressed=${lang === 'zh'} onClick=${() => setLang('zh')}>中文</button>
    <button type="button" id="lang-en" lang="en" aria-pressed=${lang === 'en'} onClick=${() => setLang('en')}>English</button>
  </div>`;
}

function SignIn({ w, refusal, onToken }) {
  const [text, setText] = useState('');
  const submit = (e) => {
    e.preventDefault();
    if (text.trim()) onToken(text.trim().replace(/^Bearer\s+/i, ''));
  };
  return html`<div class=${refusal ? 'notice error' : 'notice'} id="sign-in" role=${refusal ? 'alert' : null}>
    <h2>${refusal ? (w.lang === 'zh' ? `${w.refused}（${refusal.code}）` : `${w.refused} (${refusal.code})`) : w.notSignedIn}</h2>
    ${
      refusal &&
      html`<p id="refusal"><b>${w.reason}${w.separator}</b>${refusalReason(refusal.message, w)}</p>
        <p class="meta" id="refusal-detail">
          ${w.hubSaid}${w.separator}<code>${refusal.message}</code> · ${refusal.code}${refusal.status ? ` · HTTP ${refusal.status}` : ''}
        </p>`
    }
    <p>${w.pasteToken}</p>
    <form onSubmit=${submit}>
      <textarea aria-label=${w.token} placeholder="eyJhbGciOi…" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
      <button type="submit">${w.signIn}</button>
    </form>
  </div>`;
}

function App() {
  const [lang, setLangState] = useState(initialLanguage);
  const [token, setToken] = useState(initialToken);
  const [state, setState] = useState({ kind: token ? 'loading' : 'signed-out' });
  const [evaluations, setEvaluations] = useState(null);
  const [cycle, setCycle] = useState(null);
  const [stats, setStats] = useState(null);
  const [profile, setProfile] = useState(null);
  const w = useMemo(() => words(lang), [lang]);

  const setLang = (l) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = w.htmlLang;
    document.title = w.title;
  }, [w]);

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
      setProfile(null);
      setState({ kind: 'refused', refusal: { message: e.message, code: e.code, status: e.status } });
    } else setState({ kind: 'error', message: e.message, unreachable: e.unreachable, forbidden: e.forbidden });
  }, []);

  // the evaluated cycles; polled a while when there are none yet (a fresh demo city is being evaluated)
  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let timer;
    const load = async (attempt) => {
      try {
        const { data, errors } = await gql(token, EVALUATIONS);
        if (stopped) return;
        if (data.evaluations === null) throw Object.assign(new Error(errors.map((e) => e.message).join('; ')), { forbidden: true });
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
  // the cycle the directory filters grades and lists by: the latest finished evaluation (newest first)
  const latest = evaluations?.find((e) => e.finishedAt)?.cycle ?? null;
  return html`
    <header class="top">
      <h1>${w.title}</h1>
      ${
        evaluations?.length > 0 &&
        html`<label
          >${w.cycle}
          <select id="cycle" value=${chosen.cycle} onChange=${(e) => setCycle(e.target.value === evaluations[0].cycle ? null : e.target.value)}>
            ${evaluations.map((e) => html`<option value=${e.cycle}>${e.cycle}</option>`)}
          </select></label
        >`
      }
      <${LanguageSwitch} lang=${lang} setLang=${setLang} />
      ${token && state.kind !== 'refused' && html`<button class="plain" onClick=${signOut}>${w.signOut}</button>`}
    </header>
    <main>
      ${state.kind === 'signed-out' && html`<${SignIn} w=${w} onToken=${signIn} />`}
      ${state.kind === 'refused' && html`<${SignIn} w=${w} refusal=${state.refusal} onToken=${signIn} />`}
      ${
        state.kind === 'error' &&
        html`<div class="notice error" role="alert">
          <h2>${w.errorTitle}</h2>
          <p>${state.forbidden ? w.noStatistics : state.unreachable ? `${w.cannotReach}${w.separator}` : ''}${state.message}</p>
          <button onClick=${() => signIn(token)}>${w.retry}</button>
        </div>`
      }
      ${state.kind === 'loading' && html`<p class="notice">${w.loading}</p>`}
      ${
        state.kind === 'no-cycles' &&
        html`<div class="notice" id="no-cycles">
          <h2>${w.noCycles}</h2>
          <p>${state.polling ? w.waiting : w.askAdmin}</p>
        </div>`
      }
      ${state.kind === 'ready' && html`<${Dashboard} w=${w} stats=${stats} chosen=${chosen} latest=${latest} token=${token} open=${open} failed=${failed} />`}
    </main>
    ${profile && html`<${Profile} w=${w} m=${profile} close=${() => setProfile(null)} />`}
  `;
}

function Dashboard({ w, stats, chosen, latest, token, open, failed }) {
  const charts = useMemo(() => {
    if (!stats) return null;
    const measures = stats.measureCounts ?? [];
    const measureChart = (kind, colour, label) =>
      ranked(
        measures.filter((m) => m.kind === kind).sort((a, b) => b.count - a.count),
        { label, colour, title: (m) => w.measure(m.id, m.title), key: (m) => m.id },
      );
    const trade = stackedByGrade(stats.byTrade ?? [], 'trade', w, { horizontal: true });
    return {
      district: fixed(stackedByGrade(stats.byDistrict ?? [], 'district', w)),
      trade: fixed(trade, Math.max(320, trade.data.labels.length * 30 + 70)),
      trend: fixed(trendChart(stats.trend ?? [], w)),
      violations: ranked(stats.topViolations ?? [], { label: w.times, colour: PUNISHMENT_COLOUR, title: (v) => w.code(v.code, v.title), key: (v) => v.code }),
      // incentives and punishments apart, each on its own scale: the punishments of a few merchants are not slivers beside the incentives of most
      incentives: measureChart('INCENTIVE', INCENTIVE_COLOUR, w.merchants),
      punishments: measureChart('PUNISHMENT', PUNISHMENT_COLOUR, w.merchants),
    };
  }, [stats, w]);
  if (!stats || !charts) return html`<p class="notice">${w.loading}</p>`;

  const total = (stats.byDistrict ?? []).reduce((s, r) => s + r.count, 0);
  const share = (g) => (total ? ((100 * (stats.byDistrict ?? []).filter((r) => r.grade === g).reduce((s, r) => s + r.count, 0)) / total).toFixed(1) : '0.0');
  const card = (id, title, content, wide) =>
    html`<section class=${wide ? 'card wide' : 'card'} id=${id}>
      <h2>${title}</h2>
      ${content}
    </section>`;
  const ofKind = (kind) => (stats.measureCounts ?? []).filter((m) => m.kind === kind);
  const chart = (make, label, rows) =>
    rows?.length ? html`<${ChartBox} make=${make} label=${label} />` : html`<p class="empty">${rows ? w.none : w.noData}</p>`;
  return html` ${stats.errors?.length > 0 && html`<p class="notice error" role="alert">${stats.errors.map((e) => e.message).join('; ')}</p>`}
    <div class="tiles">
      <div class="tile"><b>${total}</b><span>${w.judged} · ${chosen.cycle}</span></div>
      <div class="tile"><b style="color:#2e8b57">${share('A')} %</b><span>A ${w.grade('A')}</span></div>
      <div class="tile"><b style="color:#c0392b">${share('D')} %</b><span>D ${w.grade('D')}</span></div>
      <div class="tile"><b>${new Date(chosen.evaluatedAt).toISOString().slice(0, 10)}</b><span>${w.asOf}</span></div>
    </div>
    <div class="grid">
      ${card('by-district', w.byDistrict, chart(charts.district, w.byDistrict, total ? stats.byDistrict : null))}
      ${card('trend', w.trend, chart(charts.trend, w.trend, stats.trend ?? []))}
      ${card('by-trade', w.byTrade, chart(charts.trade, w.byTrade, stats.byTrade ?? []))}
      ${card('violations', w.violations, chart(charts.violations, w.violations, stats.topViolations ?? []))}
      ${card('incentives', w.incentives, chart(charts.incentives, w.incentives, ofKind('INCENTIVE')))}
      ${card('measures', w.punishments, chart(charts.punishments, w.punishments, ofKind('PUNISHMENT')))}
      ${card('search', w.search, html`<${Search} w=${w} stats=${stats} latest=${latest} token=${token} open=${open} failed=${failed} />`, true)}
    </div>`;
}

/**
 * The directory, page by page: part of a name and the filters the graph offers (district, trade, kind, and the
 * grade and list of the latest finished evaluation).
 */
function Search({ w, stats, latest, token, open, failed }) {
  const [form, setForm] = useState({ name: '', district: '', trade: '', kind: '', grade: '', list: '' });
  // the cursors of the pages seen, so that a page back is the page that was shown
  const [pages, setPages] = useState(null);
  const [result, setResult] = useState(null);
  const options = (rows, key) => [...new Set(rows.map((r) => r[key]).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));
  const districts = useMemo(() => options(stats.byDistrict ?? [], 'district'), [stats]);
  const trades = useMemo(() => options(stats.byTrade ?? [], 'trade'), [stats]);
  // the grades of the scheme's bands (A–D) and any other the counts name
  const grades = useMemo(() => gradesIn(stats.byDistrict ?? []), [stats]);

  const load = (filter, after, cursors) =>
    gql(token, SEARCH, { filter, after, first: PAGE_SIZE })
      .then(({ data }) => {
        setResult(data.merchantsPage);
        setPages({ filter, cursors });
      })
      .catch(failed);
  const filterOf = (f) => ({
    ...(f.name.trim() ? { nameContains: f.name.trim() } : {}),
    ...(f.district ? { district: f.district } : {}),
    ...(f.trade ? { trade: f.trade } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.grade ? { grade: f.grade } : {}),
    ...(f.list ? { list: f.list } : {}),
  });
  const search = (f = form) => load(filterOf(f), null, [null]);
  const change = (key) => (e) => {
    const next = { ...form, [key]: e.target.value };
    setForm(next);
    if (key !== 'name' && result) search(next);
  };
  const page = pages ? pages.cursors.length : 0;
  const count = result ? Math.max(1, Math.ceil(result.totalCount / PAGE_SIZE)) : 0;
  const next = () => load(pages.filter, result.pageInfo.endCursor, [...pages.cursors, result.pageInfo.endCursor]);
  const previous = () => load(pages.filter, pages.cursors.at(-2), pages.cursors.slice(0, -1));

  return html`<div class="search">
    <form
      onSubmit=${(e) => {
        e.preventDefault();
        search();
      }}
      role="search"
    >
      <input type="search" name="name" aria-label=${w.name} placeholder=${w.namePlaceholder} value=${form.name} onInput=${change('name')} />
      <select id="filter-district" aria-label=${w.district} value=${form.district} onChange=${change('district')}>
        <option value="">${w.allDistricts}</option>
        ${districts.map((d) => html`<option value=${d}>${d}</option>`)}
      </select>
      <select id="filter-trade" aria-label=${w.trade} value=${form.trade} onChange=${change('trade')}>
        <option value="">${w.allTrades}</option>
        ${trades.map((t) => html`<option value=${t}>${t}</option>`)}
      </select>
      <select id="filter-kind" aria-label=${w.kind} value=${form.kind} onChange=${change('kind')}>
        <option value="">${w.allKinds}</option>
        ${Object.entries(w.kinds).map(([k, label]) => html`<option value=${k}>${label}</option>`)}
      </select>
      <select id="filter-grade" aria-label=${w.gradeFilter} title=${w.gradeFilter} value=${form.grade} onChange=${change('grade')}>
        <option value="">${w.allGrades}</option>
        ${grades.map((g) => html`<option value=${g}>${`${g} ${w.grade(g)}`.trim()}</option>`)}
      </select>
      <select id="filter-list" aria-label=${w.listFilter} title=${w.listFilter} value=${form.list} onChange=${change('list')}>
        <option value="">${w.allLists}</option>
        ${Object.keys(LABELS.lists).map((k) => html`<option value=${k}>${w.list(k)}</option>`)}
      </select>
      <button type="submit">${w.searchButton}</button>
    </form>
    ${(pages?.filter.grade || pages?.filter.list) && latest && html`<p class="empty" id="search-basis">${w.byLatest(latest)}</p>`}
    ${
      result &&
      html`<p class="empty" id="search-count">${w.found(result.totalCount)}${result.totalCount > 0 ? ` · ${w.page(page, count)}` : ''}</p>
        ${result.totalCount === 0 && html`<p class="empty">${w.noMatch}</p>`}
        <ul class="results">
          ${result.nodes.map(
            (m) =>
              html`<li key=${m.uscc}>
                <button onClick=${() => open(m.uscc)}>
                  <span class=${`badge ${m.credit?.grade ?? ''}`} title=${m.credit ? w.grade(m.credit.grade) : ''}>${m.credit?.grade ?? '?'}</span>
                  <span
                    >${m.name}${[...new Set((m.credit?.lists ?? []).map((l) => l.kind))].map((k) => html` <span class=${`tag ${k === 'BLACK' ? 'neg' : 'pos'}`}>${w.list(k)}</span>`)}<br /><small
                      >${m.trade} · ${m.district} · ${m.uscc}</small
                    ></span
                  >
                </button>
              </li>`,
          )}
        </ul>
        ${
          (page > 1 || result.pageInfo.hasNextPage) &&
          html`<nav class="pager" aria-label=${w.page(page, count)}>
            <button type="button" id="page-previous" disabled=${page <= 1} onClick=${previous}>${w.previous}</button>
            <span>${w.page(page, count)}</span>
            <button type="button" id="page-next" disabled=${!result.pageInfo.hasNextPage} onClick=${next}>${w.next}</button>
          </nav>`
        }`
    }
  </div>`;
}

const day = (d) => (d ? new Date(d).toISOString().slice(0, 10) : '');

function Profile({ w, m, close }) {
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && close();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [close]);
  if (!m.uscc) return null;
  const c = m.credit ?? {};
  const refused = (m.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.slice(-1)[0]);
  const entry = (code) => LABELS.catalogue[code];
  return html`<aside class="profile" id="profile" aria-label=${w.profile}>
    <button class="plain close" onClick=${close}>✕ ${w.close}</button>
    <div class="head">
      <span class=${`badge big ${c.grade ?? ''}`} aria-label=${w.creditGrade}>${c.grade ?? '?'}</span>
      <div>
        <h2>${m.name}</h2>
        <div class="meta"><span id="grade-words">${w.grade(c.grade)}</span>${c.score != null ? html` · ${w.score} <b id="score">${c.score}</b>` : ''}</div>
      </div>
    </div>
    <p class="meta">${m.trade} · ${m.district} ${m.street}<br />${m.address}<br />${m.uscc}</p>
    <p><a id="qr-link" href=${`/m/${encodeURIComponent(m.qrToken)}${w.lang === 'en' ? '?lang=en' : ''}`} target="_blank" rel="noopener">${w.qrPage} ↗</a></p>
    ${refused.length > 0 && html`<p class="warn">${w.notShown}${w.separator}${refused.join(', ')}</p>`}

    <h3>${w.breakdown}</h3>
    ${
      c.breakdown?.length
        ? html`<table id="breakdown">
            <thead>
              <tr>
                <th>${w.date}</th>
                <th>${w.record}</th>
                <th class="num">${w.points}</th>
              </tr>
            </thead>
            <tbody>
              ${c.breakdown.map((b) => {
                const e = entry(b.code);
                const tags = [
                  e?.listEffect && html`<span class=${`tag ${e.listEffect === 'BLACK' ? 'neg' : 'pos'}`}>${w.listInformation(w.list(e.listEffect))}</span>`,
                  b.underObjection && html`<span class="tag warn">${w.underObjection}</span>`,
                ].filter(Boolean);
                return html`<tr>
                  <td class="date">${day(b.occurredAt)}</td>
                  <td>${w.code(b.code)} ${tags}<br /><small>${b.code}${e ? ` · ${w.category(e.category)} · ${w.severity(e.severity)}` : ''}</small></td>
                  <td class=${`num ${b.points < 0 ? 'neg' : 'pos'}`}>${b.points > 0 ? '+' : ''}${b.points}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : html`<p class="empty">${w.nothingCounted}</p>`
    }

    <h3>${w.lists}</h3>
    ${
      c.lists?.length
        ? html`<ul id="lists">
            ${c.lists.map((l) => html`<li><b class=${l.kind === 'BLACK' ? 'neg' : 'pos'}>${w.list(l.kind)}</b> · ${w.code(l.code)} · ${day(l.since)}${l.until ? ` – ${day(l.until)}` : ''}</li>`)}
          </ul>`
        : html`<p class="empty">${w.onNoList}</p>`
    }

    <h3>${w.approval}</h3>
    ${
      c.approval
        ? html`<p id="approval-mode"><b>${w.mode(c.approval.mode)}</b></p>
            ${
              c.approval.reasons.length > 0 &&
              html`<ul id="approval-reasons">
                ${c.approval.reasons.map((r) => html`<li>${explain(r, w)}</li>`)}
              </ul>`
            }
            ${c.approval.warnings.map((x) => html`<p class="warn">${explain(x, w)}</p>`)}`
        : html`<p class="empty">—</p>`
    }

    <h3>${w.measures}</h3>
    ${
      c.measures?.length
        ? html`<ul id="measures-applied">
            ${c.measures.map((x) => html`<li><span class=${x.kind === 'INCENTIVE' ? 'pos' : 'neg'}>${w.measureKind(x.kind)}</span> ${w.measure(x.id, x.title)} <small>${w.lang === 'zh' ? `（${w.context(x.context)}）` : `(${w.context(x.context)})`}</small></li>`)}
          </ul>`
        : html`<p class="empty">${w.none}</p>`
    }
  </aside>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
