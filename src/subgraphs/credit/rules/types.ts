import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentName } from '../../../events/types';

export enum Level {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}
registerEnumType(Level, { name: 'Level', description: 'the canonical level a grade stands for, on which measures and outcomes are defined (A best)' });

export enum SchemePurpose {
  CREDIT_GRADE = 'CREDIT_GRADE',
  RISK_CLASS = 'RISK_CLASS',
}
registerEnumType(SchemePurpose, { name: 'SchemePurpose', description: 'CREDIT_GRADE: a public grade; RISK_CLASS: internal inspection risk classes' });

export enum SchemeCycle {
  YEARLY = 'YEARLY',
  MONTHLY = 'MONTHLY',
}
registerEnumType(SchemeCycle, { name: 'SchemeCycle' });

export enum ListKind {
  RED = 'RED',
  BLACK = 'BLACK',
}
registerEnumType(ListKind, { name: 'ListKind', description: 'RED: honours and incentives; BLACK: joint punishment' });

export enum MeasureKind {
  INCENTIVE = 'INCENTIVE',
  PUNISHMENT = 'PUNISHMENT',
}
registerEnumType(MeasureKind, { name: 'MeasureKind' });

export enum MeasureContext {
  APPROVAL = 'APPROVAL',
  INSPECTION = 'INSPECTION',
  LOAN = 'LOAN',
  SUBSIDY = 'SUBSIDY',
  PUBLICITY = 'PUBLICITY',
  PROCUREMENT = 'PROCUREMENT',
}
registerEnumType(MeasureContext, { name: 'MeasureContext', description: 'where a measure is applied' });

@ObjectType()
@InputType('GradeBandInput')
export class GradeBand {
  @Field()
  grade!: string;

  @Field(() => Int, { nullable: true, description: 'lowest score of the band; null for the last band' })
  min!: number | null;

  @Field(() => Level)
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

@ObjectType({ description: 'A version of a scoring scheme: data, never edited in place.' })
export class Scheme {
  @Field()
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  name!: string;

  @Field(() => SchemePurpose)
  purpose!: SchemePurpose;

  @Field(() => SchemeCycle)
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
  publicity!: Record<string, unknown>;

  @Field(() => Int)
  retentionYears!: number;

  @Field(() => Level, { description: 'the level an active black-list event forces' })
  blackListLevel!: Level;

  @Field(() => GraphQLJSONObject, { description: 'by level: approval mode, loan treatment, inspection sampling weight' })
  outcomes!: Record<string, unknown>;

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

  @Field(() => SchemePurpose, { defaultValue: SchemePurpose.CREDIT_GRADE })
  purpose!: SchemePurpose;

  @Field(() => SchemeCycle)
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

  @Field(() => Level, { defaultValue: Level.D })
  blackListLevel!: Level;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'default: the built-in outcomes by level' })
  outcomes?: Record<string, unknown> | null;
}

@ObjectType({ description: 'Which scheme, in which version, produced a judgment.' })
export class SchemeRef {
  @Field()
  id!: string;

  @Field(() => Int)
  version!: number;
}

@ObjectType({ description: 'What triggers a measure: any of these.' })
@InputType('MeasureTriggerInput')
export class MeasureTrigger {
  @Field(() => [Level], { nullable: true })
  levels?: Level[];

  @Field(() => [ListKind], { nullable: true })
  lists?: ListKind[];

  @Field(() => [String], { nullable: true })
  codes?: string[];
}

/** What a measure is, whether the catalogue defines it or an assessment applies it (never in the schema itself: only its subclasses are reachable). */
@ObjectType('MeasureFields')
@InputType('MeasureFieldsInput')
export abstract class MeasureFields {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => MeasureKind)
  kind!: MeasureKind;

  @Field({ description: 'the department that implements it' })
  department!: string;

  @Field()
  legalBasis!: string;

  @Field(() => MeasureContext)
  context!: MeasureContext;
}

@ObjectType({ description: 'A joint reward or punishment measure of the catalogue.' })
@InputType('MeasureInput')
export class MeasureDefinition extends MeasureFields {
  @Field(() => MeasureTrigger)
  trigger!: MeasureTrigger;
}

export enum CatalogueKind {
  NEGATIVE = 'NEGATIVE',
  POSITIVE = 'POSITIVE',
}
registerEnumType(CatalogueKind, { name: 'CatalogueKind' });

export enum Severity {
  MINOR = 'MINOR',
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
  POSITIVE = 'POSITIVE',
}
registerEnumType(Severity, { name: 'Severity' });

export enum ListEffect {
  RED = 'RED',
  BLACK = 'BLACK',
}
registerEnumType(ListEffect, { name: 'ListEffect', description: 'RED: an honour (red list) trigger; BLACK: a black-list trigger' });

@ObjectType({ description: 'One kind of credit information a department may record.' })
export class CatalogueEntry {
  @Field()
  code!: string;

  @Field(() => DepartmentName)
  department!: DepartmentName;

  @Field()
  category!: string;

  @Field()
  title!: string;

  @Field(() => CatalogueKind)
  kind!: CatalogueKind;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => ListEffect, { nullable: true })
  listEffect!: ListEffect | null;

  @Field()
  legalBasis!: string;
}
