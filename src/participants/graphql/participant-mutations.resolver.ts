import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { ParticipantType } from './participant.types';
import { LocalDate } from '../../graphql/scalars';
import { eraseParticipant, registerParticipant, updateParticipant } from '../use-cases/participants';
import type { ParticipantRow } from '../queries/participants';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@ObjectType('ParticipantPayload', { description: 'The participant after the change, as you may see it.', simpleResolvers: true })
class ParticipantPayload {
  @Field(() => ParticipantType, { description: 'The participant, as a query would show it to you now.' })
  participant!: ParticipantRow;
}

/** Personal data fields, optional in both inputs; in an update, null clears a field and a field left out stays. */
@InputType('ParticipantFieldsInput', { description: 'Personal data fields shared by the participant inputs (not used on its own).' })
abstract class ParticipantFieldsInput {
  @Field(() => LocalDate, { nullable: true, description: 'Birth date: an age of 14 (a 3e class pupil on a school discovery visit) to 99 today; sessions and offers admit from 16 unless they set a lower minimum age. Gives the age band kept for statistics.' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address, up to 254 characters.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number: French as dialled in France (06 12 34 56 78; overseas too: 0690 12 34 56 is Guadeloupe\'s +590) or international with its country code (+32 2 555 12 12, 0032 2 555 12 12); spaces, dots, dashes and parentheses allowed, no letters. Stored and answered in E.164 (+33612345678).' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address of residence, up to 500 characters.' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: '5 digits; one of the commune\'s when both are given.' })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the commune of residence: gives the département kept for statistics.' })
  communeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Counsellor\'s notes, up to 5,000 characters.' })
  notes?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'RQTH (reconnaissance de la qualité de travailleur handicapé): sensitive. False when left out at registration; cannot be null.' })
  rqth?: boolean | null;
}

@InputType('RegisterParticipantInput', { description: 'A person your structure will follow: it becomes the referent structure, you the referent counsellor.' })
class RegisterParticipantInput extends ParticipantFieldsInput {
  @Field({ description: 'First name (prénom), 1 to 100 characters.' })
  firstName!: string;

  @Field({ description: 'Last name (nom), 1 to 100 characters.' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first participant and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@InputType('UpdateParticipantInput', { description: 'Changes to a participant your structure follows: fields left out stay, null clears an optional field.' })
class UpdateParticipantInput extends ParticipantFieldsInput {
  @Field(() => ID, { description: 'Global id of the participant.' })
  participantId!: string;

  @Field(() => String, { nullable: true, description: 'Cannot be null.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Cannot be null.' })
  lastName?: string | null;
}

@InputType('EraseParticipantInput', { description: 'A participant whose personal data its referent structure erases (GDPR): the record stays, anonymous.' })
class EraseParticipantInput {
  @Field(() => ID, { description: 'Global id of the participant.' })
  participantId!: string;
}

const participantId = (input: { participantId: string }) => idOf('Participant', input.participantId, 'input.participantId');

@Resolver()
export class ParticipantMutationResolver {
  @Mutation(() => ParticipantPayload, { description: 'Structure staff register a participant their structure will follow.' })
  async registerParticipant(@Arg('input', INPUT_ARG) input: RegisterParticipantInput, @Ctx() ctx: GraphQLContext): Promise<ParticipantPayload> {
    const id = await registerParticipant(ctx.em, ctx.viewer, { ...input });
    return { participant: await reloaded(ctx.loaders.visibleParticipant, id) };
  }

  @Mutation(() => ParticipantPayload, { description: 'The referent structure updates personal data.' })
  async updateParticipant(@Arg('input', INPUT_ARG) input: UpdateParticipantInput, @Ctx() ctx: GraphQLContext): Promise<ParticipantPayload> {
    const id = await updateParticipant(ctx.em, ctx.viewer, { ...input, participantId: participantId(input) });
    return { participant: await reloaded(ctx.loaders.visibleParticipant, id) };
  }

  @Mutation(() => ParticipantPayload, {
    description: 'GDPR erasure: personal data is deleted; the anonymous record (age band, département) and its referrals stay for statistics. Open referrals are cancelled. Erasing again is an INVALID_TRANSITION.',
  })
  async eraseParticipant(@Arg('input', INPUT_ARG) input: EraseParticipantInput, @Ctx() ctx: GraphQLContext): Promise<ParticipantPayload> {
    const id = await eraseParticipant(ctx.em, ctx.viewer, { participantId: participantId(input) });
    return { participant: await reloaded(ctx.loaders.visibleParticipant, id) };
  }
}
