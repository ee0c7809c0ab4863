import { catalogueEntry } from '../../src/catalogue';
import { recordMutation } from '../../src/catalogue/types';
import { withCheckCharacter } from '../../src/uscc';
import type { TestHub } from './hub';

let serial = 0;

/** A new, valid credit code of an individual business, unique within the test run. */
export const newUscc = () => withCheckCharacter(`92371102MA${String(1_000_000 + ++serial).slice(-7)}`);

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** The actors of a small city: an administrator registers, each department's officer records. */
export class TestCity {
  private tokens = new Map<string, string>();

  constructor(private readonly hub: TestHub) {}

  async tokenOf(claims: Record<string, unknown>): Promise<string> {
    const key = JSON.stringify(claims);
    if (!this.tokens.has(key)) this.tokens.set(key, await this.hub.token(claims));
    return this.tokens.get(key)!;
  }

  admin = () => this.tokenOf({ roles: ['admin'], sub: 'admin-1' });
  officer = (department: string) => this.tokenOf({ roles: ['department_officer'], department, sub: `officer-${department}` });
  merchant = (uscc: string) => this.tokenOf({ roles: ['merchant'], uscc, sub: `owner-${uscc}` });

  /** Registers a street shop and returns its credit code. */
  async shop(name = '东港李记面馆'): Promise<string> {
    const uscc = newUscc();
    const r = await this.hub.query(
      `mutation($i: RegisterMerchantInput!) { registerMerchant(input: $i) { uscc } }`,
      {
        i: {
          uscc,
          name,
          kind: 'INDIVIDUAL_BUSINESS',
          trade: '餐饮',
          district: '东港区',
          street: '日照街道',
          address: '山东省日照市东港区海曲路12号',
          operator: { name: '李伟', idNumber: '371102198001010016', phone: '13812345678' },
        },
      },
      await this.admin(),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return uscc;
  }

  /** Records an event as the department the code belongs to would; returns the event id. */
  async record(uscc: string, code: string, occurredAt: string, over: Record<string, unknown> = {}): Promise<string> {
    const department = catalogueEntry(code)?.department;
    if (!department) throw new Error(`${code} is not a code of the catalogue`);
    const mutation = recordMutation(department);
    const r = await this.hub.query(
      `mutation($i: RecordEventInput!) { ${mutation}(input: $i) { id } }`,
      { i: { uscc, code, occurredAt, sourceRecordId: `T-${code}-${++serial}`, summary: `${code} recorded in a test`, ...over } },
      await this.officer(department),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data![mutation].id;
  }
}
