import { published, type Disclosure } from '../../auth/disclosure';
import { CommitmentStatus } from './entities';

/** a promise broken, then kept late or not, counts as the breach the catalogue records */
const BROKEN = new Set<string>([CommitmentStatus.BREACHED, CommitmentStatus.FULFILLED_LATE]);

/**
 * What the public may see of administrative approval's records: credit commitments and how they ended (Xintai
 * discloses them to society); a broken one only for the breach's publicity period, as its credit event.
 */
export const approvalDisclosure: Disclosure = {
  Commitment: (c, now) => !BROKEN.has(c.status as string) || published('APR-CMT-BREACH', c.verifiedAt ?? c.dueDate, now),
};
