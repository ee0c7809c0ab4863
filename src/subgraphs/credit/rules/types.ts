import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type * as catalogue from '../../../catalogue/types';
import type { CatalogueKind, Department, ListEffect, Severity } from '../../../catalogue/types';
import type * as engine from '../../../credit-engine';
import type { Level, MeasureContext, MeasureKind, SchemeCycle, SchemePurpose } from '../../../credit-engine';
import * as vocabulary from '../../../vocabulary';

// a class implements only a named type
type Band = engine.Scheme['bands'][number];
type Trigger = engine.Measure['trigger'];

@ObjectType()
@InputType('GradeBandInput')
export class GradeBand implements Band {
  @Field()
  grade!: string;

  @Field(() => Int, { nullable: true, description: 'lowest score of the band; null for the last band' })
  min!: number | null;

  @Field(() => vocabulary.Level)
  level!: Level;
}

@ObjectType()
@InputType('SeverityPointsInput')
export class SeverityPoints {
  @Field(() => Int)
  minor!: number;

  @Field(() => Int)
  general!: number;

  @Field(() => Int)
  serious!: number;

  @Field(() => Int)
  positive!: number;
}

@ObjectType()
@InputType('CodePointsInput')
export class CodePoints {
  @Field()
  code!: string;

  @Field(() => Int)
  points!: number;
}

/** The engine's scheme, its points as GraphQL can show them. */
@ObjectType({ description: 'A version of a scoring scheme: data, never edited in place.' })
export class Scheme implements Omit<engine.Scheme, 'points'> {
  @Field()
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  name!: string;

  @Field(() => vocabulary.SchemePurpose)
  purpose!: SchemePurpose;

  @Field(() => vocabulary.SchemeCycle)
  cycle!: SchemeCycle;

  @Field(() => Int)
  base!: number;

  @Field(() => [GradeBand], { description: 'best first' })
  bands!: GradeBand[];

  @Field(() => SeverityPoints)
  pointsBySeverity!: SeverityPoints;

  @Field(() => [CodePoints], { description: 'catalogue codes worth other points than their severity' })
  pointsByCode!: CodePoints[];

  @Field(() => GraphQLJSONObject, { description: 'by severity: { minMonths, maxMonths } an event counts' })
  publicity!: engine.Scheme['publicity'];

  @Field(() => Int)
  retentionYears!: number;

  @Field(() => vocabulary.Level, { description: 'the level an active black-list event forces' })
  blackListLevel!: Level;

  @Field(() => [vocabulary.Level], { description: 'the levels whose merchants a red list brings its incentives (the best ones)' })
  redListLevels!: Level[];

  @Field(() => GraphQLJSONObject, {
    description: 'by level: approval mode, loan treatment (eligible, priority, tier, amountFactor, speed), inspection sampling weight',
  })
  outcomes!: engine.Scheme['outcomes'];

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;
}

@InputType({ description: 'A scheme to publish (a new version of `id`, or version 1 of a new id) or to simulate.' })
export class SchemeInput {
  @Field()
  id!: string;

  @Field()
  name!: string;

  @Field(() => vocabulary.SchemePurpose, { defaultValue: vocabulary.SchemePurpose.CREDIT_GRADE })
  purpose!: SchemePurpose;

  @Field(() => vocabulary.SchemeCycle)
  cycle!: SchemeCycle;

  @Field(() => Int)
  base!: number;

  @Field(() => [GradeBand])
  bands!: GradeBand[];

  @Field(() => SeverityPoints)
  pointsBySeverity!: SeverityPoints;

  @Field(() => [CodePoints], { defaultValue: [] })
  pointsByCode!: CodePoints[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'default: the national publicity periods' })
  publicity?: Record<string, unknown> | null;

  @Field(() => Int, { defaultValue: 5 })
  retentionYears!: number;

  @Field(() => vocabulary.Level, { defaultValue: vocabulary.Level.D })
  blackListLevel!: Level;

  @Field(() => [vocabulary.Level], { defaultValue: [vocabulary.Level.A, vocabulary.Level.B], description: 'the levels a red list brings its incentives' })
  redListLevels!: Level[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'default: the built-in outcomes by level' })
  outcomes?: Record<string, unknown> | null;
}

@ObjectType({ description: 'Which scheme, in which version, produced a judgment.' })
export class SchemeRef implements Pick<engine.Scheme, 'id' | 'version'> {
  @Field()
  id!: string;

  @Field(() => Int)
  version!: number;
}

@ObjectType({ description: 'What triggers a measure: any of these.' })
@InputType('MeasureTriggerInput')
export class MeasureTrigger implements Trigger {
  @Field(() => [vocabulary.Level], { nullable: true })
  levels?: Level[];

  @Field(() => [vocabulary.ListEffect], { nullable: true })
  lists?: ListEffect[];

  @Field(() => [String], { nullable: true })
  codes?: string[];
}

/** What a measure is, whether the catalogue defines it or an assessment applies it (never in the schema itself: only its subclasses are reachable). */
@ObjectType('MeasureFields')
@InputType('MeasureFieldsInput')
export abstract class MeasureFields implements Omit<engine.Measure, 'trigger'> {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => vocabulary.MeasureKind)
  kind!: MeasureKind;

  @Field({ description: 'the department that implements it' })
  department!: string;

  @Field()
  legalBasis!: string;

  @Field(() => vocabulary.MeasureContext)
  context!: MeasureContext;
}

@ObjectType({ description: 'A joint reward or punishment measure of the catalogue.' })
@InputType('MeasureInput')
export class MeasureDefinition extends MeasureFields implements engine.Measure {
  @Field(() => MeasureTrigger)
  trigger!: MeasureTrigger;
}

@ObjectType({ description: 'One kind of credit information a department may record.' })
export class CatalogueEntry implements catalogue.CatalogueEntry {
  @Field()
  code!: string;

  @Field(() => vocabulary.Department)
  department!: Department;

  @Field()
  category!: string;

  @Field({ description: 'the title in English' })
  title!: string;

  @Field({ description: 'the title in Chinese (中文名称)' })
  titleZh!: string;

  @Field(() => vocabulary.CatalogueKind)
  kind!: CatalogueKind;

  @Field(() => vocabulary.Severity)
  severity!: Severity;

  @Field(() => vocabulary.ListEffect, { nullable: true })
  listEffect!: ListEffect | null;

  @Field()
  legalBasis!: string;
}
