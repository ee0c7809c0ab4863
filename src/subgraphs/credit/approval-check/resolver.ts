import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../../context';
import type { ApprovalMode } from '../../../credit-engine';
import { notFound } from '../../../errors';
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
    // read through the graph as the clerk: the policy and the access log apply as to any query
    const { merchant } = await this.graph.request<CheckFacts>(CHECK, { u: uscc }, ctx);
    if (!merchant) throw notFound(`credit code ${uscc} is not registered`);
    return {
      uscc: merchant.uscc,
      name: merchant.name,
      matter: matter?.trim() || null,
      ...merchant.credit.approval,
      commitments: merchant.commitments.filter((c) => c.status === 'PENDING' || c.status === 'BREACHED').map((c) => ({ ...c, dueDate: new Date(c.dueDate) })),
      measures: merchant.credit.measures,
    };
  }
}
