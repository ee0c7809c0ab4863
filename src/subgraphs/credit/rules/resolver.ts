import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { catalogueOf, type Department } from '../../../catalogue';
import type { Measure } from '../../../credit-engine';
import type { HubContext } from '../../../context';
import * as vocabulary from '../../../vocabulary';
import type { SchemeVersion } from './entities';
import { draftFrom, type Rules } from './store';
import { CatalogueEntry, MeasureDefinition, Scheme as SchemeView, SchemeInput } from './types';

const schemeView = (row: SchemeVersion): SchemeView => {
  const s = row.definition;
  return {
    ...s,
    pointsBySeverity: {
      minor: s.points.bySeverity.MINOR,
      general: s.points.bySeverity.GENERAL,
      serious: s.points.bySeverity.SERIOUS,
      positive: s.points.bySeverity.POSITIVE,
    },
    pointsByCode: Object.entries(s.points.byCode).map(([code, points]) => ({ code, points })),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
};

/** The rules as data: the scoring schemes, the measures catalogue, and the credit-information catalogue they count. */
@Resolver()
export class RulesResolver {
  constructor(private readonly rules: Rules) {}

  @Query(() => [SchemeView], { description: 'every version of every scheme' })
  async schemes(): Promise<SchemeView[]> {
    return (await this.rules.schemes()).map(schemeView);
  }

  @Query(() => SchemeView, { nullable: true, description: 'one scheme version; the latest when no version is given' })
  async scheme(@Arg('id') id: string, @Arg('version', () => Int, { nullable: true }) version: number | null): Promise<SchemeView | null> {
    const row = await this.rules.scheme(id, version);
    return row && schemeView(row);
  }

  @Mutation(() => SchemeView, { description: 'publishes a new version of a scheme (administrators); earlier versions stay as they were' })
  async publishScheme(@Arg('input') input: SchemeInput, @Ctx() ctx: HubContext): Promise<SchemeView> {
    return schemeView(await this.rules.publish(draftFrom(input), ctx.principal.subject));
  }

  @Query(() => [MeasureDefinition], { description: 'the catalogue of joint reward and punishment measures' })
  async measureCatalogue(@Arg('includeRetired', { defaultValue: false }) includeRetired: boolean): Promise<Measure[]> {
    return (await this.rules.measures(includeRetired)).map((m) => m.definition);
  }

  @Mutation(() => MeasureDefinition, { description: 'adds a measure to the catalogue (administrators); it applies at once' })
  async addMeasure(@Arg('input', () => MeasureDefinition) input: MeasureDefinition, @Ctx() ctx: HubContext): Promise<Measure> {
    const m: Measure = { ...input, id: input.id.trim(), trigger: { ...input.trigger } };
    return (await this.rules.addMeasure(m, ctx.principal.subject)).definition;
  }

  @Mutation(() => MeasureDefinition, { description: 'retires a measure (administrators): it stops applying; past decisions keep citing it' })
  async retireMeasure(@Arg('id', () => ID) id: string): Promise<Measure> {
    return (await this.rules.retireMeasure(id)).definition;
  }

  @Query(() => [CatalogueEntry], { description: 'the credit-information catalogue, of one department or all' })
  catalogue(@Arg('department', () => vocabulary.Department, { nullable: true }) department: Department | null): readonly CatalogueEntry[] {
    return catalogueOf(department);
  }
}
