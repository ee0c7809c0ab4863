import type { Measure } from './types';

const JOINT = '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》(国发〔2016〕33号)';
const BASIC_LIST = '《全国失信惩戒措施基础清单》';
const SHOPS = '日照市沿街店铺信用积分管理办法';
const APPROVAL = '《优化营商环境条例》; 国办发〔2020〕42号 告知承诺制';

/** DOMAIN.md's joint reward and punishment, by grade level, list and record: the measures the hub starts with. */
export const BUILT_IN_MEASURES: readonly Measure[] = [
  { id: 'A-NOT-DISTURBED', title: 'Routine urban-management and market inspections suspended ("not disturbed", 无事不扰)', kind: 'INCENTIVE', department: 'urban management; market supervision', legalBasis: SHOPS, context: 'INSPECTION', trigger: { levels: ['A'] } },
  { id: 'A-GREEN-CHANNEL', title: 'Green channel for approvals (绿色通道)', kind: 'INCENTIVE', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-TOLERANCE-ACCEPTANCE', title: 'Acceptance with missing documents (容缺受理)', kind: 'INCENTIVE', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-SIMPLIFIED-PROCEDURE', title: 'Simplified approval procedures', kind: 'INCENTIVE', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { levels: ['A'] } },
  { id: 'A-COMMENDATION', title: 'Priority in commendations and honours', kind: 'INCENTIVE', department: 'credit office', legalBasis: JOINT, context: 'PUBLICITY', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-HONOUR-BOARD', title: 'Publicity on the honour board (红榜)', kind: 'INCENTIVE', department: 'credit office', legalBasis: JOINT, context: 'PUBLICITY', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-LOAN-PRIORITY', title: 'Priority and faster credit loans (信易贷)', kind: 'INCENTIVE', department: 'finance (banks)', legalBasis: JOINT, context: 'LOAN', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'A-SUBSIDY', title: 'Eligible for consumption subsidies', kind: 'INCENTIVE', department: 'finance (subsidies)', legalBasis: JOINT, context: 'SUBSIDY', trigger: { levels: ['A'], lists: ['RED'] } },
  { id: 'C-FOCUS-SUPERVISION', title: 'Focus of daily supervision: more inspections and product spot checks', kind: 'PUNISHMENT', department: 'urban management; market supervision', legalBasis: SHOPS, context: 'INSPECTION', trigger: { levels: ['C'] } },
  { id: 'C-INTEGRITY-INTERVIEW', title: 'Credit reminder and integrity interview (信用提醒、诚信约谈)', kind: 'PUNISHMENT', department: 'credit office', legalBasis: SHOPS, context: 'INSPECTION', trigger: { levels: ['C'] } },
  { id: 'D-KEY-MONITORING', title: 'Key monitoring: many more inspections and spot checks', kind: 'PUNISHMENT', department: 'urban management; market supervision', legalBasis: BASIC_LIST, context: 'INSPECTION', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-NO-COMMITMENT', title: 'No commitment-based approval or acceptance with missing documents', kind: 'PUNISHMENT', department: 'administrative approval', legalBasis: BASIC_LIST, context: 'APPROVAL', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-JOINT-PUNISHMENT', title: 'Joint punishment across departments', kind: 'PUNISHMENT', department: 'all departments', legalBasis: JOINT, context: 'APPROVAL', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-LOAN-RESTRICTED', title: 'Credit loans restricted', kind: 'PUNISHMENT', department: 'finance (banks)', legalBasis: BASIC_LIST, context: 'LOAN', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-DISHONESTY-PUBLIC', title: 'Dishonesty made public (黑榜)', kind: 'PUNISHMENT', department: 'credit office', legalBasis: BASIC_LIST, context: 'PUBLICITY', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-SHARED-WITH-PLATFORM', title: 'Pushed to the municipal credit sharing platform', kind: 'PUNISHMENT', department: 'credit office', legalBasis: BASIC_LIST, context: 'PUBLICITY', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-NO-PROCUREMENT', title: 'Restricted from public procurement', kind: 'PUNISHMENT', department: 'public resources trading', legalBasis: BASIC_LIST, context: 'PROCUREMENT', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'D-NO-SUBSIDY', title: 'Restricted from subsidies', kind: 'PUNISHMENT', department: 'finance (subsidies)', legalBasis: BASIC_LIST, context: 'SUBSIDY', trigger: { levels: ['D'], lists: ['BLACK'] } },
  { id: 'BREACH-NO-COMMITMENT', title: 'No more commitment-based approval until the commitment is fulfilled', kind: 'PUNISHMENT', department: 'administrative approval', legalBasis: APPROVAL, context: 'APPROVAL', trigger: { codes: ['APR-CMT-BREACH', 'APR-CMT-FALSE'] } },
];
