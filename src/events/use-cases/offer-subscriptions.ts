import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, type Viewer } from '../../access';
import { OfferSubscription, type OfferFilterData } from '../entities/offer-subscription';
import { BadInputError, NotFoundError } from '../../common/errors';
import { validateOfferEventFilter } from '../rules/offer-event-filter';
import { inTransaction } from '../../db/transaction';
import { parseInput, text, z } from '../../common/validate';

/** How many stored subscriptions one account may keep. */
export const MAX_OFFER_SUBSCRIPTIONS = 50;

const SubscribeInput = z.object({ name: text(100), filter: z.record(z.unknown()) });

/**
 * A partner records what it wants pushed (`offerFeed`): a named filter. The same name replaces the filter.
 * Every authenticated account may keep its own subscriptions: they only ever deliver public offers.
 */
export function subscribeToOffers(em: EntityManager, viewer: Viewer, raw: { name: string; filter: OfferFilterData }): Promise<number> {
  const input = parseInput(SubscribeInput, raw);
  const filter = validateOfferEventFilter(raw.filter, 'input.filter');
  return inTransaction(
    em,
    async (tx) => {
      const existing = await tx.findOne(OfferSubscription, { account: viewer.accountId, name: input.name });
      if (existing) {
        existing.filter = filter;
        await tx.flush();
        return existing.id;
      }
      if ((await tx.count(OfferSubscription, { account: viewer.accountId })) >= MAX_OFFER_SUBSCRIPTIONS) {
        throw new BadInputError('input.name', `would exceed the ${MAX_OFFER_SUBSCRIPTIONS} stored subscriptions an account may keep`);
      }
      const created = tx.create(OfferSubscription, { account: tx.getReference(Account, viewer.accountId), name: input.name, filter });
      await tx.flush();
      return created.id;
    },
    'input.name',
  );
}

/** Removes one of the viewer's stored subscriptions. */
export function unsubscribeFromOffers(em: EntityManager, viewer: Viewer, subscriptionId: number): Promise<number> {
  return inTransaction(em, async (tx) => {
    const deleted = await tx.nativeDelete(OfferSubscription, { id: subscriptionId, account: viewer.accountId });
    if (deleted === 0) throw new NotFoundError('input.subscriptionId', 'offer subscription of yours');
    return subscriptionId;
  });
}

export interface OfferSubscriptionRow {
  id: number;
  name: string;
  filter: OfferFilterData;
  createdAt: string;
}

/** The viewer's stored subscriptions, oldest first. */
export async function offerSubscriptionsOf(em: EntityManager, accountId: number): Promise<OfferSubscriptionRow[]> {
  return em.getConnection().execute<OfferSubscriptionRow[]>(
    'select id, name, filter, created_at as "createdAt" from offer_subscription where account_id = ? order by id',
    [accountId],
  );
}
