import { randomBytes } from 'node:crypto';
import { type MikroORM, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/postgresql';
import { oneByKey, type Batch } from '../../context';
import { FactChangeLog } from '../../events/fact-change';
import { badInput, conflict } from '../../errors';
import { isResidentIdNumber } from '../../resident-id';
import { MerchantKind, MerchantRecord } from './directory.entity';
import type { Merchant, MerchantFilter, RegisterMerchantInput } from './types';

const toMerchant = (r: MerchantRecord): Merchant => ({
  uscc: r.uscc,
  name: r.name,
  kind: r.kind,
  trade: r.trade,
  district: r.district,
  street: r.street,
  address: r.address,
  // the operator carries the merchant's code, so the policy knows whose personal data it is
  operator: { uscc: r.uscc, name: r.operatorName, idNumber: r.operatorIdNumber, phone: r.operatorPhone },
  qrToken: r.qrToken,
  registeredAt: r.registeredAt,
});

/** The credit office's merchant directory. */
export class Directory {
  constructor(private readonly orm: MikroORM) {}

  readonly byUscc: Batch<string, Merchant | null> = async (usccs) => {
    const rows = await this.orm.em.fork().find(MerchantRecord, { uscc: { $in: [...usccs] } }, { disableIdentityMap: true });
    return oneByKey(usccs, rows.map(toMerchant), (m) => m.uscc);
  };

  readonly byQrToken: Batch<string, Merchant | null> = async (tokens) => {
    const rows = await this.orm.em.fork().find(MerchantRecord, { qrToken: { $in: [...tokens] } }, { disableIdentityMap: true });
    return oneByKey(tokens, rows.map(toMerchant), (m) => m.qrToken);
  };

  /** A page in credit-code order, after the given code. */
  async page(filter: MerchantFilter | null, after: string | null, first: number): Promise<{ nodes: Merchant[]; hasNextPage: boolean }> {
    const where: FilterQuery<MerchantRecord> = { ...this.where(filter), ...(after ? { uscc: { $gt: after } } : {}) };
    const rows = await this.orm.em.fork().find(MerchantRecord, where, { orderBy: { uscc: 'asc' }, limit: first + 1, disableIdentityMap: true });
    return { nodes: rows.slice(0, first).map(toMerchant), hasNextPage: rows.length > first };
  }

  count(filter: MerchantFilter | null): Promise<number> {
    return this.orm.em.fork().count(MerchantRecord, this.where(filter));
  }

  /** Registers a merchant once; the same registration again returns the entry, a different one is a conflict. */
  async register(input: RegisterMerchantInput): Promise<Merchant> {
    const v = validate(input);
    try {
      // the change feed learns of the new merchant in the same transaction
      const record = await this.orm.em.fork().transactional(async (em) => {
        const r = em.create(MerchantRecord, { ...v, qrToken: randomBytes(16).toString('base64url'), registeredAt: new Date() });
        em.persist(em.create(FactChangeLog, { uscc: r.uscc, eventId: '00000000-0000-0000-0000-000000000000', code: 'REGISTERED' } as FactChangeLog));
        return r;
      });
      return toMerchant(record);
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
    }
    const existing = await this.orm.em.fork().findOneOrFail(MerchantRecord, { uscc: v.uscc });
    const same = (['name', 'kind', 'trade', 'district', 'street', 'address', 'operatorName', 'operatorIdNumber', 'operatorPhone'] as const).every(
      (k) => existing[k] === v[k],
    );
    if (!same) throw conflict(`credit code ${v.uscc} is already registered (as "${existing.name}")`, { field: 'uscc' });
    return toMerchant(existing);
  }

  private where(filter: MerchantFilter | null): FilterQuery<MerchantRecord> {
    const f = filter ?? {};
    return {
      ...(f.district ? { district: f.district } : {}),
      ...(f.street ? { street: f.street } : {}),
      ...(f.trade ? { trade: f.trade } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.nameContains ? { name: { $ilike: `%${f.nameContains.replace(/[\\%_]/g, '\\$&')}%` } } : {}),
    };
  }
}

const text = (value: string, field: string, max: number) => {
  const v = value.trim();
  if (v.length === 0 || v.length > max) throw badInput(`${field} must be 1–${max} characters`, { field });
  return v;
};

function validate(input: RegisterMerchantInput) {
  const entityType = input.uscc[1];
  // under the market regulator (9), the second character says enterprise (1) or individual business (2)
  if (input.uscc[0] === '9') {
    const expected = input.kind === MerchantKind.INDIVIDUAL_BUSINESS ? '2' : '1';
    if (entityType !== expected) {
      throw badInput(`credit code ${input.uscc} is of entity type ${entityType}, which does not match kind ${input.kind}`, { field: 'kind' });
    }
  }
  const idNumber = input.operator.idNumber.trim().toUpperCase();
  if (!isResidentIdNumber(idNumber)) {
    throw badInput('operator.idNumber is not a valid 18-character resident identity number', { field: 'operator.idNumber' });
  }
  const phone = input.operator.phone.replace(/[\s-]/g, '');
  if (!/^(1[3-9]\d{9}|0\d{9,11})$/.test(phone)) throw badInput('operator.phone must be a mainland mobile or landline number', { field: 'operator.phone' });
  return {
    uscc: input.uscc,
    kind: input.kind,
    name: text(input.name, 'name', 200),
    trade: text(input.trade, 'trade', 60),
    district: text(input.district, 'district', 60),
    street: text(input.street, 'street', 60),
    address: text(input.address, 'address', 300),
    operatorName: text(input.operator.name, 'operator.name', 60),
    operatorIdNumber: idNumber,
    operatorPhone: phone,
  };
}
