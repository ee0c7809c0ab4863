import { demoEvent, demoRecordId } from '../../demo/events';
import type { Random } from '../../demo/random';
import type { DemoMerchant, DemoRows, DepartmentDemo } from '../../demo/types';
import { ArrearKind, LoanStatus, TaxpayerGrade } from './entities';

type Row = Record<string, unknown>;

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** tax years rated, counted back from today: three keep the demo near seven finance rows per merchant */
const RATED_YEARS = 3;
const LOAN_WINDOW = 4 * YEAR;
const ARREAR_WINDOW = 4 * YEAR;
const SUBSIDY_WINDOW = 2 * YEAR;
const TAX_TROUBLE_WINDOW = 3 * YEAR;
/** arrears paid off within it never become credit information */
const ARREAR_GRACE = 30 * DAY;
/** overdue longer than this, a loan is non-performing */
const NON_PERFORMING = 90 * DAY;
/** a dishonest judgment debtor stays listed this long unless the judgment is performed */
const DEBTOR_LISTING = 2 * YEAR;

// A rating score is 89 − 25·risk − 25·risk⁸, plus a lasting personal offset and a yearly wobble: about one rating in
// five is A, C starts near risk 0.7, and D (a black-list trigger) only at the very top of the risk tail.
const SCORE_BASE = 89;
const SCORE_PER_RISK = 25;
const SCORE_TAIL = 25;
const SCORE_OFFSET = 14;
const SCORE_WOBBLE = 8;

const LENDERS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '招商银行',
  '兴业银行',
  '日照银行',
  '日照农商银行',
] as const;
/** loan terms in months */
const TERMS = [
  [12, 60],
  [6, 15],
  [24, 15],
  [36, 10],
] as const;
/** principal of an individual business's loan; an enterprise borrows four times as much */
const LOAN_AMOUNTS = [
  [30_000, 20],
  [50_000, 30],
  [100_000, 25],
  [200_000, 15],
  [300_000, 6],
  [500_000, 4],
] as const;
const ARREAR_KINDS = [
  [ArrearKind.TAX, 4],
  [ArrearKind.UTILITY, 3],
  [ArrearKind.SOCIAL_INSURANCE, 3],
] as const;
const ARREAR_CODE = { [ArrearKind.TAX]: 'FIN-ARR-TAX', [ArrearKind.UTILITY]: 'FIN-ARR-UTIL', [ArrearKind.SOCIAL_INSURANCE]: 'FIN-ARR-SOCIAL' } as const;
const TAXES = ['增值税及附加税费', '代扣代缴个人所得税', '企业所得税', '房产税和城镇土地使用税', '印花税'] as const;
const UTILITIES = ['电费', '水费', '燃气费'] as const;
const PROGRAMMES = ['消费立减金', '餐饮消费券', '家电以旧换新补贴', '春节消费券', '数码产品购新补贴', '夜间经济消费券'] as const;
/** mean number of subsidies paid in the window, by the merchant's latest taxpayer rating; D merchants are excluded */
const SUBSIDIES_BY_GRADE: Record<TaxpayerGrade | 'NONE', number> = { A: 1.6, B: 1.0, M: 0.6, C: 0.3, D: 0, NONE: 0.4 };
const COURTS = ['区人民法院', '市中级人民法院'] as const;
const MAJOR_TAX_CASES = ['通过虚假记账偷逃税款', '虚开增值税专用发票', '骗取出口退税'] as const;

const thousands = /\B(?=(\d{3})+(?!\d))/g;
const yuan = (n: number) => `${String(n).replace(thousands, ',')}元`;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** a moment in [from, to], to the second */
function moment(rng: Random, from: number, to: number): number {
  return Math.floor((from + rng.next() * (to - from)) / 1000) * 1000;
}

function addMonths(t: number, months: number): number {
  const d = new Date(t);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

function event(out: Row[], m: DemoMerchant, rng: Random, code: string, occurred: number, ended: number | null, summary: string, evidence: boolean): Row {
  return demoEvent(out, 'finance', m, rng, { code, occurredAt: new Date(occurred), endedAt: ended === null ? null : new Date(ended), summary, evidence });
}

/**
 * Finance's facts about one demo merchant: yearly taxpayer ratings, credit loans, arrears and subsidies,
 * with the credit events they produce. Trouble grows with `risk`; black-list triggers stay rare.
 */
export const financeDemo: DepartmentDemo = {
  facts(m, rng, today): DemoRows {
    const credit_event: Row[] = [];
    const taxpayer_rating: Row[] = [];
    const loan: Row[] = [];
    const arrear: Row[] = [];
    const subsidy: Row[] = [];
    const facts = { credit_event, taxpayer_rating, loan, arrear, subsidy };
    const now = today.getTime();
    const opened = m.openedAt.getTime();
    if (opened >= now) return facts;
    const r = m.risk;
    const scale = m.kind === 'ENTERPRISE' ? 4 : 1;

    // Tax troubles that force a D rating for their year: rare, and only for high risk.
    let forcedD = -1;
    let majorD = -1;
    const troubleFrom = Math.max(opened + 180 * DAY, now - TAX_TROUBLE_WINDOW);
    if (r > 0.6 && troubleFrom < now && rng.chance(0.02 * r)) {
      const t = moment(rng, troubleFrom, now);
      const restored = rng.chance(0.5) ? t + rng.int(30, 300) * DAY : null;
      event(
        credit_event,
        m,
        rng,
        'FIN-TAX-NONNORMAL',
        t,
        restored !== null && restored <= now ? restored : null,
        '被认定为非正常户：未按期申报纳税，且在登记地址无法联系。',
        true,
      );
      forcedD = new Date(t).getUTCFullYear();
    }
    if (r > 0.85 && troubleFrom < now && rng.chance(0.005)) {
      const t = moment(rng, troubleFrom, now);
      event(
        credit_event,
        m,
        rng,
        'FIN-TAX-MAJOR',
        t,
        null,
        `被公布为重大税收违法失信案件：${rng.pick(MAJOR_TAX_CASES)}，涉案金额${yuan(rng.int(10, 500) * 10_000)}。`,
        true,
      );
      majorD = new Date(t).getUTCFullYear();
    }

    // One rating per tax year, published in April of the next; a new rating ends the one before.
    const todayYear = today.getUTCFullYear();
    const openedYear = m.openedAt.getUTCFullYear();
    const offset = (rng.next() - 0.5) * SCORE_OFFSET;
    let grade: TaxpayerGrade | null = null;
    let inForce: Row | null = null;
    for (let year = Math.max(openedYear, todayYear - RATED_YEARS); year < todayYear; year++) {
      const from = Date.UTC(year + 1, 3, 1, 1); // 1 April, 09:00 in China
      if (from > now) break;
      const ratedAt = moment(rng, from, Math.min(Date.UTC(year + 1, 3, 30, 10), now));
      let score: number | null = null;
      if (year === openedYear) grade = TaxpayerGrade.M;
      else {
        score = Math.round(SCORE_BASE - SCORE_PER_RISK * r - SCORE_TAIL * r ** 8 + offset + (rng.next() - 0.5) * SCORE_WOBBLE);
        score = Math.max(0, Math.min(100, score));
        if (year === forcedD || year === majorD) score = Math.min(score, rng.int(10, 39));
        grade = score >= 90 ? TaxpayerGrade.A : score >= 70 ? TaxpayerGrade.B : score >= 40 ? TaxpayerGrade.C : TaxpayerGrade.D;
      }
      let eventId: string | null = null;
      if (grade !== TaxpayerGrade.M) {
        if (inForce) {
          inForce.ended_at = new Date(ratedAt);
          inForce.status = 'ENDED';
        }
        inForce = event(
          credit_event,
          m,
          rng,
          `FIN-TAX-${grade}`,
          ratedAt,
          null,
          `${year}年度纳税信用评价为${grade}级（${score}分）。`,
          grade === TaxpayerGrade.D,
        );
        eventId = inForce.id as string;
      }
      taxpayer_rating.push({
        id: rng.uuid(),
        uscc: m.uscc,
        source_record_id: demoRecordId('finance', 'TAX', m, year),
        year,
        rating: grade,
        score,
        rated_at: new Date(ratedAt),
        event_id: eventId,
      });
    }

    // Credit loans: most repaid on time; late ones are cured, still overdue, or non-performing after 90 days.
    let defaultedAt: number | null = null;
    const loanFrom = Math.max(opened + 90 * DAY, now - LOAN_WINDOW);
    for (let k = loanFrom < now ? rng.count(0.35) : 0; k > 0; k--) {
      const granted = moment(rng, loanFrom, now);
      const due = addMonths(granted, rng.weighted(TERMS));
      const amount = rng.weighted(LOAN_AMOUNTS) * scale;
      const lender = rng.pick(LENDERS);
      const loanText = `${lender}发放的${yuan(amount)}信用贷款`;
      let status = LoanStatus.CURRENT;
      let settled: number | null = null;
      let e: Row | null = null;
      if (due + DAY <= now) {
        if (!rng.chance(0.02 + 0.45 * r * r)) {
          status = LoanStatus.REPAID;
          settled = moment(rng, Math.max(granted, due - 30 * DAY), due);
          e = event(credit_event, m, rng, 'FIN-LOAN-REPAID', settled, null, `${loanText}按期归还。`, false);
        } else {
          const late = due + DAY;
          const daysLate = rng.chance(0.75 - 0.5 * r) ? rng.int(3, 85) : null;
          if (daysLate !== null && due + daysLate * DAY <= now) {
            status = LoanStatus.REPAID;
            settled = due + daysLate * DAY;
            e = event(credit_event, m, rng, 'FIN-LOAN-OVERDUE', late, settled, `${loanText}自${isoDay(late)}起逾期，逾期${daysLate}天后还清。`, true);
          } else if (due + NON_PERFORMING + DAY > now) {
            status = LoanStatus.OVERDUE;
            e = event(credit_event, m, rng, 'FIN-LOAN-OVERDUE', late, null, `${loanText}自${isoDay(late)}起逾期未还。`, true);
          } else {
            status = LoanStatus.DEFAULTED;
            defaultedAt = due + NON_PERFORMING + DAY;
            e = event(credit_event, m, rng, 'FIN-LOAN-DEFAULT', defaultedAt, null, `${loanText}于${isoDay(due)}到期后逾期超过90天未还，已列为不良贷款。`, true);
          }
        }
      }
      loan.push({
        id: rng.uuid(),
        uscc: m.uscc,
        source_record_id: demoRecordId('finance', 'LOAN', m, loan.length + 1),
        lender,
        amount_yuan: amount,
        granted_at: new Date(granted),
        due_at: new Date(due),
        status,
        settled_at: settled === null ? null : new Date(settled),
        event_id: e ? e.id : null,
      });
    }

    // Arrears become credit information once the grace period has passed unpaid; most are settled later.
    const arrearFrom = Math.max(opened + 30 * DAY, now - ARREAR_WINDOW);
    for (let k = arrearFrom < now ? rng.count(0.05 + 0.5 * r * Math.sqrt(r)) : 0; k > 0; k--) {
      const since = moment(rng, arrearFrom, now);
      const kind = rng.weighted(ARREAR_KINDS);
      let amount: number;
      let summary: string;
      if (kind === ArrearKind.TAX) {
        amount = rng.int(8, 600) * 100 * scale;
        summary = `${rng.pick(TAXES)}${yuan(amount)}逾期未缴。`;
      } else if (kind === ArrearKind.UTILITY) {
        amount = rng.int(300, 15_000) * scale;
        summary = `经多次催缴，仍拖欠${rng.pick(UTILITIES)}${yuan(amount)}。`;
      } else {
        const staff = rng.int(1, 6) * scale;
        amount = staff * rng.int(6, 40) * 100;
        summary = `欠缴${staff}名职工的社会保险费${yuan(amount)}。`;
      }
      let settled: number | null = null;
      if (rng.chance(0.9 - 0.5 * r)) {
        settled = since + (rng.chance(0.4) ? rng.int(1, 30) : rng.int(31, 365)) * DAY;
        if (settled > now) settled = null;
      }
      const recorded = since + ARREAR_GRACE;
      const e =
        recorded <= now && (settled === null || settled > recorded) ? event(credit_event, m, rng, ARREAR_CODE[kind], recorded, settled, summary, true) : null;
      arrear.push({
        id: rng.uuid(),
        uscc: m.uscc,
        kind,
        amount_yuan: amount,
        since: new Date(since),
        settled_at: settled === null ? null : new Date(settled),
        event_id: e ? e.id : null,
      });
    }

    // Subsidies go mostly to well-rated merchants; a fraudulent claim is very rare.
    const subsidyFrom = Math.max(opened + 30 * DAY, now - SUBSIDY_WINDOW);
    const subsidies = subsidyFrom < now ? rng.count(SUBSIDIES_BY_GRADE[grade ?? 'NONE']) : 0;
    const fraud = subsidies > 0 && rng.chance(0.03 * r * r * r) ? rng.int(0, subsidies - 1) : -1;
    for (let k = 0; k < subsidies; k++) {
      const paid = moment(rng, subsidyFrom, now);
      const programme = rng.pick(PROGRAMMES);
      const amount = rng.int(20, 800) * 10 * scale;
      let e: Row | null = null;
      if (k === fraud && paid + 20 * DAY <= now) {
        e = event(
          credit_event,
          m,
          rng,
          'FIN-SUB-FRAUD',
          moment(rng, paid + 20 * DAY, Math.min(paid + 200 * DAY, now)),
          null,
          `以虚构核销的方式申领“${programme}”补贴${yuan(amount)}，已责令退回。`,
          true,
        );
      }
      subsidy.push({
        id: rng.uuid(),
        uscc: m.uscc,
        source_record_id: demoRecordId('finance', 'SUB', m, subsidy.length + 1),
        programme,
        amount_yuan: amount,
        paid_at: new Date(paid),
        event_id: e ? e.id : null,
      });
    }

    // A court lists a dishonest judgment debtor: mostly after a defaulted loan, rarely otherwise.
    let listed: number | null = null;
    if (defaultedAt !== null && r > 0.6 && rng.chance(0.3)) listed = defaultedAt + rng.int(60, 300) * DAY;
    else if (r > 0.85 && troubleFrom < now && rng.chance(0.01)) listed = moment(rng, troubleFrom, now);
    if (listed !== null && listed <= now) {
      let removed: number | null = rng.chance(0.3) ? listed + rng.int(30, 600) * DAY : listed + DEBTOR_LISTING;
      if (removed > now) removed = null;
      const court = rng.pick(COURTS);
      event(
        credit_event,
        m,
        rng,
        'FIN-JUD-DEBTOR',
        listed,
        removed,
        `因未履行生效判决确定的${yuan(rng.int(2, 200) * 5_000)}给付义务，被${court}列为失信被执行人。`,
        true,
      );
    }
    return facts;
  },
};
