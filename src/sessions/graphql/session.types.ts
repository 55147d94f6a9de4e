import { Field, Int, ObjectType } from 'type-graphql';
import { HostConfirmation } from '../rules/host-confirmation';
import { SessionKind } from '../rules/session-kind';
import { SessionStatus } from '../rules/session-status';
import { LocatedType } from '../../territories';
import { Node } from '../../graphql/connections';
import { DateTime } from '../../graphql/scalars';

@ObjectType('MeetingPoint', { description: 'Where the group meets before the visit, when it is not the visited site.', simpleResolvers: true })
export class MeetingPointType {
  @Field({ description: 'A name people recognise ("Café de la Gare").' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'Its street address and town.' })
  address!: string | null;
}

@ObjectType('Session', {
  implements: [Node, LocatedType],
  description: 'A dated event with seats, run by a structure and often hosted by a company (or a structure with a SIRET: an MFR, an SIAE): company visit, "Ambassadeurs des métiers", rallye, job dating... A published session with seats left is a visit slot.',
  simpleResolvers: true,
})
export class SessionType {
  @Field(() => SessionKind, { description: 'What happens during the session.' })
  kind!: SessionKind;

  @Field({ description: 'Its title, as shown to participants (up to 200 characters).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What participants will see and do (up to 5,000 characters); null when not given.' })
  description!: string | null;

  @Field(() => DateTime, { description: 'When it starts (an instant, output in UTC).' })
  startsAt!: Date;

  @Field(() => DateTime, { description: 'When it ends (an instant, output in UTC); after startsAt.' })
  endsAt!: Date;

  @Field(() => Int, { description: 'Number of seats.' })
  capacity!: number;

  @Field(() => Int, { description: 'Seats held by accepted (or attended) referrals.' })
  seatsTaken!: number;

  @Field(() => Int, { description: 'Minimum age of participants on the start day (16 unless said otherwise; from 14 for school discovery visits), checked at referral.' })
  minimumAge!: number;

  @Field(() => Int, { nullable: true, description: 'Smallest group worth holding (`capacity` is the largest); null: no minimum.' })
  minimumSize!: number | null;

  @Field(() => SessionStatus, { description: 'Where the session stands: DRAFT, PUBLISHED, FULL, HELD, COMPLETED or CANCELLED.' })
  status!: SessionStatus;

  @Field(() => DateTime, { nullable: true, description: 'When it was published; null while a draft, or cancelled before it was published.' })
  publishedAt!: Date | null;

  @Field(() => HostConfirmation, {
    description: 'Whether the host (company or structure) agreed to host the session (NOT_REQUIRED without one). A session with a host is published only once CONFIRMED, and only confirmed sessions count in a host company\'s SESSIONS_HOSTED commitments.',
  })
  hostConfirmation!: HostConfirmation;

  @Field(() => DateTime, { nullable: true, description: 'When the host last confirmed or declined; null when it has not answered, or when its standing hosting agreement confirmed the session.' })
  hostRespondedAt!: Date | null;
}
