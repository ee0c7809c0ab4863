import { catalogueOf } from '../../catalogue';
import { demoEvent, demoRecordId } from '../../demo/events';
import type { Random } from '../../demo/random';
import type { DemoMerchant, DemoRows, DepartmentDemo } from '../../demo/types';

const DAY = 86_400_000;
const WINDOW = Math.round(5 * 365.25) * DAY;

type Row = Record<string, unknown>;
interface UrbanRows extends DemoRows {
  credit_event: Row[];
  conduct_record: Row[];
  consumer_report: Row[];
}
type Weighted = readonly (readonly [string, number])[];

interface Behaviour {
  code: string;
  title: string;
  minor: boolean;
  positive: boolean;
  /** where on the premises an officer sees it */
  spot: string;
  /** the credit event's summary when an officer observed it */
  observed: string;
  /** the credit event's summary when a consumer reported it and an officer verified it */
  reported: string;
}

const SPOT: Record<string, string> = {
  'Cooking-fume pollution': '后厨排烟口',
  'Kitchen waste': '后厨及后巷',
  'Parking order': '门前人行道',
  'Environmental sanitation': '门前',
  'Three guarantees in front of the door': '门前三包责任区',
  'Positive behaviour': '门前三包责任区',
};

const BEHAVIOURS = new Map<string, Behaviour>(
  catalogueOf('urban').map((e) => {
    const zh = e.titleZh;
    const positive = e.kind === 'POSITIVE';
    return [
      e.code,
      {
        code: e.code,
        title: e.titleZh,
        minor: e.severity === 'MINOR',
        positive,
        spot: SPOT[e.category] ?? '门前',
        observed: positive ? `${zh}，经城管巡查核实，予以信用加分。` : `城管巡查发现：${zh}，已责令限期整改。`,
        reported: `市民随手拍举报经执法队员现场核实：${zh}。`,
      },
    ];
  }),
);
const behaviour = (code: string) => BEHAVIOURS.get(code)!;

/** Catering shops: fumes and kitchen waste come first. */
const CATERING_CONDUCT: Weighted = [
  ['URB-FUM-01', 2],
  ['URB-FUM-02', 4],
  ['URB-FUM-03', 2],
  ['URB-FUM-04', 2],
  ['URB-FUM-05', 1],
  ['URB-KIT-01', 4],
  ['URB-KIT-02', 2],
  ['URB-KIT-03', 3],
  ['URB-KIT-04', 1],
  ['URB-KIT-05', 1],
  ['URB-SAN-01', 2],
  ['URB-SAN-02', 2],
  ['URB-SAN-03', 2],
  ['URB-TGD-01', 4],
  ['URB-TGD-02', 3],
  ['URB-PRK-01', 2],
  ['URB-PRK-02', 2],
];
/** Other street-front shops: the frontage, parking and sanitation. */
const SHOP_CONDUCT: Weighted = [
  ['URB-SAN-01', 2],
  ['URB-SAN-02', 2],
  ['URB-SAN-03', 1],
  ['URB-SAN-04', 2],
  ['URB-SAN-05', 2],
  ['URB-SAN-06', 1],
  ['URB-TGD-01', 5],
  ['URB-TGD-02', 6],
  ['URB-TGD-03', 2],
  ['URB-TGD-04', 2],
  ['URB-PRK-01', 4],
  ['URB-PRK-02', 3],
  ['URB-PRK-03', 2],
  ['URB-PRK-04', 1],
  ['URB-PRK-05', 1],
];
/** Car repair shops: work and washing on the road. */
const REPAIR_CONDUCT: Weighted = [
  ['URB-PRK-04', 8],
  ['URB-PRK-02', 3],
  ['URB-TGD-01', 4],
  ['URB-TGD-02', 3],
  ['URB-SAN-03', 3],
  ['URB-SAN-01', 1],
];
const SERIOUS_CONDUCT: Weighted = [
  ['URB-TGD-05', 5],
  ['URB-TGD-06', 1],
];
const POSITIVE_CONDUCT: Weighted = [
  ['URB-POS-01', 6],
  ['URB-POS-02', 3],
  ['URB-POS-03', 1],
];

/** What consumers photograph and report, in their words. */
const REPORTABLE: readonly (readonly [code: string, text: string])[] = [
  ['URB-TGD-01', '店家在门外摆摊占道经营，行人只能走机动车道。'],
  ['URB-TGD-02', '门口堆满纸箱和杂物，人行道过不去。'],
  ['URB-SAN-02', '晚上把垃圾袋直接扔在路边，不按时间投放。'],
  ['URB-SAN-03', '店员把污水直接倒进路边的雨水口。'],
  ['URB-SAN-04', '沿街挂满晾晒的衣物和拖把。'],
  ['URB-PRK-02', '店门口人行道上长期停着几辆车。'],
  ['URB-PRK-03', '门口私自装了地锁，占用公共车位。'],
  ['URB-PRK-05', '卸货的货车堵住了消防通道和盲道。'],
];
const REPORTABLE_CATERING: readonly (readonly [code: string, text: string])[] = [
  ...REPORTABLE,
  ['URB-FUM-03', '油烟直接往居民楼窗户排，呛得没法开窗。'],
  ['URB-FUM-04', '晚上在门口露天烧烤，烟很大。'],
  ['URB-KIT-05', '看到后厨往下水道里倒废油。'],
];

const CATERING = /餐|饭|小吃|烧烤|火锅|面馆|奶茶|茶饮|饮品|咖啡|烘焙|美食|酒楼|酒家|restaurant|catering|caf[eé]|bakery|snack|noodle|barbecue|coffee|tea/i;
const CAR_REPAIR = /汽车|汽修|洗车|car\b|garage/i;
const STREET_FRONT =
  /零售|销售|超市|便利|商店|商行|百货|水果|蔬菜|生鲜|服装|五金|建材|烟酒|药|理发|美发|美容|住宿|宾馆|旅馆|娱乐|网吧|维修|修理|洗衣|retail|shop|store|grocery|supermarket|pharmacy|salon|barber|hotel|repair|laundry/i;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN_NAMES = ['磊', '伟', '芳', '敏', '静', '强', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '建国', '海燕', '志刚'];

/** Urban management's demo facts: officers' conduct observations and consumers' photo reports. */
export const urbanDemo: DepartmentDemo = {
  facts(m, rng, today) {
    const rows: UrbanRows = { credit_event: [], conduct_record: [], consumer_report: [] };
    const from = new Date(Math.max(m.openedAt.getTime(), today.getTime() - WINDOW));
    if (from >= today) return rows;
    const years = (today.getTime() - from.getTime()) / (365.25 * DAY);
    const catering = CATERING.test(m.trade);
    const conduct = catering ? CATERING_CONDUCT : CAR_REPAIR.test(m.trade) ? REPAIR_CONDUCT : SHOP_CONDUCT;
    // officers patrol street frontages: catering and shops, far less the offices and workshops behind them
    const exposure = catering ? 1 : STREET_FRONT.test(m.trade) ? 0.8 : 0.15;
    const risk = m.risk;

    const negatives = rng.count(exposure * years * (0.12 + 1.5 * risk * risk));
    for (let i = 0; i < negatives; i++) {
      const seriousCase = risk > 0.6 && rng.chance((risk - 0.6) * 0.4);
      const b = behaviour(seriousCase ? rng.weighted(SERIOUS_CONDUCT) : rng.weighted(conduct));
      // a minor lapse put right at once is noted without a deduction (flexible enforcement)
      const rectifiedOnTheSpot = b.minor && rng.chance(0.35 * (1 - risk));
      observe(rows, m, rng, b, rng.date(from, today), !rectifiedOnTheSpot);
    }
    const positives = rng.count(exposure * years * 0.25 * (1 - risk));
    for (let i = 0; i < positives; i++) observe(rows, m, rng, behaviour(rng.weighted(POSITIVE_CONDUCT)), rng.date(from, today), true);

    let reports = rng.count(exposure * years * (0.06 + 0.4 * risk));
    // a few reports are still open: submitted in the last fortnight
    const open = rng.chance(exposure * (0.01 + 0.06 * risk)) ? 1 : 0;
    reports += open;
    const recent = new Date(Math.max(from.getTime(), today.getTime() - 14 * DAY));
    for (let i = 0; i < reports; i++) report(rows, m, rng, catering, i < open ? rng.date(recent, today) : rng.date(from, today), today);
    return rows;
  },
};

function observe(rows: UrbanRows, m: DemoMerchant, rng: Random, b: Behaviour, observedAt: Date, counts: boolean): void {
  const id = rng.uuid();
  const photo = rng.chance(b.positive ? 0.3 : 0.85);
  rows.conduct_record.push({
    id,
    uscc: m.uscc,
    source_record_id: demoRecordId('urban', 'CON', m, rows.conduct_record.length + 1),
    observed_at: observedAt,
    code: b.code,
    behaviour: b.title,
    location: `${m.address}${b.spot}`,
    officer: officer(rng),
    photo_url: photo ? `https://evidence.example.gov.cn/urban/photo/${id}.jpg` : null,
    event_id: counts ? urbanEvent(rows, m, rng, b.code, observedAt, b.observed, photo) : null,
  });
}

function report(rows: UrbanRows, m: DemoMerchant, rng: Random, catering: boolean, submittedAt: Date, today: Date): void {
  const id = rng.uuid();
  const [code, text] = rng.pick(catering ? REPORTABLE_CATERING : REPORTABLE);
  const ageDays = (today.getTime() - submittedAt.getTime()) / DAY;
  let status: string;
  let verifiedAt: Date | null = null;
  let eventId: string | null = null;
  if (ageDays < 2) status = 'SUBMITTED';
  else if (ageDays < 10 && rng.chance(0.6)) status = 'DISPATCHED';
  else {
    verifiedAt = new Date(Math.min(today.getTime(), submittedAt.getTime() + rng.int(1, 7) * DAY));
    status = rng.chance(0.45 + 0.4 * m.risk) ? 'VERIFIED' : 'REJECTED';
    if (status === 'VERIFIED') eventId = urbanEvent(rows, m, rng, code, submittedAt, behaviour(code).reported, true);
  }
  rows.consumer_report.push({
    id,
    uscc: m.uscc,
    submitted_at: submittedAt,
    text,
    photo_url: rng.chance(0.9) ? `https://evidence.example.gov.cn/urban/report/${id}.jpg` : null,
    status,
    verified_at: verifiedAt,
    event_id: eventId,
  });
}

function urbanEvent(rows: UrbanRows, m: DemoMerchant, rng: Random, code: string, occurredAt: Date, summary: string, evidence: boolean): string {
  return demoEvent(rows.credit_event, 'urban', m, rng, { code, occurredAt, summary, evidence }).id;
}

function officer(rng: Random): string | null {
  const r = rng.next();
  if (r < 0.55) return `${SURNAMES[rng.int(0, SURNAMES.length - 1)]}${rng.pick(GIVEN_NAMES)}`;
  if (r < 0.9) return `执法证号 ${rng.int(37_000_000, 37_999_999)}`;
  return null;
}
