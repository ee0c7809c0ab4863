import { check, must, recordWrite } from '../department-kit';
import { Permit, PermitStatus } from './entities';
import { PermitInput } from './types';

export const permit = recordWrite<PermitInput>({
  entity: Permit,
  mutation: 'recordPermit',
  description: 'records a permit granted (no credit event: a permit is no credit information); the same sourceRecordId again returns it',
  input: PermitInput,
  kind: 'permit',
  columns: { uscc: 'text', sourceRecordId: 'text', matter: 'text', permitNumber: 'text', issuedAt: 'date', validUntil: 'date?' },
  sameFact: ['matter', 'permit_number', 'issued_at'],
  derive(i, now) {
    const issuedAt = check.date(i.issuedAt, 'issuedAt', now);
    const validUntil = i.validUntil ?? null;
    must(!validUntil || validUntil > issuedAt, 'validUntil', 'validUntil must lie after issuedAt');
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: {
        matter: check.text(i.matter, 'matter', 100),
        permit_number: check.text(i.permitNumber, 'permitNumber', 60),
        issued_at: issuedAt,
        valid_until: validUntil,
        status: validUntil && validUntil.getTime() <= now ? PermitStatus.EXPIRED : PermitStatus.VALID,
      },
      event: null,
    };
  },
});

export const approvalWrites = [permit];
