import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** What a draw kept of each risk class it drew from. */
export interface DrawnClassRow {
  riskClass: string;
  share: number;
  population: number;
  drawn: number;
}

/** A "double random" draw for an inspection task: its seed, shares and population as of an evaluation, kept to be re-checked. */
@Entity({ tableName: 'inspection_draw' })
export class InspectionDrawRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** the department's own id for the inspection task: one draw per task, so a task is never drawn again until it suits */
  @Property({ length: 100, unique: true })
  task!: string;

  @Property({ length: 200 })
  seed!: string;

  @Property({ type: 'json' })
  classes!: DrawnClassRow[];

  /** the evaluation cycle whose snapshots gave the population its risk classes */
  @Property({ length: 20 })
  cycle!: string;

  @Property({ type: 'timestamptz' })
  populationAsOf!: Date;

  /** sha-256 of the population, class by class: a kept population that was changed no longer matches it */
  @Property({ length: 64 })
  populationDigest!: string;

  @Property({ type: 'timestamptz' })
  drawnAt!: Date;

  @Property({ length: 200 })
  drawnBy!: string;
}

/** A merchant of a draw's population, with its risk class then and whether it was drawn: the drawn ones paged in credit-code order. */
@Entity({ tableName: 'inspection_draw_member' })
@Index({
  name: 'inspection_draw_member_drawn',
  expression: `create index "inspection_draw_member_drawn" on "credit"."inspection_draw_member" ("draw_id", "uscc") where "drawn"`,
})
export class InspectionDrawMember {
  @PrimaryKey({ type: 'uuid' })
  drawId!: string;

  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Property({ length: 10 })
  riskClass!: string;

  @Property()
  drawn!: boolean;
}
