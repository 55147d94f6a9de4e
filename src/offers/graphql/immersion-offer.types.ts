import { Field, Int, ObjectType } from 'type-graphql';
import { ImmersionObjective } from '../rules/immersion-objective';
import { OfferStatus } from '../rules/offer-status';
import { LocatedType } from '../../territories';
import { Node } from '../../graphql/connections';
import { DateTime, LocalDate } from '../../graphql/scalars';

@ObjectType('ImmersionOffer', {
  implements: [Node, LocatedType],
  description: 'A company\'s offer of a période de mise en situation en milieu professionnel (PMSMP): a few days of immersion in a métier. Not a job offer: see `objective`.',
  simpleResolvers: true,
})
export class ImmersionOfferType {
  @Field(() => ImmersionObjective, { description: 'What the immersion is for: discover a métier, confirm a project, or start a recruitment.' })
  objective!: ImmersionObjective;

  @Field({ description: 'Its title, as shown to participants (up to 200 characters).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the person will see and do (up to 5,000 characters); null when not given.' })
  description!: string | null;

  @Field(() => LocalDate, { description: 'First day the company can host.' })
  availableFrom!: string;

  @Field(() => LocalDate, { description: 'Last day the company can host.' })
  availableUntil!: string;

  @Field(() => Int, { description: 'Longest immersion proposed, in days of presence (at most 30).' })
  maxPresenceDays!: number;

  @Field(() => Int, { description: 'How many people the company can host over the window.' })
  positions!: number;

  @Field(() => Int, { description: 'Minimum age of the person hosted on the first day of the window (16 unless said otherwise; from 14 for school discovery), checked at referral.' })
  minimumAge!: number;

  @Field(() => OfferStatus, { description: 'Where the offer stands: DRAFT, PUBLISHED or CLOSED.' })
  status!: OfferStatus;

  @Field(() => DateTime, { nullable: true, description: 'When it was published; null while a draft.' })
  publishedAt!: Date | null;
}
