import type { OutboxEventType } from '../entities/outbox-event';
import type { OutboxEventRow } from '../outbox-reader';
import { accountKeys } from '../subscriber-index';
import { BadInputError } from '../../common/errors';
import type { GraphQLContext } from '../../graphql/context';
import { toGraphQLError } from '../../graphql/errors';
import { eventStream, parseEventCursor } from './event-stream';

/**
 * The events of the given types that concern the viewer's own account (`data.accountId`), for a subscription's
 * `subscribe`: replayed after `after`, then live, as any event stream. Filed under the account in the relay's
 * fan-out index, so an event is offered to its account's subscribers only.
 */
export function accountEventStream(context: GraphQLContext, after: string | null | undefined, types: readonly OutboxEventType[]): AsyncIterableIterator<OutboxEventRow> {
  if (!context.channel) throw toGraphQLError(new BadInputError('subscription', 'needs a graphql-ws connection on /graphql'));
  let from: number | null;
  try {
    from = parseEventCursor(after);
  } catch {
    throw toGraphQLError(new BadInputError('after', 'is not an event cursor'));
  }
  const { accountId } = context.viewer;
  return eventStream({
    channel: context.channel, em: () => context.em, after: from, types,
    test: (event) => Number(event.data.accountId) === accountId,
    keys: accountKeys(accountId),
  });
}
