import { Field, Int, ObjectType } from 'type-graphql';
import { EvaluationLevel } from '../rules/evaluation-level';
import { Node } from '../../graphql/connections';
import { DateTime } from '../../graphql/scalars';

@ObjectType('EvaluatedCompetence', { description: 'One line of an evaluation grid: a core compétence of the métier and the level the tutor saw.', simpleResolvers: true })
export class EvaluatedCompetenceType {
  @Field(() => Int, { description: 'OGR code of the ROME compétence.' })
  code!: number;

  @Field(() => EvaluationLevel, { description: 'The level observed (NOT_OBSERVED when the immersion gave no occasion).' })
  level!: EvaluationLevel;
}

@ObjectType('ImmersionEvaluation', {
  implements: Node,
  description:
    'The tutor\'s evaluation grid at the end of an immersion (PMSMP): a level per core ROME compétence of the métier, attitudes, satisfaction on both sides, a comment. Read by network admins, the prescribing and referent structures and the offering company; by the participant once the prescriber shared it; never by portals.',
  simpleResolvers: true,
})
export class ImmersionEvaluationType {
  // `comment` is resolved in evaluation.resolver.ts: a free text about a person, audited when read.

  @Field(() => EvaluationLevel, { description: 'Punctuality (ponctualité, assiduité).' })
  punctuality!: EvaluationLevel;

  @Field(() => EvaluationLevel, { description: 'Teamwork (travail en équipe).' })
  teamwork!: EvaluationLevel;

  @Field(() => EvaluationLevel, { description: 'Following instructions (respect des consignes).' })
  instructions!: EvaluationLevel;

  @Field(() => Int, { description: 'The company\'s satisfaction with the immersion, 1 (not at all satisfied) to 5 (very satisfied).' })
  companySatisfaction!: number;

  @Field(() => Int, { description: 'The participant\'s satisfaction, 1 to 5, as the tutor collected it.' })
  participantSatisfaction!: number;

  @Field(() => DateTime, { nullable: true, description: 'When the prescriber shared it with the participant; null until then.' })
  sharedAt!: Date | null;

  @Field(() => DateTime, { description: 'When the tutor first recorded it.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When it last changed (the tutor may correct it until it is shared).' })
  updatedAt!: Date;
}
