import { badInput, MALFORMED_TEXT } from '../errors';
import { isPublic, type Principal } from './principal';

/** What a merchant may consent to a bank reading its credit for: the purposes named in a consent. */
export const CONSENT_PURPOSES = ['LOAN_REVIEW', 'POST_LOAN_MONITORING', 'CONTRACT_CHECK'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * The request header in which a reader names why it reads, when its token names no purpose: a clerk's approval
 * matter, a department's case number, a bank's purpose under a consent. Percent-encoded UTF-8, as encodeURIComponent writes it.
 */
export const PURPOSE_HEADER = 'x-purpose';
const MAX_PURPOSE = 500;

/** The reader with the purpose of this request: the token's claim, else the header; a header that contradicts the claim is refused. */
export function withRequestPurpose(principal: Principal, header: string | string[] | undefined): Principal {
  const raw = (Array.isArray(header) ? header.join(', ') : (header ?? '')).trim();
  // the public reads only what leaves no trace: nothing to record a purpose for
  if (!raw || isPublic(principal)) return principal;
  let purpose: string;
  try {
    purpose = decodeURIComponent(raw).trim();
  } catch {
    throw refused(`the ${PURPOSE_HEADER} header must be percent-encoded UTF-8 (as encodeURIComponent writes it)`);
  }
  if (MALFORMED_TEXT.test(purpose)) throw refused(`the ${PURPOSE_HEADER} header names a purpose with a NUL or a broken character`);
  if (purpose.length > MAX_PURPOSE) throw refused(`the ${PURPOSE_HEADER} header names a purpose of at most ${MAX_PURPOSE} characters`);
  if (principal.purpose !== null && principal.purpose !== purpose)
    throw refused(
      `the ${PURPOSE_HEADER} header "${purpose}" contradicts the token's purpose "${principal.purpose}": a token bound to a purpose reads only for it`,
    );
  return { ...principal, purpose };
}

const refused = (message: string) => badInput(message, { field: PURPOSE_HEADER, http: { status: 400 } });
