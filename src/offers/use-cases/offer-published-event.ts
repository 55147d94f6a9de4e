import type { EntityManager } from '@mikro-orm/postgresql';
import { emitEvent, OutboxEventType } from '../../events';

/** An immersion offer went public: its public matching fields, in the caller's transaction. */
export async function emitOfferPublished(tx: EntityManager, offerId: number): Promise<void> {
  const [row] = await tx.getConnection().execute<Record<string, unknown>[]>(
    `select o.id as "immersionOfferId", o.objective, o.company_id as "companyId", o.departement_code as "departementCode",
            o.commune_code as "communeCode", o.latitude, o.longitude, array[o.metier_code] as "metierCodes"
     from immersion_offer o where o.id = ?`,
    [offerId],
    'all',
    tx.getTransactionContext(),
  );
  if (row) await emitEvent(tx, OutboxEventType.IMMERSION_OFFER_PUBLISHED, offerId, row);
}
