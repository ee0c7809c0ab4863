import type { Measure } from './types';

const JOINT = '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》(国发〔2016〕33号)';
const BASIC_LIST = '《全国失信惩戒措施基础清单》';
const SHOPS = '日照市沿街店铺信用积分管理办法';
const APPROVAL = '《优化营商环境条例》; 国办发〔2020〕42号 告知承诺制';

/** DOMAIN.md's joint reward and punishment, by grade level, list and record: the measures the hub starts with. */
export const BUILT_IN_MEASURES: readonly Measure[] = [
  { id: 'A-NOT-DISTURBED', title: 'Routine urban-management and market inspections suspended ("not disturbed")', titleZh: '无事不扰：免于日常城管巡查和市场检查', kind: 'INCENTIVE', department: 'urban management; market supervision', legalBasis: SHOPS, context: 'INSPECTION', trigger: { levels: ['A'] } },
  { id: 'A-GREEN-CHANNEL', title: 'Green channel for approvals', titleZh: '行政审批绿色通道', kind: 'INCENTIVE', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-TOLERANCE-ACCEPTANCE', title: 'Acceptance with missing documents', titleZh: '容缺受理', kind: 'INCENTIVE', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-SIMPLIFIED-PROCEDURE', title: 'Simplified approval procedures', titleZh: '简化审批程序', kind: 'INCENTIVE', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { levels: ['A'] } },
  { id: 'A-COMMENDATION', title: 'Priority in commendations and honours', titleZh: '评优评先优先考虑', kind: 'INCENTIVE', department: 'credit office', legalBasis: JOINT, context: 'PUBLICITY', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-HONOUR-BOARD', title: 'Publicity on the honour board', titleZh: '红榜公示', kind: 'INCENTIVE', department: 'credit office', legalBasis: JOINT, context: 'PUBLICITY', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-LOAN-PRIORITY', title: 'Priority and faster credit loans', titleZh: '信易贷：信用贷款优先、快速办理', kind: 'INCENTIVE', department: 'finance (banks)', legalBasis: JOINT, context: 'LOAN', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-SUBSIDY', title: 'Eligible for consumption subsidies', titleZh: '可享受消费补贴', kind: 'INCENTIVE', department: 'finance (subsidies)', legalBasis: JOINT, context: 'SUBSIDY', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'C-FOCUS-SUPERVISION', title: 'Focus of daily supervision: more inspections and product spot checks', titleZh: '重点监管：提高日常检查和产品抽检频次', kind: 'PUNISHMENT', department: 'urban management; market supervision', legalBasis: SHOPS, context: 'INSPECTION', trigger: { levels: ['C'] } },
  { id: 'C-INTEGRITY-INTERVIEW', title: 'Credit reminder and integrity interview', titleZh: '信用提醒、诚信约谈', kind: 'PUNISHMENT', department: 'credit office', legalBasis: SHOPS, context: 'INSPECTION', trigger: { levels: ['C'] } },
  { id: 'D-KEY-MONITORING', title: 'Key monitoring: many more inspections and spot checks', titleZh: '重点监控：大幅提高检查和抽检频次', kind: 'PUNISHMENT', department: 'urban management; market supervision', legalBasis: BASIC_LIST, context: 'INSPECTION', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-NO-COMMITMENT', title: 'No commitment-based approval or acceptance with missing documents', titleZh: '不适用告知承诺制审批和容缺受理', kind: 'PUNISHMENT', department: 'administrative approval', legalBasis: BASIC_LIST, context: 'APPROVAL', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-JOINT-PUNISHMENT', title: 'Joint punishment across departments', titleZh: '跨部门联合惩戒', kind: 'PUNISHMENT', department: 'all departments', legalBasis: JOINT, context: 'APPROVAL', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-LOAN-RESTRICTED', title: 'Credit loans restricted', titleZh: '限制信用贷款', kind: 'PUNISHMENT', department: 'finance (banks)', legalBasis: BASIC_LIST, context: 'LOAN', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-DISHONESTY-PUBLIC', title: 'Dishonesty made public on the black board', titleZh: '黑榜曝光', kind: 'PUNISHMENT', department: 'credit office', legalBasis: BASIC_LIST, context: 'PUBLICITY', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-SHARED-WITH-PLATFORM', title: 'Pushed to the municipal credit sharing platform', titleZh: '推送至市公共信用信息共享平台', kind: 'PUNISHMENT', department: 'credit office', legalBasis: BASIC_LIST, context: 'PUBLICITY', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-NO-PROCUREMENT', title: 'Restricted from public procurement', titleZh: '限制参与政府采购', kind: 'PUNISHMENT', department: 'public resources trading', legalBasis: BASIC_LIST, context: 'PROCUREMENT', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-NO-SUBSIDY', title: 'Restricted from subsidies', titleZh: '限制享受财政补贴', kind: 'PUNISHMENT', department: 'finance (subsidies)', legalBasis: BASIC_LIST, context: 'SUBSIDY', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'BREACH-NO-COMMITMENT', title: 'No more commitment-based approval until the commitment is fulfilled', titleZh: '践诺前不再适用告知承诺制审批', kind: 'PUNISHMENT', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { codes: ['APR-CMT-BREACH', 'APR-CMT-FALSE'] } },
];
