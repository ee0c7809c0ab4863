import { demoEvent, demoRecordId } from '../../demo/events';
import type { Random } from '../../demo/random';
import type { DemoMerchant, DemoRows, DepartmentDemo } from '../../demo/types';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const WINDOW = Math.round(5 * 365.25) * DAY;

type Row = Record<string, unknown>;
interface ApprovalRows extends DemoRows {
  credit_event: Row[];
  permit: Row[];
  commitment: Row[];
}

interface Matter {
  name: string;
  /** how the matter's permit numbers begin */
  prefix: string;
  /** term of validity; null for a permit without one */
  years: number | null;
  /** the document a credit commitment can stand in for at approval */
  document: string;
}

const FOOD: Matter = { name: '食品经营许可', prefix: 'JY', years: 5, document: '从业人员健康证明' };
const TOBACCO: Matter = { name: '烟草专卖零售许可', prefix: 'YCLS', years: 5, document: '经营场所使用证明' };
const DRUGS: Matter = { name: '药品经营许可', prefix: 'YPJY', years: 5, document: '执业药师注册证明' };
const HYGIENE: Matter = { name: '公共场所卫生许可', prefix: 'WSXK', years: 4, document: '公共场所卫生检测报告' };
const DRAINAGE: Matter = { name: '城镇污水排入排水管网许可', prefix: 'PSXK', years: 5, document: '排水水质检测报告' };
const SIGNBOARD: Matter = { name: '户外广告设置许可', prefix: 'HWGG', years: 2, document: '广告设施安全检测报告' };
const ENTERTAINMENT: Matter = { name: '娱乐经营许可', prefix: 'YLJY', years: 2, document: '消防安全检查合格证明' };
const LODGING: Matter = { name: '特种行业许可（旅馆业）', prefix: 'TZHY', years: null, document: '消防安全检查合格证明' };

/** The permits a trade needs: its main licence first, then the ones some of its shops also hold. */
const TRADES: readonly (readonly [trade: RegExp, matters: readonly Matter[]])[] = [
  [/药|pharmacy|drug/i, [DRUGS, FOOD, SIGNBOARD]],
  [/住宿|宾馆|旅馆|酒店|民宿|hotel|hostel|inn\b/i, [LODGING, HYGIENE, SIGNBOARD]],
  [/娱乐|网吧|KTV|歌厅|entertainment|karaoke/i, [ENTERTAINMENT, HYGIENE, SIGNBOARD]],
  [/汽车|汽修|维修|洗车|car\b|garage|repair/i, [DRAINAGE, SIGNBOARD]],
  [
    /餐|饭|小吃|烧烤|火锅|面馆|奶茶|茶饮|饮品|咖啡|烘焙|美食|酒楼|酒家|restaurant|catering|caf[eé]|bakery|snack|noodle|barbecue|coffee|tea/i,
    [FOOD, DRAINAGE, SIGNBOARD],
  ],
  [/理发|美发|美容|美甲|洗浴|足疗|健身|salon|barber|beauty|spa\b|gym/i, [HYGIENE, SIGNBOARD]],
  [/超市|便利|食品|水果|蔬菜|生鲜|烟酒|零售|粮油|grocery|supermarket|convenience|retail|store|shop/i, [FOOD, TOBACCO, SIGNBOARD]],
];
const OTHER_TRADES: readonly Matter[] = [SIGNBOARD];
/** chance of holding the first, second, third matter of the list */
const HOLDS = [0.92, 0.45, 0.3];

const COMMITMENT_DAYS = [30, 60, 90];

/** Administrative approval's demo facts: permits with their renewals, credit commitments, honours. */
export const approvalDemo: DepartmentDemo = {
  facts(m, rng, today) {
    const rows: ApprovalRows = { credit_event: [], permit: [], commitment: [] };
    const from = new Date(Math.max(m.openedAt.getTime(), today.getTime() - WINDOW));
    if (from >= today) return rows;
    const matters = TRADES.find(([trade]) => trade.test(m.trade))?.[1] ?? OTHER_TRADES;
    for (let i = 0; i < matters.length; i++) {
      if (rng.chance(i === 0 && matters === OTHER_TRADES ? 0.6 : HOLDS[i]!)) permitHistory(rows, m, rng, matters[i]!, from, today);
    }
    const goodStanding = (1 - m.risk) * (1 - m.risk);
    if (rng.chance(0.03 * goodStanding)) approvalEvent(rows, m, rng, 'APR-HON-MODEL', rng.date(from, today), '被评为诚信示范单位，列入守信激励对象名单。');
    if (rng.chance((m.kind === 'ENTERPRISE' ? 0.04 : 0.015) * goodStanding)) {
      approvalEvent(rows, m, rng, 'APR-HON-CIVIL', rng.date(from, today), '被授予文明单位称号。');
    }
    return rows;
  },
};

/** A matter's permits over the window: issued, renewed at each expiry or left to lapse, and perhaps revoked. */
function permitHistory(rows: ApprovalRows, m: DemoMerchant, rng: Random, matter: Matter, from: Date, today: Date): void {
  const years = matter.years;
  let issuedAt = rng.date(from, new Date(Math.min(today.getTime(), from.getTime() + (years ?? 1) * YEAR)));
  for (;;) {
    const validUntil = years === null ? null : sameDayYearsLater(issuedAt, years);
    const permit: Row = {
      id: rng.uuid(),
      uscc: m.uscc,
      matter: matter.name,
      source_record_id: demoRecordId('approval', 'PMT', m, rows.permit.length + 1),
      permit_number: `${matter.prefix}${String(m.index).padStart(10, '0')}${rows.permit.length}`,
      issued_at: issuedAt,
      valid_until: validUntil,
      status: 'VALID',
      event_id: null,
    };
    rows.permit.push(permit);
    // a quarter of approvals are granted on a signed promise to supply a document later (告知承诺制)
    if (rng.chance(0.25)) commitment(rows, m, rng, matter, issuedAt, today);

    if (validUntil === null || validUntil >= today) {
      if (m.risk > 0.6 && rng.chance(0.15 * (m.risk - 0.6))) {
        const fraud = m.risk > 0.85 && rng.chance(0.25);
        const revokedAt = rng.date(issuedAt, today);
        permit.status = 'REVOKED';
        permit.event_id = fraud
          ? approvalEvent(rows, m, rng, 'APR-PMT-FRAUD', revokedAt, `${matter.name}系以提供虚假材料等不正当手段取得，依法撤销。`)
          : approvalEvent(rows, m, rng, 'APR-PMT-REVOKED', revokedAt, `因严重违法经营，依法吊销${matter.name}证件。`);
      }
      return;
    }
    permit.status = 'EXPIRED';
    if (!rng.chance(0.85 - 0.4 * m.risk)) {
      // not renewed; a risky merchant goes on trading on the lapsed permit until caught
      const caughtAt = validUntil.getTime() + rng.int(15, 120) * DAY;
      if (rng.chance(0.2 + 0.6 * m.risk) && caughtAt <= today.getTime()) {
        permit.event_id = approvalEvent(rows, m, rng, 'APR-PMT-LATE', new Date(caughtAt), `${matter.name}有效期届满未申请延续，仍在从事许可事项。`);
      }
      return;
    }
    issuedAt = new Date(validUntil.getTime() - rng.int(1, 30) * DAY);
  }
}

function sameDayYearsLater(d: Date, years: number): Date {
  const later = new Date(d);
  later.setUTCFullYear(d.getUTCFullYear() + years);
  return later;
}

function commitment(rows: ApprovalRows, m: DemoMerchant, rng: Random, matter: Matter, signedAt: Date, today: Date): void {
  const days = rng.pick(COMMITMENT_DAYS);
  const dueDate = new Date(signedAt.getTime() + days * DAY);
  const row: Row = {
    id: rng.uuid(),
    uscc: m.uscc,
    matter: `${matter.name}（承诺补交${matter.document}）`,
    signed_at: signedAt,
    due_date: dueDate,
    status: 'PENDING',
    verified_at: null,
    fulfilled_late_at: null,
    source_record_id: `DEMO-APR-CMT-${m.index}-${rows.commitment.length + 1}`,
    event_id: null,
  };
  rows.commitment.push(row);
  if (dueDate > today) return;
  if (rng.chance(0.03 + 0.45 * m.risk * m.risk)) {
    const verifiedAt = new Date(Math.min(today.getTime(), dueDate.getTime() + rng.int(1, 10) * DAY));
    row.status = 'BREACHED';
    row.verified_at = verifiedAt;
    if (m.risk > 0.8 && rng.chance(0.2)) {
      row.event_id = approvalEvent(rows, m, rng, 'APR-CMT-FALSE', verifiedAt, `${matter.name}告知承诺核查发现，承诺内容与实际情况不符。`);
      return;
    }
    // most breaches are cured late: the document arrives and the record ends
    const curedAt = verifiedAt.getTime() + rng.int(15, 120) * DAY;
    const ended = rng.chance(0.5) && curedAt <= today.getTime() ? new Date(curedAt) : null;
    if (ended) {
      row.status = 'FULFILLED_LATE';
      row.fulfilled_late_at = ended;
    }
    row.event_id = approvalEvent(rows, m, rng, 'APR-CMT-BREACH', verifiedAt, `${matter.name}告知承诺到期未补交${matter.document}，未践诺。`, ended);
    return;
  }
  const verifiedAt = new Date(signedAt.getTime() + rng.int(3, days) * DAY);
  row.status = 'FULFILLED';
  row.verified_at = verifiedAt;
  row.event_id = approvalEvent(rows, m, rng, 'APR-CMT-FULFIL', verifiedAt, `按期补交${matter.document}，${matter.name}告知承诺经核查已践诺。`);
}

function approvalEvent(rows: ApprovalRows, m: DemoMerchant, rng: Random, code: string, occurredAt: Date, summary: string, endedAt: Date | null = null): string {
  return demoEvent(rows.credit_event, 'approval', m, rng, { code, occurredAt, summary, endedAt }).id;
}
