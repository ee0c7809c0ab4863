import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../../context';
import type { ApprovalMode } from '../../../credit-engine';
import { badInput, notFound } from '../../../errors';
import type { GraphClient } from '../../../graph-client';
import { CreditCode } from '../../../scalars';
import type { AppliedMeasure } from '../judgment/types';
import { ApprovalCheck, type CheckedCommitment } from './types';

const CHECK = /* GraphQL */ `
  query ApprovalCheckFacts($u: CreditCode!) {
    merchant(uscc: $u) {
      uscc
      name
      credit {
        approval {
          mode
          reasons
          warnings
        }
        measures(context: APPROVAL) {
          id
          title
          kind
          department
          legalBasis
          context
          reasons
        }
      }
      commitments {
        matter
        status
        dueDate
        overdue
      }
    }
  }
`;

/** as long as a purpose may be (the access log records the matter as the purpose of the check's reads) */
const MAX_MATTER = 500;

type CheckFacts = {
  merchant: {
    uscc: string;
    name: string;
    credit: { approval: { mode: ApprovalMode; reasons: string[]; warnings: string[] }; measures: AppliedMeasure[] };
    commitments: CheckedCommitment[];
  } | null;
};

/** The approval window's question, answered in one query from the judgment and the approval department's commitments. */
@Resolver()
export class ApprovalCheckResolver {
  constructor(private readonly graph: GraphClient) {}

  @Query(() => ApprovalCheck, { description: 'how an approval window treats an applicant: mode, reasons, warnings, commitments, measures' })
  async approvalCheck(
    @Arg('uscc', () => CreditCode) uscc: string,
    @Arg('matter', () => String, { nullable: true }) matter: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<ApprovalCheck> {
    const asked = matter?.trim() || null;
    if (asked && asked.length > MAX_MATTER) throw badInput(`matter must be at most ${MAX_MATTER} characters`, { field: 'matter' });
    // read through the graph as the clerk: the policy and the access log apply as to any query; the matter is why, unless the request said
    const reader = asked && ctx.principal.purpose === null ? { ...ctx, principal: { ...ctx.principal, purpose: asked } } : ctx;
    const { merchant } = await this.graph.request<CheckFacts>(CHECK, { u: uscc }, reader);
    if (!merchant) throw notFound(`credit code ${uscc} is not registered`);
    return {
      uscc: merchant.uscc,
      name: merchant.name,
      matter: asked,
      ...merchant.credit.approval,
      commitments: merchant.commitments.filter((c) => c.status === 'PENDING' || c.status === 'BREACHED').map((c) => ({ ...c, dueDate: new Date(c.dueDate) })),
      measures: merchant.credit.measures,
    };
  }
}
