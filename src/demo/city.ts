import { residentIdCheck } from '../resident-id';
import { withCheckCharacter, USCC_ALPHABET } from '../uscc';
import { Random } from './random';
import type { DemoMerchant } from './types';

/** Rizhao's districts and some of their streets (sub-districts and towns), with their division codes. */
const DISTRICTS = [
  { name: '东港区', code: '371102', weight: 5, streets: ['日照街道', '石臼街道', '北京路街道', '秦楼街道', '奎山街道', '河山镇'] },
  { name: '岚山区', code: '371103', weight: 2, streets: ['岚山头街道', '安东卫街道', '虎山镇', '碑廓镇'] },
  { name: '五莲县', code: '371121', weight: 1, streets: ['洪凝街道', '街头镇', '潮河镇'] },
  { name: '莒县', code: '371122', weight: 2, streets: ['城阳街道', '店子集街道', '陵阳街道', '夏庄镇'] },
] as const;

/** Street-front trades, weighted by how common they are; the suffix names the shop. */
const TRADES = [
  ['餐饮', 30, ['饭店', '面馆', '小吃店', '烧烤店', '快餐店']],
  ['零售', 22, ['超市', '便利店', '百货店', '商行']],
  ['食品销售', 10, ['食品店', '水果店', '粮油店']],
  ['美容美发', 8, ['理发店', '美容院']],
  ['住宿', 4, ['宾馆', '旅馆']],
  ['汽车维修', 5, ['汽修店', '轮胎店']],
  ['药品零售', 4, ['大药房', '药店']],
  ['服装', 7, ['服装店', '鞋店']],
  ['建材', 5, ['建材店', '五金店']],
  ['文化娱乐', 5, ['网吧', '书店', 'KTV']],
] as const;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国海波红梅志文斌鹏飞宁';
const WORDS = ['鑫源', '福满', '老街', '海韵', '金港', '和顺', '兴旺', '东方', '阳光', '佳美', '万家', '聚福', '恒信', '旺角', '渔港', '日新'];
const ROADS = ['海曲路', '烟台路', '泰安路', '威海路', '济南路', '黄海一路', '兴海路', '望海路', '青岛路', '北京路', '山东路'];

const CITY_EPOCH = Date.UTC(2008, 0, 1);

/** The city's merchants one by one: merchant i is the same for a given seed, however many are made. */
export function* demoMerchants(count: number, seed: number, today: Date): Generator<DemoMerchant> {
  for (let index = 0; index < count; index++) yield demoMerchant(index, seed, today);
}

export function demoMerchant(index: number, seed: number, today: Date): DemoMerchant {
  const rng = new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const district = rng.weighted(DISTRICTS.map((d) => [d, d.weight] as const));
  const [trade, , suffixes] = rng.weighted(TRADES.map((t) => [t, t[1]] as const));
  const kind = rng.chance(0.8) ? 'INDIVIDUAL_BUSINESS' : 'ENTERPRISE';
  const surname = rng.pick([...SURNAMES]);
  const operatorName = surname + rng.pick([...GIVEN]) + (rng.chance(0.6) ? rng.pick([...GIVEN]) : '');
  const shop = `${kind === 'INDIVIDUAL_BUSINESS' ? `${district.name.slice(0, 2)}${surname}记` : rng.pick(WORDS)}${rng.pick(suffixes)}`;
  return {
    index,
    uscc: usccFor(index, kind, district.code),
    name: kind === 'ENTERPRISE' ? `日照${shop}有限公司` : shop,
    kind,
    trade,
    district: district.name,
    street: rng.pick(district.streets),
    address: `山东省日照市${district.name}${rng.pick(ROADS)}${rng.int(1, 399)}号`,
    operator: {
      name: operatorName,
      idNumber: residentId(rng, district.code),
      phone: `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
    },
    openedAt: rng.date(new Date(CITY_EPOCH), new Date(today.getTime() - 30 * 86_400_000)),
    // most shops are honest: the propensity is skewed towards 0, with a thin tail
    risk: rng.next() ** 3,
  };
}

/** A valid, unique credit code: the merchant's index written in the code's own alphabet as its organisation code. */
function usccFor(index: number, kind: DemoMerchant['kind'], division: string): string {
  let n = index;
  let org = '';
  for (let i = 0; i < 7; i++) {
    org = USCC_ALPHABET[n % 31]! + org;
    n = Math.floor(n / 31);
  }
  return withCheckCharacter(`9${kind === 'ENTERPRISE' ? '1' : '2'}${division}MA${org}`);
}

function residentId(rng: Random, division: string): string {
  const birth = new Date(Date.UTC(rng.int(1960, 2000), rng.int(0, 11), rng.int(1, 28)));
  const body = `${division}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return body + residentIdCheck(body);
}
