import { Field, ObjectType } from 'type-graphql';
import { DateTime } from '../../graphql/scalars';
import { ListItems } from '../../graphql/list-size';
import { DebriefSide } from '../rules/debrief-side';
import { DebriefWish } from '../rules/debrief-wish';
import { MetierInterest } from '../rules/metier-interest';

@ObjectType('DebriefInterest', { description: 'The interest a participant showed in one métier of the session.', simpleResolvers: true })
export class DebriefInterestType {
  @Field({ description: 'ROME code of the métier (one of the session\'s).' })
  metierCode!: string;

  // `metier` is resolved in debrief.resolver.ts, through the request's loader.

  @Field(() => MetierInterest, { description: 'Yes, maybe or no.' })
  interest!: MetierInterest;
}

@ObjectType('Debrief', {
  description:
    'What the organiser\'s animator or the host company saw of a participant at a session (débriefing). Read in full by the prescribing and referent structures and network admins; by the organiser or the host only what its own structure or company wrote; by the participant only if shared with them; never by portals.',
  simpleResolvers: true,
})
export class DebriefType {
  @Field(() => DebriefSide, { description: 'Who wrote it: the session\'s organiser or its host company (one debrief each per referral).' })
  side!: DebriefSide;

  // `comment`, `authorStructure`, `authorCompany` are resolved in debrief.resolver.ts (the comment is audited).

  @Field(() => [DebriefInterestType], { description: 'The interest shown in each métier of the session, by ROME code.' })
  @ListItems(10)
  interests!: DebriefInterestType[];

  @Field(() => [DebriefWish], { description: 'What the participant wishes to do next (each at most once; empty: nothing yet).' })
  wishes!: DebriefWish[];

  @Field({ description: 'Whether its author shares it with the participant (who then reads it).' })
  sharedWithParticipant!: boolean;

  @Field(() => DateTime, { description: 'When it was first recorded.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When it was last rewritten (recordDebrief again by the same side).' })
  updatedAt!: Date;
}
