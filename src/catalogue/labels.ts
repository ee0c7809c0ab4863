import type { CatalogueKind, Department, ListEffect, Severity } from './types';

/** A word of the domain in the two languages the pages speak: Chinese first, English on request. */
export interface Label {
  zh: string;
  en: string;
}
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEPARTMENT_LABELS: Record<Department, Label> = {
  market: { zh: '市场监管', en: 'market supervision' },
  urban: { zh: '城市管理', en: 'urban management' },
  approval: { zh: '行政审批', en: 'administrative approval' },
  finance: { zh: '财税金融', en: 'finance and tax' },
};

export const CATALOGUE_KIND_LABELS: Record<CatalogueKind, Label> = {
  NEGATIVE: { zh: '失信信息', en: 'negative information' },
  POSITIVE: { zh: '守信信息', en: 'positive information' },
};

export const SEVERITY_LABELS: Record<Severity, Label> = {
  MINOR: { zh: '轻微失信', en: 'minor' },
  GENERAL: { zh: '一般失信', en: 'general' },
  SERIOUS: { zh: '严重失信', en: 'serious' },
  POSITIVE: { zh: '守信', en: 'positive' },
};

/** the red and black lists a record puts a merchant on */
export const LIST_LABELS: Record<ListEffect, Label> = {
  RED: { zh: '红名单', en: 'red list' },
  BLACK: { zh: '黑名单', en: 'black list' },
};

/** The catalogue's categories (its entries name them in English). */
export const CATEGORY_LABELS: Readonly<Record<string, Label>> = {
  'Abnormal operation list': { zh: '经营异常名录', en: 'Abnormal operation list' },
  'Administrative penalty': { zh: '行政处罚', en: 'Administrative penalty' },
  'Administrative permit': { zh: '行政许可', en: 'Administrative permit' },
  Arrears: { zh: '欠缴欠费', en: 'Arrears' },
  'Consumer complaint': { zh: '消费投诉', en: 'Consumer complaint' },
  'Consumer protection': { zh: '消费者权益保护', en: 'Consumer protection' },
  'Consumption subsidy': { zh: '消费补贴', en: 'Consumption subsidy' },
  'Cooking-fume pollution': { zh: '油烟污染', en: 'Cooking-fume pollution' },
  'Credit commitment': { zh: '信用承诺', en: 'Credit commitment' },
  'Credit loan': { zh: '信用贷款', en: 'Credit loan' },
  'Environmental sanitation': { zh: '环境卫生', en: 'Environmental sanitation' },
  Honour: { zh: '荣誉表彰', en: 'Honour' },
  'Judicial enforcement': { zh: '司法执行', en: 'Judicial enforcement' },
  'Kitchen waste': { zh: '餐厨垃圾', en: 'Kitchen waste' },
  Measurement: { zh: '计量', en: 'Measurement' },
  'Parking order': { zh: '停车秩序', en: 'Parking order' },
  'Positive behaviour': { zh: '守信行为', en: 'Positive behaviour' },
  Pricing: { zh: '价格', en: 'Pricing' },
  'Product spot check': { zh: '产品抽检', en: 'Product spot check' },
  'Random inspection': { zh: '双随机抽查', en: 'Random inspection' },
  Registration: { zh: '登记注册', en: 'Registration' },
  'Serious illegal and dishonest list': { zh: '严重违法失信名单', en: 'Serious illegal and dishonest list' },
  'Tax violation': { zh: '税收违法', en: 'Tax violation' },
  'Taxpayer credit rating': { zh: '纳税信用评价', en: 'Taxpayer credit rating' },
  'Three guarantees in front of the door': { zh: '门前三包', en: 'Three guarantees in front of the door' },
};
