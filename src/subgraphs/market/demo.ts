import { demoEvent, demoRecordId } from '../../demo/events';
import type { Random } from '../../demo/random';
import type { DemoMerchant, DemoRows, DepartmentDemo } from '../../demo/types';

const DAY = 86_400_000;
const WINDOW = Math.round(5 * 365.25) * DAY;

type Row = Record<string, unknown>;
interface MarketRows extends DemoRows {
  credit_event: Row[];
  penalty: Row[];
  inspection: Row[];
  market_list_entry: Row[];
  complaint: Row[];
}

type Severity = 'MINOR' | 'GENERAL' | 'SERIOUS';
interface PenaltyKind {
  severity: Severity;
  violations: readonly string[];
  fine: readonly [min: number, max: number];
}
const PENALTIES: Record<Severity, PenaltyKind> = {
  MINOR: {
    severity: 'MINOR',
    violations: ['未在经营场所醒目位置悬挂营业执照', '商品未明码标价', '未按规定建立进货查验记录', '从业人员健康证明过期'],
    fine: [200, 2_000],
  },
  GENERAL: {
    severity: 'GENERAL',
    violations: ['经营超过保质期的食品', '使用未经检定的计量器具', '销售不合格产品', '发布虚假宣传广告', '价格欺诈'],
    fine: [2_000, 50_000],
  },
  SERIOUS: {
    severity: 'SERIOUS',
    violations: ['使用非食品原料生产加工食品', '销售假冒注册商标的商品', '掺杂掺假、以次充好致消费者健康受损', '无照经营且拒不改正'],
    fine: [50_000, 500_000],
  },
};

const INSPECTION_KINDS = [
  ['RANDOM_SPOT_CHECK', 6],
  ['ROUTINE', 3],
  ['PRODUCT_SAMPLING', 2],
] as const;
const RECTIFIED_FINDINGS = [
  '进货台账记录不完整，已当场整改',
  '价签标示不规范，已现场改正',
  '从业人员健康证明过期，已限期补办',
  '公示信息未及时更新，已责令更正',
];
const FAILED_FINDINGS = ['营业执照登载的经营场所与实际不符', '未按规定公示年度报告信息', '超范围经营，未取得相应许可', '无法提供商品进货来源证明'];
const FOOD_SAMPLING_FAILED = ['抽检样品不合格：菌落总数超标', '抽检样品不合格：检出禁用农药残留', '抽检样品不合格：食品添加剂超范围使用'];
const PRODUCT_SAMPLING_FAILED = ['抽检样品不合格：标签标识不符合标准', '抽检样品不合格：电气安全性能不达标', '抽检样品不合格：纤维含量与标注不符'];

const ABNORMAL = [
  ['MKT-ABN-REPORT', 14, '未按规定期限公示年度报告'],
  ['MKT-ABN-ADDRESS', 5, '通过登记的住所或者经营场所无法联系'],
  ['MKT-ABN-FALSE', 1, '公示信息隐瞒真实情况、弄虚作假'],
] as const;
const ABNORMAL_WEIGHTS = ABNORMAL.map((a, i) => [i, a[1]] as const);

const COMPLAINTS = [
  '菜品中发现异物',
  '预付卡余额拒不退还',
  '商品质量与宣传不符',
  '缺斤短两',
  '拒绝退换有质量问题的商品',
  '结算价格高于标示价格',
  '销售过期食品',
];

const FOOD_TRADE =
  /餐|饭|小吃|烧烤|火锅|面|奶茶|茶|饮|咖啡|烘焙|美食|食品|零售|超市|便利|水果|蔬菜|生鲜|粮油|restaurant|catering|caf[eé]|bakery|snack|noodle|food|grocery|supermarket|convenience|tea|coffee/i;
const DRUGS = /药|pharmacy|drug/i;
const CONSUMER_FACING =
  /餐|饭|小吃|烧烤|火锅|面馆|奶茶|饮品|咖啡|烘焙|美食|零售|销售|超市|便利|商店|商行|百货|水果|蔬菜|生鲜|服装|五金|建材|烟酒|药|理发|美发|美容|住宿|宾馆|旅馆|娱乐|维修|restaurant|catering|caf[eé]|bakery|snack|retail|shop|store|grocery|supermarket|pharmacy|salon|barber|hotel|repair/i;

/** Market supervision's demo facts: penalties, inspections, the regulator's lists, complaints, honours. */
export const marketDemo: DepartmentDemo = {
  facts(m, rng, today) {
    const rows: MarketRows = { credit_event: [], penalty: [], inspection: [], market_list_entry: [], complaint: [] };
    const from = new Date(Math.max(m.openedAt.getTime(), today.getTime() - WINDOW));
    if (from >= today) return rows;
    const years = (today.getTime() - from.getTime()) / (365.25 * DAY);
    const risk = m.risk;
    const food = FOOD_TRADE.test(m.trade) && !DRUGS.test(m.trade);
    const consumerFacing = CONSUMER_FACING.test(m.trade);

    let lastSerious: Date | null = null;
    const penalties = rng.count(years * (0.01 + 0.35 * risk * risk));
    for (let i = 0; i < penalties; i++) {
      const severity: Severity = rng.weighted([
        ['MINOR', 6],
        ['GENERAL', 3.5],
        ['SERIOUS', risk > 0.5 ? 0.5 + 2 * risk : 0],
      ] as const);
      const decidedAt = rng.date(from, today);
      penalty(rows, m, rng, PENALTIES[severity], decidedAt);
      if (severity === 'SERIOUS' && (!lastSerious || decidedAt > lastSerious)) lastSerious = decidedAt;
    }
    // the serious illegal and dishonest list follows a heavy penalty; about 0.5 % of a city, all of them high-risk
    if (risk > 0.8 && rng.chance((risk - 0.8) * 0.75)) {
      if (!lastSerious) {
        lastSerious = rng.date(from, today);
        penalty(rows, m, rng, PENALTIES.SERIOUS, lastSerious);
      }
      const listedAt = lastSerious.getTime() + rng.int(15, 90) * DAY;
      if (listedAt <= today.getTime()) {
        // early removal may be asked for after a year
        const removedAt = listedAt + rng.int(365, 700) * DAY;
        listEntry(
          rows,
          m,
          rng,
          'SERIOUS_ILLEGAL_DISHONEST',
          'MKT-SID-LISTED',
          '受到较重行政处罚，列入严重违法失信名单',
          new Date(listedAt),
          rng.chance(0.2) && removedAt <= today.getTime() ? new Date(removedAt) : null,
        );
      }
    }

    // the riskier the merchant, the more often it is drawn for inspection
    const inspections = rng.count(years * (0.2 + 0.5 * risk));
    for (let i = 0; i < inspections; i++) inspection(rows, m, rng, rng.date(from, today), consumerFacing, food);

    // the abnormal-operation list: mostly a missed annual report, listed in early July, removed once cured
    if (rng.chance(Math.min(1, years / 5) * (0.03 + 0.3 * risk))) {
      const [code, , reason] = ABNORMAL[rng.weighted(ABNORMAL_WEIGHTS)];
      const listedAt = code === 'MKT-ABN-REPORT' ? julyListing(rng, from, today) : rng.date(from, today);
      if (listedAt) {
        const removedAt = listedAt.getTime() + rng.int(15, 400) * DAY;
        listEntry(
          rows,
          m,
          rng,
          'ABNORMAL_OPERATION',
          code,
          reason,
          listedAt,
          rng.chance(0.8 - 0.4 * risk) && removedAt <= today.getTime() ? new Date(removedAt) : null,
        );
      }
    }

    const complaints = rng.count(years * (consumerFacing ? 1 : 0.2) * (0.04 + 0.35 * risk));
    for (let i = 0; i < complaints; i++) {
      const receivedAt = rng.date(from, today);
      const subject = rng.pick(COMPLAINTS);
      const substantiated = rng.chance(0.25 + 0.5 * risk);
      rows.complaint.push({
        id: rng.uuid(),
        uscc: m.uscc,
        received_at: receivedAt,
        subject,
        substantiated,
        event_id: substantiated ? marketEvent(rows, m, rng, 'MKT-CMP-SUBST', receivedAt, `消费者投诉“${subject}”，经调查属实。`) : null,
      });
    }

    const goodStanding = (1 - risk) * (1 - risk);
    if (consumerFacing && years > 1 && rng.chance(0.06 * goodStanding * (1 - risk))) {
      marketEvent(rows, m, rng, 'MKT-POS-MODEL', rng.date(from, today), '经评审被授予“放心消费示范店”称号。');
    }
    if (consumerFacing && rng.chance(0.08 * goodStanding)) {
      marketEvent(rows, m, rng, 'MKT-POS-RETURN', rng.date(from, today), '公开承诺线下无理由退货、先行赔付，并按承诺履行。');
    }
    if (m.kind === 'ENTERPRISE' && rng.chance(0.02 * goodStanding)) {
      marketEvent(rows, m, rng, 'MKT-POS-QUALITY', rng.date(from, today), '获得区级质量品牌荣誉。');
    }
    return rows;
  },
};

function penalty(rows: MarketRows, m: DemoMerchant, rng: Random, kind: PenaltyKind, decidedAt: Date): void {
  const violation = rng.pick(kind.violations);
  const fineYuan = Math.round(rng.int(kind.fine[0], kind.fine[1]) / 100) * 100;
  const decisionNumber = `市监处罚〔${decidedAt.getUTCFullYear()}〕${m.index}-${rows.penalty.length + 1}号`;
  rows.penalty.push({
    id: rng.uuid(),
    uscc: m.uscc,
    source_record_id: demoRecordId('market', 'PEN', m, rows.penalty.length + 1),
    decision_number: decisionNumber,
    decided_at: decidedAt,
    violation,
    severity: kind.severity,
    fine_yuan: fineYuan,
    event_id: marketEvent(rows, m, rng, `MKT-PEN-${kind.severity}`, decidedAt, `${violation}，罚款${fineYuan}元（${decisionNumber}）。`),
  });
}

function inspection(rows: MarketRows, m: DemoMerchant, rng: Random, inspectedAt: Date, consumerFacing: boolean, food: boolean): void {
  const kind = consumerFacing ? rng.weighted(INSPECTION_KINDS) : rng.chance(0.7) ? 'RANDOM_SPOT_CHECK' : 'ROUTINE';
  const r = rng.next();
  // a routine visit ends with things put right; only spot checks and sampling end in a failure on record
  const failed = kind !== 'ROUTINE' && r < 0.03 + 0.3 * m.risk;
  const rectified = !failed && r < 0.12 + 0.45 * m.risk;
  let findings: string | null = null;
  let eventId: string | null = null;
  if (failed && kind === 'PRODUCT_SAMPLING') {
    findings = rng.pick(food ? FOOD_SAMPLING_FAILED : PRODUCT_SAMPLING_FAILED);
    eventId = marketEvent(rows, m, rng, food ? 'MKT-SPC-FOOD' : 'MKT-SPC-PRODUCT', inspectedAt, `${findings}。`);
  } else if (failed) {
    findings = rng.pick(FAILED_FINDINGS);
    eventId = marketEvent(rows, m, rng, 'MKT-INS-RANDOM', inspectedAt, `“双随机、一公开”抽查发现问题：${findings}。`);
  } else if (rectified) findings = rng.pick(RECTIFIED_FINDINGS);
  rows.inspection.push({
    id: rng.uuid(),
    uscc: m.uscc,
    source_record_id: demoRecordId('market', 'INS', m, rows.inspection.length + 1),
    inspected_at: inspectedAt,
    kind,
    result: failed ? 'FAILED' : rectified ? 'DEFECTS_RECTIFIED' : 'PASSED',
    findings,
    event_id: eventId,
  });
}

function listEntry(rows: MarketRows, m: DemoMerchant, rng: Random, list: string, code: string, reason: string, listedAt: Date, removedAt: Date | null): void {
  rows.market_list_entry.push({
    id: rng.uuid(),
    uscc: m.uscc,
    source_record_id: demoRecordId('market', 'LST', m, rows.market_list_entry.length + 1),
    list,
    reason,
    listed_at: listedAt,
    removed_at: removedAt,
    event_id: marketEvent(rows, m, rng, code, listedAt, removedAt ? `${reason}，已移出名单。` : `${reason}。`, removedAt),
  });
}

/** A listing for a missed annual report: early July of a year the merchant was open, or none if no such July has passed. */
function julyListing(rng: Random, from: Date, today: Date): Date | null {
  const year = rng.int(from.getUTCFullYear(), today.getUTCFullYear());
  const at = (y: number) => new Date(Date.UTC(y, 6, 1) + rng.int(0, 14) * DAY + rng.int(8 * 3600, 17 * 3600) * 1000);
  let d = at(year);
  if (d > today) d = at(year - 1);
  return d >= from && d <= today ? d : null;
}

function marketEvent(rows: MarketRows, m: DemoMerchant, rng: Random, code: string, occurredAt: Date, summary: string, endedAt: Date | null = null): string {
  return demoEvent(rows.credit_event, 'market', m, rng, { code, occurredAt, summary, endedAt }).id;
}
