import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import { ProgrammeType } from './programme.types';
import { ProgrammeKind } from '../rules/programme-kind';
import { createProgramme, updateProgramme } from '../use-cases/programmes';
import type { ProgrammeRow } from '../queries/programmes';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@ObjectType('ProgrammePayload', { description: 'The programme after the change.', simpleResolvers: true })
class ProgrammePayload {
  @Field(() => ProgrammeType, { description: 'The programme, as a query would show it to you now.' })
  programme!: ProgrammeRow;
}

@InputType('ProgrammeTargetsInput', { description: 'Targets of a programme, each 0 to 100,000; null or left out: no target on that measure.' })
class ProgrammeTargetsInput {
  @Field(() => Int, { nullable: true, description: 'Participants to reach.' })
  participants?: number | null;

  @Field(() => Int, { nullable: true, description: 'Sessions to hold.' })
  sessions?: number | null;

  @Field(() => Int, { nullable: true, description: 'Immersions (PMSMP) to complete.' })
  immersionsCompleted?: number | null;

  @Field(() => Int, { nullable: true, description: 'Durable outcomes (CDI, CDD or interim of 6 months or more, business created).' })
  durableOutcomes?: number | null;
}

@InputType('CreateProgrammeInput', { description: 'A new programme of a structure, with its period and targets.' })
class CreateProgrammeInput {
  @Field(() => ID, { nullable: true, description: 'The structure running it: required for network admins; a structure admin creates programmes for its own structure.' })
  structureId?: string | null;

  @Field(() => ProgrammeKind, { description: 'What the programme is.' })
  kind!: ProgrammeKind;

  @Field({ description: 'Up to 200 characters ("Ambassadeurs des métiers 2026").' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  description?: string | null;

  @Field(() => LocalDate, { description: 'First day of the period.' })
  startsOn!: string;

  @Field(() => LocalDate, { description: 'Last day of the period: on or after startsOn, at most 5 years later.' })
  endsOn!: string;

  @Field(() => ProgrammeTargetsInput, { nullable: true, description: 'Its targets; left out: none.' })
  targets?: ProgrammeTargetsInput | null;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first programme and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@InputType('UpdateProgrammeInput', { description: 'Changes to a programme: what is given replaces what was; what is left out stays.' })
class UpdateProgrammeInput {
  @Field(() => ID, { description: 'Global id of the programme.' })
  programmeId!: string;

  @Field(() => ProgrammeKind, { nullable: true, description: 'What the programme is; null or left out: unchanged.' })
  kind?: ProgrammeKind | null;

  @Field(() => String, { nullable: true, description: 'Up to 200 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters; an empty text removes the description.' })
  description?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The period must still hold the programme\'s sessions and offers.' })
  startsOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of the period: on or after startsOn, at most 5 years later; the period must still hold the programme\'s sessions and offers.' })
  endsOn?: string | null;

  @Field(() => ProgrammeTargetsInput, { nullable: true, description: 'Targets given replace the previous ones (null removes one); targets left out stay.' })
  targets?: ProgrammeTargetsInput | null;
}

/** The fields a client actually sent (type-graphql leaves absent nullable fields undefined). */
function given<T extends object>(input: T | null | undefined): Partial<T> | null | undefined {
  return input ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T> : input;
}

@Resolver()
export class ProgrammeMutationResolver {
  @Mutation(() => ProgrammePayload, { description: 'A network admin or a structure admin creates a programme with its period and targets.' })
  async createProgramme(@Arg('input', INPUT_ARG) input: CreateProgrammeInput, @Ctx() ctx: GraphQLContext): Promise<ProgrammePayload> {
    const id = await createProgramme(ctx.em, ctx.viewer, {
      ...input,
      targets: given(input.targets),
      structureId: input.structureId != null ? idOf('Structure', input.structureId, 'input.structureId') : null,
    });
    return { programme: await reloaded(ctx.loaders.programme, id) };
  }

  @Mutation(() => ProgrammePayload, { description: 'A network admin or the admin of the programme\'s structure changes its name, kind, period or targets.' })
  async updateProgramme(@Arg('input', INPUT_ARG) input: UpdateProgrammeInput, @Ctx() ctx: GraphQLContext): Promise<ProgrammePayload> {
    const id = await updateProgramme(ctx.em, ctx.viewer, {
      ...given(input),
      targets: given(input.targets),
      programmeId: idOf('Programme', input.programmeId, 'input.programmeId'),
    });
    return { programme: await reloaded(ctx.loaders.programme, id) };
  }
}
