import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../pagination';
import { CreditCode } from '../../../scalars';
import { Merchant } from '../directory/types';

@ObjectType({ description: 'A risk class a draw drew from: its share, how many merchants it had, how many were drawn.' })
export class DrawnClass {
  @Field({ description: 'internal risk class (A low … D high)' })
  riskClass!: string;

  @Field(() => Float, { description: 'the share drawn, 0 … 1; the count is rounded up' })
  share!: number;

  @Field(() => Int)
  population!: number;

  @Field(() => Int)
  drawn!: number;
}

@ObjectType({ description: 'A merchant a draw drew, with the risk class it was drawn by.' })
export class DrawnMerchant {
  @Field()
  riskClass!: string;

  @Field(() => Merchant)
  merchant!: Merchant;
}

@ObjectType()
export class DrawnMerchantConnection {
  @Field(() => [DrawnMerchant])
  nodes!: DrawnMerchant[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'merchants the draw drew' })
  totalCount!: number;
}

@ObjectType({ description: 'A "double random" draw of merchants for an inspection task, kept with what it drew from so that it can be re-checked.' })
export class InspectionDraw {
  @Field(() => ID)
  id!: string;

  @Field({ description: "the department's own id for the inspection task; a task is drawn once" })
  task!: string;

  @Field({ description: 'the seed every draw key derives from (HMAC-SHA-256 of risk class and credit code)' })
  seed!: string;

  @Field(() => [DrawnClass])
  classes!: DrawnClass[];

  @Field({ description: 'the evaluation cycle whose snapshots gave the population its risk classes' })
  cycle!: string;

  @Field({ description: 'the date that evaluation judged the merchants on: the population as of then' })
  populationAsOf!: Date;

  @Field({ description: 'sha-256 of the population kept, class by class' })
  populationDigest!: string;

  @Field()
  drawnAt!: Date;

  @Field({ description: 'who ran the draw (the subject of their token)' })
  drawnBy!: string;
}

@ObjectType({ description: 'An audit of a draw: drawn again from its kept population with a seed, and compared with what it kept.' })
export class InspectionDrawCheck {
  @Field(() => InspectionDraw)
  draw!: InspectionDraw;

  @Field({ description: 'the seed drawn with: the kept one unless another was given' })
  seed!: string;

  @Field({ description: "the kept population is the one the draw recorded (its digest) and still has the risk classes of its cycle's snapshots" })
  populationAsKept!: boolean;

  @Field(() => [CreditCode], { description: 'kept as drawn, not drawn again' })
  keptOnly!: string[];

  @Field(() => [CreditCode], { description: 'drawn again, not kept as drawn' })
  redrawnOnly!: string[];

  @Field({ description: 'the draw is reproduced: the same merchants from the population it kept, and that population as recorded' })
  matches!: boolean;
}

@InputType()
export class ClassShareInput {
  @Field({ description: "a risk class of the risk-class scheme in force (RISK_SCHEME's bands)" })
  riskClass!: string;

  @Field(() => Float, { description: 'the share of its merchants to draw, 0 … 1 (0.05: 5 %)' })
  share!: number;
}

@InputType()
export class InspectionDrawInput {
  @Field({ description: "the department's own id for the inspection task (1–100 characters): drawing it again returns its draw" })
  task!: string;

  @Field(() => String, { nullable: true, description: 'up to 200 characters; generated (128 random bits, hex) when not given' })
  seed?: string | null;

  @Field(() => [ClassShareInput], {
    nullable: true,
    description:
      'the classes to draw from and their shares; when not given, every class at the share the risk-class scheme in force sets (its sampling outcome)',
  })
  shares?: ClassShareInput[] | null;
}
