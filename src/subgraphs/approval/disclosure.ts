import type { Disclosure } from '../../auth/disclosure';

/** What the public may see of administrative approval's records: every credit commitment and how it ended (Xintai discloses them to society). */
export const approvalDisclosure: Disclosure = {
  Commitment: () => true,
};
