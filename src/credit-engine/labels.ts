import type { Label } from '../catalogue/labels';
import type { ApprovalMode, Level, MeasureContext, MeasureKind } from './types';

/**
 * The engine's words in Chinese and English: one wording per level, used by every page (the dashboard and the QR
 * page). A grade of the default scheme is its level's letter; a scheme with other grade names (安康's 优+ … 差)
 * shows its grade with its level's wording.
 */
export const LEVEL_LABELS: Record<Level, Label> = {
  A: { zh: '诚信守法', en: 'honest and law-abiding' },
  B: { zh: '轻微失信', en: 'slightly dishonest' },
  C: { zh: '一般失信', en: 'generally dishonest' },
  D: { zh: '严重失信', en: 'seriously dishonest' },
};

export const APPROVAL_MODE_LABELS: Record<ApprovalMode, Label> = {
  GREEN_CHANNEL: { zh: '绿色通道', en: 'green channel' },
  TOLERANCE_ACCEPTANCE: { zh: '容缺受理', en: 'acceptance with missing documents' },
  COMMITMENT: { zh: '告知承诺', en: 'approval by commitment' },
  STANDARD: { zh: '常规审批', en: 'standard procedure' },
  RESTRICTED: { zh: '从严审批', en: 'restricted' },
};

export const MEASURE_CONTEXT_LABELS: Record<MeasureContext, Label> = {
  APPROVAL: { zh: '行政审批', en: 'approval' },
  INSPECTION: { zh: '监管检查', en: 'inspection' },
  LOAN: { zh: '信贷融资', en: 'loans' },
  SUBSIDY: { zh: '财政补贴', en: 'subsidies' },
  PUBLICITY: { zh: '信用公示', en: 'publicity' },
  PROCUREMENT: { zh: '公共采购', en: 'public procurement' },
};

export const MEASURE_KIND_LABELS: Record<MeasureKind, Label> = {
  INCENTIVE: { zh: '守信激励', en: 'incentive' },
  PUNISHMENT: { zh: '失信惩戒', en: 'punishment' },
};
