import { Field, Int, ObjectType } from 'type-graphql';
import { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentMeasure } from '../rules/commitment-measure';
import { CommitmentStatus } from '../rules/commitment-status';
import { Node } from '../../graphql/connections';
import { DateTime, LocalDate } from '../../graphql/scalars';

@ObjectType('Commitment', {
  implements: Node,
  description: 'A company\'s commitment (engagement), usually in a PAQTE convention animated by a CRÉPI: moral, not legal; the hub shows progress.',
  simpleResolvers: true,
})
export class CommitmentType {
  @Field(() => CommitmentAxis)
  axis!: CommitmentAxis;

  @Field({ description: 'The pledge in the company\'s words.' })
  pledge!: string;

  @Field(() => CommitmentMeasure)
  measure!: CommitmentMeasure;

  @Field(() => Int)
  target!: number;

  @Field(() => Int, { description: 'Progress declared by the company (for what the hub cannot see).' })
  declaredProgress!: number;

  @Field(() => LocalDate)
  periodStart!: string;

  @Field(() => LocalDate)
  periodEnd!: string;

  @Field(() => CommitmentStatus)
  status!: CommitmentStatus;

  @Field(() => DateTime, { nullable: true })
  signedAt!: Date | null;

  @Field(() => [String], { description: 'Public partners of the tripartite convention (préfecture, agglomération).' })
  publicPartners!: string[];

  @Field(() => LocalDate, { nullable: true })
  conventionSignedOn!: string | null;
}
