import { catalogueEntry } from '../../catalogue';
import { check, must, recordWrite } from '../department-kit';
import { InspectionKind, InspectionResult, Inspection, MarketList, MarketListEntry, Penalty, PenaltySeverity } from './entities';
import { InspectionInput, ListingGround, MarketListingInput, PenaltyDecisionInput, SampledGoods } from './types';

/** A fine the regulator could impose: a whole number of yuan up to GraphQL's Int. */
const MAX_FINE = 2_000_000_000;

export const penaltyDecision = recordWrite<PenaltyDecisionInput>({
  entity: Penalty,
  mutation: 'recordPenaltyDecision',
  description: 'records a penalty decision and its credit event (MKT-PEN-<severity>); the same sourceRecordId again returns the stored decision',
  input: PenaltyDecisionInput,
  kind: 'penalty',
  columns: {
    uscc: 'text',
    sourceRecordId: 'text',
    decisionNumber: 'text',
    decidedAt: 'date',
    violation: 'text',
    severity: 'text',
    fineYuan: 'int',
    evidenceUrl: 'text?',
  },
  sameFact: ['decision_number', 'decided_at', 'severity', 'fine_yuan'],
  derive(i, now) {
    const decisionNumber = check.text(i.decisionNumber, 'decisionNumber', 60);
    const decidedAt = check.date(i.decidedAt, 'decidedAt', now);
    const violation = check.text(i.violation, 'violation', 2000);
    const severity = check.oneOf(i.severity, PenaltySeverity, 'severity');
    const fineYuan = check.whole(i.fineYuan, 'fineYuan', 0, MAX_FINE);
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: { decision_number: decisionNumber, decided_at: decidedAt, violation, severity, fine_yuan: fineYuan },
      event: {
        code: `MKT-PEN-${severity}`,
        occurredAt: decidedAt,
        summary: `${violation}，${fineYuan > 0 ? `罚款${fineYuan}元` : '警告'}（${decisionNumber}）。`,
        evidenceUrl: check.url(i.evidenceUrl, 'evidenceUrl'),
      },
    };
  },
});

export const inspection = recordWrite<InspectionInput>({
  entity: Inspection,
  mutation: 'recordInspection',
  description: 'records an inspection; a failed spot check (MKT-INS-RANDOM) or sampling (MKT-SPC-FOOD, MKT-SPC-PRODUCT) also its credit event',
  input: InspectionInput,
  kind: 'inspection',
  columns: { uscc: 'text', sourceRecordId: 'text', inspectedAt: 'date', kind: 'text', result: 'text', findings: 'text?', sampled: 'text?' },
  sameFact: ['inspected_at', 'kind', 'result'],
  derive(i, now) {
    const inspectedAt = check.date(i.inspectedAt, 'inspectedAt', now);
    const kind = check.oneOf(i.kind, InspectionKind, 'kind');
    const result = check.oneOf(i.result, InspectionResult, 'result');
    const findings = check.optionalText(i.findings, 'findings', 2000);
    must(
      findings || result === InspectionResult.PASSED,
      'findings',
      `an inspection that ${result === 'FAILED' ? 'failed' : 'found defects'} says what it found`,
    );
    const sampled = i.sampled ? check.oneOf(i.sampled, SampledGoods, 'sampled') : null;
    // the catalogue counts failed spot checks and samplings; a failed routine visit is followed by a penalty decision
    let code: string | null = null;
    if (result === InspectionResult.FAILED && kind === InspectionKind.RANDOM_SPOT_CHECK) code = 'MKT-INS-RANDOM';
    if (result === InspectionResult.FAILED && kind === InspectionKind.PRODUCT_SAMPLING) {
      must(sampled, 'sampled', 'a failed product sampling says whether food (FOOD) or other products (PRODUCT) were sampled');
      code = sampled === SampledGoods.FOOD ? 'MKT-SPC-FOOD' : 'MKT-SPC-PRODUCT';
    }
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: { inspected_at: inspectedAt, kind, result, findings },
      event: code
        ? {
            code,
            occurredAt: inspectedAt,
            summary: kind === InspectionKind.RANDOM_SPOT_CHECK ? `“双随机、一公开”抽查发现问题：${findings}。` : `${findings}。`,
          }
        : null,
    };
  },
});

/** The catalogue code of a listing: the serious list has one, the abnormal-operation list one per ground. */
const LISTING_CODE: Record<ListingGround, string> = {
  NO_ANNUAL_REPORT: 'MKT-ABN-REPORT',
  UNREACHABLE: 'MKT-ABN-ADDRESS',
  FALSE_DISCLOSURE: 'MKT-ABN-FALSE',
};

export const marketListing = recordWrite<MarketListingInput>({
  entity: MarketListEntry,
  mutation: 'recordMarketListing',
  description: "records a merchant's listing on one of the regulator's lists and its credit event (MKT-ABN-…, MKT-SID-LISTED); a removal already made ends it",
  input: MarketListingInput,
  kind: 'listing',
  columns: { uscc: 'text', sourceRecordId: 'text', list: 'text', ground: 'text?', reason: 'text', listedAt: 'date', removedAt: 'date?' },
  // a listing sent again with a removal it did not have is not the same fact: removeMarketListing ends it, with its credit event
  sameFact: ['list', 'listed_at', 'removed_at'],
  derive(i, now) {
    const list = check.oneOf(i.list, MarketList, 'list');
    const ground = i.ground ? check.oneOf(i.ground, ListingGround, 'ground') : null;
    must(list !== MarketList.ABNORMAL_OPERATION || ground, 'ground', `a listing as abnormal names its ground: ${Object.values(ListingGround).join(', ')}`);
    const reason = check.text(i.reason, 'reason', 2000);
    const listedAt = check.date(i.listedAt, 'listedAt', now);
    const removedAt = i.removedAt ? removal(listedAt, i.removedAt, now) : null;
    const code = list === MarketList.SERIOUS_ILLEGAL_DISHONEST ? 'MKT-SID-LISTED' : LISTING_CODE[ground!];
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: { list, reason, listed_at: listedAt, removed_at: removedAt },
      event: { code, occurredAt: listedAt, endedAt: removedAt, summary: `${catalogueEntry(code)!.titleZh}：${reason}${removedAt ? '，已移出名单' : ''}。` },
    };
  },
});

/** A removal date: not before the listing, not in the future. */
export function removal(listedAt: Date, removedAt: Date, now: number): Date {
  check.date(removedAt, 'removedAt', now);
  must(removedAt >= listedAt, 'removedAt', `removedAt ${removedAt.toISOString()} lies before the listing on ${listedAt.toISOString()}`);
  return removedAt;
}

export const marketWrites = [penaltyDecision, inspection, marketListing];
