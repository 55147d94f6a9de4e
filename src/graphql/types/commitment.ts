import { Field, Int, ObjectType } from 'type-graphql';
import { CommitmentAxis } from '../../domain/enums/commitment-axis';
import { CommitmentMeasure } from '../../domain/enums/commitment-measure';
import { CommitmentStatus } from '../../domain/enums/commitment-status';
import { Node } from './relay';
import { DateTime, LocalDate } from './scalars';

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
