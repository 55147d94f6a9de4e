import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { notePersonalDataRead } from '../../access';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf } from '../../graphql/global-id';
import { ImmersionOfferType, type ImmersionOfferRow } from '../../offers';
import { ParticipantType, type ParticipantRow } from '../../participants';
import { ReferralFollowUpType, ReferralTransitionType, ReferralType } from './referral.types';
import type { FollowUpRow } from '../queries/follow-ups';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { DateTime } from '../../graphql/scalars';
import { SessionType, type SessionRow } from '../../sessions';
import { StructureType, type StructureRow } from '../../network';
import { ReferralStatus } from '../rules/referral-status';
import { listReferrals } from '../queries/referrals';
import type { ProjectedReferral, ProjectedTransition } from '../rules/referral-access';
import { ListItems } from '../../graphql/list-size';
import { MAX_TRANSITIONS } from '../rules/referral-transitions';

@ObjectType({ description: 'A page of referrals.' })
class ReferralConnection extends Connection(ReferralType, 'A page of referrals.') {}

@InputType('ReferralFilter', { description: 'Which referrals (among those you may see); all conditions must hold.' })
class ReferralFilterInput {
  @Field(() => [ReferralStatus], { nullable: true, description: 'Referrals in any of these statuses (all when absent or empty).' })
  statuses?: ReferralStatus[] | null;

  @Field(() => [ID], { nullable: true, description: 'Referrals to any of these sessions (global ids).' })
  sessions?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Referrals to any of these immersion offers (global ids).' })
  immersionOffers?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Referrals of any of these participants (global ids).' })
  participants?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Referrals sent by any of these prescribing structures (global ids).' })
  prescriberStructures?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: referrals with a follow-up due or overdue and not recorded (the prescriber\'s to-do list); false: those without; absent: no condition. Hosts read no follow-up, so for them `true` lists nothing.',
  })
  followUpDue?: boolean | null;

  @Field(() => DateTime, { nullable: true, description: 'Referrals sent at or after this instant.' })
  createdFrom?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'Referrals sent before this instant.' })
  createdBefore?: Date | null;
}

@ArgsType()
class ReferralsArgs extends PageArgsType {
  @Field(() => ReferralFilterInput, { nullable: true, description: 'Which referrals; all you may see when absent.' })
  filter?: ReferralFilterInput | null;
}

@Resolver(() => ReferralType)
export class ReferralResolver {
  @Query(() => ReferralConnection, { description: 'Referrals you may see (as prescriber, referent, host or participant), newest first.' })
  async referrals(@Args() args: ReferralsArgs, @Ctx() ctx: GraphQLContext) {
    const { sessions, immersionOffers, participants, prescriberStructures, ...f } = args.filter ?? {};
    const filter = {
      ...f,
      sessionIds: idsOf('Session', sessions, 'filter.sessions'),
      immersionOfferIds: idsOf('ImmersionOffer', immersionOffers, 'filter.immersionOffers'),
      participantIds: idsOf('Participant', participants, 'filter.participants'),
      prescriberStructureIds: idsOf('Structure', prescriberStructures, 'filter.prescriberStructures'),
    };
    return toConnection(await listReferrals(ctx.em, ctx.viewer, filter, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => ParticipantType, { nullable: true, description: 'The person referred. Their personal data stays guarded.' })
  participant(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<ParticipantRow | null> {
    return ctx.loaders.participant.load(row.participantId);
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The prescribing structure (it keeps the follow-up).' })
  prescriberStructure(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.prescriberStructureId);
  }

  @FieldResolver(() => SessionType, { nullable: true, description: 'The session, for a referral to a session.' })
  session(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<SessionRow | null> | null {
    return row.sessionId === null ? null : ctx.loaders.session.load(row.sessionId);
  }

  @FieldResolver(() => ImmersionOfferType, { nullable: true, description: 'The immersion offer, for a referral to an offer.' })
  immersionOffer(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferRow | null> | null {
    return row.immersionOfferId === null ? null : ctx.loaders.immersionOffer.load(row.immersionOfferId);
  }

  @FieldResolver(() => [ReferralTransitionType], { description: 'Every status change, oldest first (their reasons are shown as the fields are: see `motive`, `refusalDetail`).' })
  @ListItems(MAX_TRANSITIONS)
  transitions(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<ProjectedTransition[]> {
    return ctx.loaders.transitionsByReferral.load(row);
  }

  @FieldResolver(() => [ReferralFollowUpType], {
    description: 'Its follow-ups at 3 and 6 months, once it is COMPLETED (empty before, and for referrals completed before follow-ups were kept); empty for the host, which reads none.',
  })
  @ListItems(2)
  followUps(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<FollowUpRow[]> {
    return ctx.loaders.followUpsByReferral.load(row);
  }

  // Free texts about a person: shaped by the read rules (src/referrals/rules/referral-access.ts), and each one that goes out
  // is a personal-data read, audited like `personalData` (audit.ts).

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why the prescriber refers this person (free text, personal data): read by the prescribing and referent structures, network admins and the participant; null for the host, and after erasure.',
  })
  motive(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): string | null {
    return audited(ctx, row.participantId, row.motive);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Free text of the refusal (required for OTHER); null for the participant when the host did not share it, and after erasure.' })
  refusalDetail(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): string | null {
    return audited(ctx, row.participantId, row.refusalDetail);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The prescriber\'s note on the outcome (free text, personal data): read as `motive` is.' })
  outcomeNote(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): string | null {
    return audited(ctx, row.participantId, row.outcomeNote);
  }
}

/** A free text about a participant, noted as a personal-data read when it goes out. */
function audited(ctx: GraphQLContext, participantId: number, text: string | null): string | null {
  if (text !== null) notePersonalDataRead(ctx, participantId);
  return text;
}

@Resolver(() => ReferralTransitionType)
export class ReferralTransitionResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why: a code, the system\'s words, or a free text (the motive, a refusal detail, a withdrawal or outcome note), shown as the referral\'s fields are.',
  })
  reason(@Root() line: ProjectedTransition, @Ctx() ctx: GraphQLContext): string | null {
    return line.freeText ? audited(ctx, line.participantId, line.reason) : line.reason;
  }
}

@Resolver(() => ReferralFollowUpType)
export class ReferralFollowUpResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The prescriber\'s note (free text, personal data, audited when read): read by whoever reads the follow-up; null after erasure.',
  })
  note(@Root() row: FollowUpRow, @Ctx() ctx: GraphQLContext): string | null {
    return audited(ctx, row.participantId, row.note);
  }
}
