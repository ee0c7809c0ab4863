import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { hasRole } from '../../../auth/principal';
import type { Department } from '../../../catalogue/types';
import type { HubContext } from '../../../context';
import { forbidden } from '../../../errors';
import { CreditCode } from '../../../scalars';
import * as vocabulary from '../../../vocabulary';
import { WorkItem, WorkItemKind, workPage, WorkPageArgs, worklistType, type Worklist } from '../../../worklist';
import type { Worklists } from './store';
import { WorklistNoticeConnection } from './types';

/** the worklist as the credit office knows it: the key, the requests its departments decide */
export const CreditWorklist = worklistType();

/** Worklists: the open items a department must deal with, or a merchant's own; and the notices of new and overdue ones. */
@Resolver(() => CreditWorklist)
export class WorklistsResolver {
  constructor(private readonly worklists: Worklists) {}

  @Query(() => CreditWorklist, {
    description: "open items with their deadlines: an officer's department's (of one merchant, given uscc), a merchant's own, or any for an administrator",
  })
  worklist(
    @Arg('department', () => vocabulary.Department, { nullable: true }) department: Department | null,
    @Arg('uscc', () => CreditCode, { nullable: true }) uscc: string | null,
    @Ctx() ctx: HubContext,
  ): Worklist {
    const p = ctx.principal;
    if (hasRole(p, 'admin')) return { department: department ?? null, uscc: uscc ?? null };
    if (hasRole(p, 'merchant')) {
      if (uscc && uscc !== p.uscc) throw forbidden('a merchant sees only its own open items');
      return { department: department ?? null, uscc: p.uscc! };
    }
    if (!p.department) throw forbidden("a worklist is a department's or a merchant's own");
    if (department && department !== p.department) throw forbidden(`an officer of ${p.department} sees only its own department's worklist`);
    return { department: p.department, uscc: uscc ?? null };
  }

  @FieldResolver(() => [WorkItem], { nullable: true, description: 'objections awaiting an answer, most urgent first' })
  objections(@Root() w: Worklist, @Args() page: WorkPageArgs, @Ctx() ctx: HubContext): Promise<WorkItem[]> {
    return this.worklists.pending(WorkItemKind.OBJECTION, w, workPage(page), ctx);
  }

  @FieldResolver(() => [WorkItem], { nullable: true, description: 'repair applications awaiting a decision, most urgent first' })
  repairApplications(@Root() w: Worklist, @Args() page: WorkPageArgs, @Ctx() ctx: HubContext): Promise<WorkItem[]> {
    return this.worklists.pending(WorkItemKind.REPAIR_APPLICATION, w, workPage(page), ctx);
  }

  @Query(() => WorklistNoticeConnection, { description: "worklist items that arrived or fell due, in order, after a cursor: the department's own" })
  worklistNotices(
    @Arg('since', () => String, { nullable: true }) since: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: HubContext,
  ): Promise<WorklistNoticeConnection> {
    return this.worklists.page(since, first, ctx.principal);
  }
}
