import { Field, Int, ObjectType } from 'type-graphql';
import { Connection, Node } from '../../graphql/connections';
import { SessionType } from './session.types';

@ObjectType()
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
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}
