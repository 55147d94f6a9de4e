import { Field, Int, ObjectType } from 'type-graphql';
import { Connection, Node } from '../../graphql/connections';
import { SessionType } from './session.types';

@ObjectType({ description: 'A page of the sessions of a group: a programme, a series, a multi-site event.' })
export class GroupedSessionConnection extends Connection(SessionType, 'A page of the sessions of a group: a programme, a series, a multi-site event.', 'GroupedSession') {}

@ObjectType('SessionSeries', {
  implements: Node,
  description: 'A series (série): one session repeated every N days or on a list of dates, each occurrence its own session with its own seats (the PLIE\'s visits every 15 days).',
  simpleResolvers: true,
})
export class SessionSeriesType {
  @Field(() => Int, { nullable: true, description: 'Days between two occurrences; null when the series was given as a list of dates.' })
  everyDays!: number | null;

  @Field(() => Int, { description: 'Occurrences created with the series.' })
  occurrences!: number;
}

@ObjectType('MultiSiteEvent', {
  implements: Node,
  description: 'A multi-site event (a rallye): several workshops or sites, each its own session with its host, place, times and seats. Refer participants to a workshop as to any session.',
  simpleResolvers: true,
})
export class MultiSiteEventType {
  @Field({ description: 'Title of the event (up to 200 characters).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the event is about (up to 5,000 characters); null when not given.' })
  description!: string | null;
}
