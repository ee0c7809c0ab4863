import { published, type Disclosure } from '../../auth/disclosure';
import { PenaltySeverity } from './entities';

const PENALTY_CODE: Record<PenaltySeverity, string> = { MINOR: 'MKT-PEN-MINOR', GENERAL: 'MKT-PEN-GENERAL', SERIOUS: 'MKT-PEN-SERIOUS' };

/** What the public may see of market supervision's records: penalties inside their publicity period, current listings. */
export const marketDisclosure: Disclosure = {
  Penalty: (p, now) => published(PENALTY_CODE[p.severity as PenaltySeverity] ?? '', p.decidedAt, now),
  MarketListEntry: (l) => l.removedAt === null || l.removedAt === undefined,
};
