import type { EntityManager } from '@mikro-orm/postgresql';
import { emitEvent, OutboxEventType } from '../../events';
import { entityColumns } from '../../db/entity-columns';
import { criteriaPayloadSql } from '../../db/criteria-sql';
import { ImmersionOffer } from '../entities/immersion-offer';
import { OFFER_CRITERIA } from '../rules/offer-criteria';

/**
 * An immersion offer went public: its public matching fields (location, métier, and the properties OFFER_CRITERIA
 * declares for subscriptions), in the caller's transaction.
 */
export async function emitOfferPublished(tx: EntityManager, offerId: number): Promise<void> {
  const criteria = criteriaPayloadSql(OFFER_CRITERIA, entityColumns(tx, ImmersionOffer, 'o'));
  const [row] = await tx.getConnection().execute<Record<string, unknown>[]>(
    `select o.id as "immersionOfferId", ${criteria}, o.company_id as "companyId", o.departement_code as "departementCode",
            o.commune_code as "communeCode", o.latitude, o.longitude, array[o.metier_code] as "metierCodes"
     from immersion_offer o where o.id = ?`,
    [offerId],
    'all',
    tx.getTransactionContext(),
  );
  if (row) await emitEvent(tx, OutboxEventType.IMMERSION_OFFER_PUBLISHED, offerId, row);
}
