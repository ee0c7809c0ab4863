import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../context';
import { decodeCursor, encodeCursor, pageSize } from '../../../pagination';
import { isUscc } from '../../../uscc';
import { isUuid } from '../../../uuid';
import type { Directory } from '../directory/store';
import type { Rules } from '../rules/store';
import type { InspectionDrawRecord } from './entities';
import type { Supervision } from './store';
import { DrawnMerchant, DrawnMerchantConnection, InspectionDraw, InspectionDrawCheck, InspectionDrawInput } from './types';

/** Market supervision's random inspections drawn by risk class, and their audit. */
@Resolver(() => InspectionDraw)
export class SupervisionResolver {
  constructor(
    private readonly supervision: Supervision,
    private readonly rules: Rules,
    private readonly directory: Directory,
  ) {}

  @Mutation(() => InspectionDraw, {
    description:
      'draws merchants for an inspection task by risk class, from the latest finished evaluation, and keeps the draw; the same task again returns its draw',
  })
  async drawInspections(@Arg('input') input: InspectionDrawInput, @Ctx() ctx: HubContext): Promise<InspectionDrawRecord> {
    const { riskScheme } = await ctx.loaders.load(this.rules.active, 'active');
    return this.supervision.draw(input, riskScheme, ctx.principal);
  }

  @Query(() => InspectionDraw, { nullable: true, description: 'a kept draw; null when there is none of that id' })
  inspectionDraw(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<InspectionDrawRecord | null> | null {
    return isUuid(id) ? ctx.loaders.load(this.supervision.byId, id) : null;
  }

  @Query(() => InspectionDrawCheck, {
    nullable: true,
    description:
      're-draws a kept draw from the population it kept, with its seed or the one given, and says whether it matches; null when there is no such draw',
  })
  async checkInspectionDraw(
    @Arg('id', () => ID) id: string,
    @Arg('seed', () => String, { nullable: true }) seed: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<InspectionDrawCheck | null> {
    const draw = isUuid(id) ? await ctx.loaders.load(this.supervision.byId, id) : null;
    if (!draw) return null;
    const drawnWith = seed ?? draw.seed;
    const check = await this.supervision.check(draw, drawnWith);
    const matches = check.populationAsKept && check.keptOnly.length === 0 && check.redrawnOnly.length === 0;
    return { draw, seed: drawnWith, ...check, matches };
  }

  @FieldResolver(() => DrawnMerchantConnection, { description: 'the merchants drawn, in credit-code order' })
  async merchants(
    @Root() draw: InspectionDrawRecord,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<DrawnMerchantConnection> {
    const { nodes, hasNextPage } = await this.supervision.drawnPage(draw.id, decodeCursor(after, isUscc), pageSize(first));
    const merchants = await Promise.all(nodes.map((n) => ctx.loaders.load(this.directory.byUscc, n.uscc)));
    // a drawn merchant's risk class is read with it
    if (!ctx.internal) for (const n of nodes) ctx.audit.record('credit', n.uscc, 'DrawnMerchant.riskClass', true);
    const last = nodes.at(-1);
    return {
      nodes: nodes.map((n, i): DrawnMerchant => ({ riskClass: n.riskClass, merchant: merchants[i]! })),
      pageInfo: { endCursor: last ? encodeCursor(last.uscc) : null, hasNextPage },
      totalCount: draw.classes.reduce((sum, c) => sum + c.drawn, 0),
    };
  }
}
