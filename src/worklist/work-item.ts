import { ArgsType, Directive, Field, ID, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { hasRole } from '../auth/principal';
import type { HubContext } from '../context';
import { badInput } from '../errors';
import { pageSize } from '../pagination';
import type { Department } from '../catalogue/types';
import { CreditCode } from '../scalars';
import * as vocabulary from '../vocabulary';

export enum WorkItemKind {
  OBJECTION = 'OBJECTION',
  REPAIR_APPLICATION = 'REPAIR_APPLICATION',
  CONSUMER_REPORT = 'CONSUMER_REPORT',
  COMMITMENT = 'COMMITMENT',
}
registerEnumType(WorkItemKind, {
  name: 'WorkItemKind',
  valuesConfig: {
    OBJECTION: { description: "a merchant's objection to a record, for the record's department to answer" },
    REPAIR_APPLICATION: { description: "a merchant's application to repair a record, for the record's department to decide" },
    CONSUMER_REPORT: { description: "a consumer's photo report, for urban management to verify or reject" },
    COMMITMENT: { description: 'a credit commitment, for administrative approval to verify by its due date' },
  },
});

/** One open item of a department's work: what it is, about whom, and by when it must be dealt with. */
@Directive('@shareable')
@ObjectType({ description: 'An open item of a worklist and its deadline.' })
export class WorkItem {
  @Field(() => WorkItemKind)
  kind!: WorkItemKind;

  @Field(() => ID, { description: 'the objection, repair application, consumer report or commitment' })
  id!: string;

  @Field(() => vocabulary.Department, { description: 'the department that must deal with it' })
  department!: Department;

  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: 'what it is about: the disputed record, the report, the promise' })
  subject!: string;

  @Field({ description: 'when it was filed, submitted or signed' })
  openedAt!: Date;

  @Field({ description: 'by when it must be dealt with: the end of the last day allowed' })
  dueAt!: Date;

  @Field({ description: 'its deadline has passed' })
  overdue!: boolean;
}

/** Whose open items a worklist holds: a department's, one merchant's (its own, across departments), or both at once. */
export interface Worklist {
  department: Department | null;
  uscc: string | null;
}

/**
 * The worklist as one subgraph knows it: the key, and the lists it adds. The credit office answers `worklist`; each
 * subgraph that runs a workflow adds its list. Each build gets a class of its own, so that one subgraph's lists never
 * join another's.
 */
export function worklistType(): ClassType<Worklist> {
  @Directive('@key(fields: "department uscc")')
  @ObjectType('Worklist', { description: "Open items with their deadlines: a department's, or a merchant's own." })
  class WorklistKey {
    @Field(() => vocabulary.Department, { nullable: true, description: "the department whose work it is; none: every department's" })
    department!: Department | null;

    @Field(() => CreditCode, { nullable: true, description: 'the merchant it is about; none: every merchant' })
    uscc!: string | null;
  }
  return WorklistKey;
}

/** How the gateway names a worklist to a subgraph: the department as GraphQL writes it (`URBAN`). */
export const worklistReference = {
  __resolveReference: (ref: { department?: string | null; uscc?: string | null }): Worklist => ({
    department: (ref.department?.toLowerCase() ?? null) as Department | null,
    uscc: ref.uscc ?? null,
  }),
};

/** Whether a list of this department belongs in the worklist. */
export const concerns = (w: Worklist, department: Department) => w.department === null || w.department === department;

/**
 * A list's items, most urgent first, each marked overdue against one clock reading. Each merchant it names is traced
 * as a read about that merchant by the subgraph serving it, as any non-public read is (not the hub's own work, nor a
 * merchant's look at its own items).
 */
export function listed(items: Omit<WorkItem, 'overdue'>[], ctx: HubContext, subgraph: string, list: string): WorkItem[] {
  const now = new Date();
  if (!ctx.internal && !hasRole(ctx.principal, 'merchant')) for (const i of items) ctx.audit.record(subgraph, i.uscc, `Worklist.${list}`, true);
  return items
    .map((i) => ({ ...i, overdue: i.dueAt <= now }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A page of a worklist's list: the most urgent first, after passing over some. */
@ArgsType()
export class WorkPageArgs {
  @Field(() => Int, { nullable: true, description: 'how many items, most urgent first (1–1000, default 100)' })
  first?: number | null;

  @Field(() => Int, { nullable: true, description: 'how many of the most urgent to pass over (default 0)' })
  offset?: number | null;
}

/** The page asked for, checked: a clear error for a size or an offset out of range. */
export function workPage(args: WorkPageArgs): { first: number; offset: number } {
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 1_000_000) throw badInput('offset must be between 0 and 1000000', { field: 'offset' });
  return { first: pageSize(args.first), offset };
}
