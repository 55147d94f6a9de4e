import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { AddressInput } from '../../territories';
import { DateTime } from '../../graphql/scalars';
import { SessionType } from './session.types';
import { SessionKind } from '../rules/session-kind';
import { cancelSession, confirmSessionHosting, createSession, declineSessionHosting, publishSession } from '../use-cases/sessions';
import type { SessionRow } from '../queries/sessions';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';
import { NoShowParty } from '../../referrals';
import { recordSessionAttendance } from '../use-cases/session-course';
import { ATTENDANCE_WINDOW_DAYS } from '../rules/session-course';

@ObjectType('SessionPayload', { description: 'The session after the change.', simpleResolvers: true })
class SessionPayload {
  @Field(() => SessionType, { description: 'The session, as a query would show it to you now.' })
  session!: SessionRow;
}

@InputType('MeetingPointInput', { description: 'Where the group meets before the visit, when it is not the visited site.' })
class MeetingPointInput {
  @Field({ description: 'A name people recognise ("Café de la Gare", "the PLIE\'s office"), up to 200 characters.' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'Its street address and town, up to 300 characters.' })
  address?: string | null;
}

@InputType('CreateSessionInput', { description: 'A new session, created as a DRAFT: publish it to open referrals.' })
export class CreateSessionInput extends AddressInput {
  @Field(() => ID, { nullable: true, description: 'The organising structure: network admins only (required for them); others create for their own structure.' })
  organiserId?: string | null;

  @Field(() => SessionKind, { description: 'What happens during the session.' })
  kind!: SessionKind;

  @Field({ description: 'Up to 200 characters.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  description?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The company whose doors open; without a commune, the session takes place at its address. The company must confirm (hostConfirmation PENDING) before the session is published, unless it is a member of the organising club with a standing hosting agreement (CONFIRMED).',
  })
  hostCompanyId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Instead of a company, the structure whose doors open: an MFR or an SIAE (kinds MFR, ACI, ACIPHC, AI, EI, ETTI, EITI, EA, EATT, GEIQ) with a SIRET, not the organiser itself (BAD_USER_INPUT otherwise; with hostCompanyId too, BAD_USER_INPUT). Without a commune, the session takes place at its address. Its staff confirm (hostConfirmation PENDING until then) as a host company does.',
  })
  hostStructureId?: string | null;

  @Field(() => [String], { description: 'ROME fiches the session is about (F1701), 1 to 10.' })
  metierCodes!: string[];

  @Field(() => ID, { nullable: true, description: 'The programme the session counts in: one of the organiser\'s, running on the day the session starts.' })
  programmeId?: string | null;

  @Field(() => DateTime, { description: 'In the future, at most two years ahead.' })
  startsAt!: Date;

  @Field(() => DateTime, { description: 'After the start, at most 14 days later.' })
  endsAt!: Date;

  @Field(() => Int, { description: 'Number of seats, 1 to 500.' })
  capacity!: number;

  @Field(() => Int, { nullable: true, description: 'Minimum age of participants on the start day, 14 (school discovery visits) to 99; 16 when left out. Checked against the birth date at referral.' })
  minimumAge?: number | null;

  @Field(() => Int, { nullable: true, description: 'Smallest group worth holding, 1 to `capacity` (the largest); none when left out. A session under it 48 hours before its start is flagged `underMinimum` to its organiser.' })
  minimumSize?: number | null;

  @Field(() => MeetingPointInput, { nullable: true, description: 'Where the group meets, when it is not the visited site (the session\'s address).' })
  meetingPoint?: MeetingPointInput | null;

  @Field(() => [ID], { nullable: true, description: 'Accounts of structure counsellors who go along with the group (admins or staff of a structure, active), up to 5.' })
  counsellorAccountIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first session and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@InputType('SessionIdInput', { description: 'The session the operation applies to.' })
class SessionIdInput {
  @Field(() => ID, { description: 'Global id of the session.' })
  sessionId!: string;
}

@InputType('CancelSessionInput', { description: 'The session to cancel before it starts (its organiser): its referrals are cancelled with it.' })
class CancelSessionInput extends SessionIdInput {
  @Field(() => String, { nullable: true, description: 'Why: written in the log of every referral cancelled with the session.' })
  reason?: string | null;
}

@InputType('DeclineSessionHostingInput', { description: 'The host (company or structure) declines, or withdraws its confirmation of, a session it was named host of.' })
class DeclineSessionHostingInput extends SessionIdInput {
  @Field(() => String, {
    nullable: true,
    description: 'Why, up to 2,000 characters: read by the organiser (hostDeclineReason); when a published session is cancelled, also written in the log of each referral cancelled with it.',
  })
  reason?: string | null;
}

@InputType('SessionAttendanceInput', { description: 'Whether one participant, referred and accepted, came.' })
class SessionAttendanceInput {
  @Field(() => ID, { description: 'A referral accepted to the session.' })
  referralId!: string;

  @Field({ description: 'true: ATTENDED; false: NO_SHOW.' })
  attended!: boolean;

  @Field(() => NoShowParty, { nullable: true, description: 'Who missed it; required when attended is false, empty otherwise.' })
  noShowParty?: NoShowParty | null;
}

@InputType('RecordSessionAttendanceInput', { description: 'Who came to a held session.' })
class RecordSessionAttendanceInput extends SessionIdInput {
  @Field(() => [SessionAttendanceInput], { description: '1 to 500 referrals of the session, each once.' })
  attendances!: SessionAttendanceInput[];
}

/** The use case's input (global ids decoded): createSession, and series and multi-site events, whose `at` is their path. */
export function sessionInputOf(input: CreateSessionInput, at = 'input') {
  return {
      ...input,
      organiserId: input.organiserId != null ? idOf('Structure', input.organiserId, `${at}.organiserId`) : null,
      hostCompanyId: input.hostCompanyId != null ? idOf('Company', input.hostCompanyId, `${at}.hostCompanyId`) : null,
      hostStructureId: input.hostStructureId != null ? idOf('Structure', input.hostStructureId, `${at}.hostStructureId`) : null,
      programmeId: input.programmeId != null ? idOf('Programme', input.programmeId, `${at}.programmeId`) : null,
      counsellorAccountIds: input.counsellorAccountIds?.map((accountId, i) => idOf('Account', accountId, `${at}.counsellorAccountIds[${i}]`)),
      meetingPoint: input.meetingPoint ? { ...input.meetingPoint } : null,
  };
}

const sessionId = (input: SessionIdInput) => idOf('Session', input.sessionId, 'input.sessionId');

@Resolver()
export class SessionMutationResolver {
  @Mutation(() => SessionPayload, { description: 'Structure staff create a session (status DRAFT) for their structure.' })
  async createSession(@Arg('input', INPUT_ARG) input: CreateSessionInput, @Ctx() ctx: GraphQLContext): Promise<SessionPayload> {
    const id = await createSession(ctx.em, ctx.viewer, sessionInputOf(input));
    return { session: await reloaded(ctx.loaders.session, id) };
  }

  @Mutation(() => SessionPayload, {
    description: 'The organiser publishes a draft: it becomes a visit slot (PUBLISHED, or FULL without seats left) and subscribers are told. A session with a host (company or structure) is published only once the host confirmed (INVALID_TRANSITION otherwise).',
  })
  async publishSession(@Arg('input', INPUT_ARG) input: SessionIdInput, @Ctx() ctx: GraphQLContext): Promise<SessionPayload> {
    const id = await publishSession(ctx.em, ctx.viewer, { sessionId: sessionId(input) });
    return { session: await reloaded(ctx.loaders.session, id) };
  }

  @Mutation(() => SessionPayload, { description: 'The organiser cancels a session before it starts; its open referrals are cancelled (SESSION_CANCELLED), each with a line in its log.' })
  async cancelSession(@Arg('input', INPUT_ARG) input: CancelSessionInput, @Ctx() ctx: GraphQLContext): Promise<SessionPayload> {
    const id = await cancelSession(ctx.em, ctx.viewer, { sessionId: sessionId(input), reason: input.reason });
    return { session: await reloaded(ctx.loaders.session, id) };
  }

  @Mutation(() => SessionPayload, {
    description: 'The host company or host structure (its admins and staff, or a network admin) agrees to host a session it was named host of: hostConfirmation PENDING or DECLINED → CONFIRMED, before the session starts. The organiser may then publish it.',
  })
  async confirmSessionHosting(@Arg('input', INPUT_ARG) input: SessionIdInput, @Ctx() ctx: GraphQLContext): Promise<SessionPayload> {
    const id = await confirmSessionHosting(ctx.em, ctx.viewer, { sessionId: sessionId(input) });
    return { session: await reloaded(ctx.loaders.session, id) };
  }

  @Mutation(() => SessionPayload, {
    description: 'The host company or host structure (its admins and staff, or a network admin) declines a session it was named host of, or withdraws its confirmation, before the session starts: hostConfirmation → DECLINED. A draft can then not be published; a published session is cancelled, with its open referrals (SESSION_CANCELLED).',
  })
  async declineSessionHosting(@Arg('input', INPUT_ARG) input: DeclineSessionHostingInput, @Ctx() ctx: GraphQLContext): Promise<SessionPayload> {
    const id = await declineSessionHosting(ctx.em, ctx.viewer, { sessionId: sessionId(input), reason: input.reason });
    return { session: await reloaded(ctx.loaders.session, id) };
  }

  @Mutation(() => SessionPayload, {
    description: `The organiser records who came to a HELD session (past its end), within ${ATTENDANCE_WINDOW_DAYS} days of its end: each referral ACCEPTED → ATTENDED or NO_SHOW, all or nothing. Once every accepted referral has its answer, the session is COMPLETED. The same answers sent again change nothing.`,
  })
  async recordSessionAttendance(@Arg('input', INPUT_ARG) input: RecordSessionAttendanceInput, @Ctx() ctx: GraphQLContext): Promise<SessionPayload> {
    const id = await recordSessionAttendance(ctx.em, ctx.viewer, {
      sessionId: sessionId(input),
      attendances: input.attendances.map((a, i) => ({ ...a, referralId: idOf('Referral', a.referralId, `input.attendances[${i}].referralId`) })),
    });
    return { session: await reloaded(ctx.loaders.session, id) };
  }
}
