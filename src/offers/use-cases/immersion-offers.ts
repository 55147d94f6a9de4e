import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, CompanyMembership } from '../../network';
import { findProgrammeForLink, offerLinkProblem } from '../../programmes';
import { ImmersionOffer, MAX_IMMERSION_PRESENCE_DAYS } from '../entities/immersion-offer';
import { ImmersionObjective } from '../rules/immersion-objective';
import { OfferStatus } from '../rules/offer-status';
import { canMoveOffer } from '../rules/offer-transitions';
import { ReferralStatus, CancellationReason, statusesMovingTo, cancelAll, lockReferralsOf, saveReferrals } from '../../referrals';
import { daysBetween, todayInFrance } from '../../common/local-date';
import { plannedDayProblem } from '../../common/planning-horizon';
import { emitOfferPublished } from './offer-published-event';
import { BadInputError, InvalidTransitionError, NotFoundError } from '../../common/errors';
import { type Viewer, actingCompanyId, requireCompanyMember } from '../../access';
import { requireVisibleOffer } from './require-visible-offer';
import { minimumAgeInput } from '../../participants';
import { onceForKey } from '../../db/idempotency';
import { locationInput, resolveLocation } from '../../territories';
import { requireAppellation, requireMetiers, romeCode } from '../../metiers';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, localDate, optionalText, parseInput, text, z } from '../../common/validate';

const { DRAFT, PUBLISHED, CLOSED } = OfferStatus;

/** An availability window is published for a year at most: beyond, nobody can say the company will still host. */
export const MAX_OFFER_WINDOW_DAYS = 365;
export const MAX_OFFER_POSITIONS = 100;

/**
 * Referrals a closed offer ends: those still waiting for the host's yes (PENDING, WAITLISTED), as nobody can be
 * accepted any more. ACCEPTED ones stay: the immersion was agreed and goes on (attendance, outcome). A function, not
 * a constant: capabilities import each other in a cycle, so the referral rules may not be loaded yet at this point.
 */
const endedByClosing = () => statusesMovingTo(ReferralStatus.ACCEPTED);

const id = z.number().int().positive();

/** The input of createImmersionOffer: it validates, and gives the GraphQL input its fields and descriptions. */
export const CreateOfferInput = z
  .object({
    companyId: id.nullish().describe('The offering company: network admins only (required for them); company staff create for their own company.'),
    metierCode: romeCode.describe('ROME fiche of the immersion (F1701).'),
    appellationCode: z.number().int().positive('must be an OGR code').nullish().describe('OGR code of an appellation of that fiche (12680 "Coffreur bancheur / Coffreuse bancheuse").'),
    objective: z.nativeEnum(ImmersionObjective).describe('Say it plainly: people otherwise read an immersion as a job offer.'),
    title: text(200).describe('Up to 200 characters.'),
    description: optionalText(5000).describe('Up to 5,000 characters.'),
    availableFrom: localDate.describe('First day the company can host: today (in France) or later, at most two years ahead.'),
    availableUntil: localDate.describe('Last day the company can host: at most 365 days after the first, and at most two years ahead.'),
    maxPresenceDays: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(MAX_IMMERSION_PRESENCE_DAYS, `must be at most ${MAX_IMMERSION_PRESENCE_DAYS} (a PMSMP lasts at most ${MAX_IMMERSION_PRESENCE_DAYS} days of presence)`)
      .describe('Longest immersion proposed, in days of presence: 1 to 30 (PMSMP rule), within the window.'),
    positions: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(MAX_OFFER_POSITIONS, `must be at most ${MAX_OFFER_POSITIONS}`)
      .describe('How many people the company can host over the window, 1 to 100.'),
    minimumAge: minimumAgeInput.describe('Minimum age of the person hosted on the first day of the window, 14 (school discovery) to 99; 16 when left out. Checked against the birth date at referral.'),
    programmeId: id
      .nullish()
      .describe('The programme the offer counts in: one of a club the company is a member of, whose period overlaps the availability window.'),
    ...locationInput,
    idempotencyKey: idempotencyKey.describe('Replaying the same key returns the first offer and creates nothing; the same key with another input is a CONFLICT.'),
  })
  .superRefine((i, ctx) => {
    const today = todayInFrance();
    const windowDays = daysBetween(i.availableFrom, i.availableUntil) + 1;
    const fromProblem = plannedDayProblem(i.availableFrom, today);
    const untilProblem = plannedDayProblem(i.availableUntil, today);
    if (fromProblem) ctx.addIssue({ code: 'custom', path: ['availableFrom'], message: fromProblem });
    else if (i.availableUntil < i.availableFrom) ctx.addIssue({ code: 'custom', path: ['availableUntil'], message: 'must be on or after input.availableFrom' });
    else if (windowDays > MAX_OFFER_WINDOW_DAYS) ctx.addIssue({ code: 'custom', path: ['availableUntil'], message: `must be at most ${MAX_OFFER_WINDOW_DAYS} days from input.availableFrom` });
    else if (untilProblem) ctx.addIssue({ code: 'custom', path: ['availableUntil'], message: untilProblem });
    // An immersion of N days of presence must fit in the window.
    else if (i.maxPresenceDays > windowDays) ctx.addIssue({ code: 'custom', path: ['maxPresenceDays'], message: `must fit in the availability window (${windowDays} days)` });
  });

export type CreateImmersionOfferInput = z.input<typeof CreateOfferInput>;

/**
 * A company (a network admin names it) creates a DRAFT PMSMP offer in a ROME fiche, optionally one of its
 * appellations. Without a commune, the immersion takes place at the company's address. The same idempotency key
 * replayed returns the first offer.
 */
export function createImmersionOffer(em: EntityManager, viewer: Viewer, raw: CreateImmersionOfferInput): Promise<number> {
  const input = parseInput(CreateOfferInput, raw);
  const companyId = actingCompanyId(viewer, input.companyId, 'create immersion offers');
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createImmersionOffer', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      const company = await tx.findOne(Company, companyId);
      if (!company) throw new NotFoundError('input.companyId', 'company');
      const [metier] = await requireMetiers(tx, [input.metierCode], 'input.metierCode');
      const appellation = input.appellationCode != null ? await requireAppellation(tx, input.appellationCode, input.metierCode, 'input.appellationCode') : null;
      const offer = tx.create(ImmersionOffer, {
        company,
        metier: metier!,
        appellation,
        objective: input.objective,
        title: input.title,
        description: input.description,
        availableFrom: input.availableFrom,
        availableUntil: input.availableUntil,
        maxPresenceDays: input.maxPresenceDays,
        positions: input.positions,
        minimumAge: input.minimumAge,
        status: DRAFT,
        ...(await resolveLocation(tx, input, company)),
      });
      if (input.programmeId != null) {
        // An offer counts in a programme of a club its company belongs to, overlapping the programme's period.
        const programme = await findProgrammeForLink(tx, input.programmeId, 'input.programmeId');
        const member = (await tx.count(CompanyMembership, { company, structure: programme.structure })) > 0;
        const problem = offerLinkProblem(programme, member, input.availableFrom, input.availableUntil);
        if (problem) throw new BadInputError('input.programmeId', problem);
        offer.programme = programme;
      }
      await tx.flush();
      return offer.id;
    }),
  );
}

const OfferIdInput = z.object({ immersionOfferId: id });

/** The offer, or NOT_FOUND naming input.immersionOfferId. */
async function findOffer(tx: EntityManager, offerId: number, lock = false): Promise<ImmersionOffer> {
  const offer = await tx.findOne(ImmersionOffer, offerId, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!offer) throw new NotFoundError('input.immersionOfferId', 'immersion offer');
  return offer;
}

/** The company publishes a DRAFT whose window is not over; subscribers are told. */
export async function publishImmersionOffer(em: EntityManager, viewer: Viewer, raw: z.input<typeof OfferIdInput>): Promise<number> {
  const input = parseInput(OfferIdInput, raw);
  await requireVisibleOffer(em, viewer, input.immersionOfferId);
  return inTransaction(em, async (tx) => {
    const offer = await findOffer(tx, input.immersionOfferId, true);
    requireCompanyMember(viewer, offer.company.id, 'publish this immersion offer');
    if (!canMoveOffer(offer.status, PUBLISHED)) throw new InvalidTransitionError('this immersion offer', offer.status, PUBLISHED, 'input.immersionOfferId');
    if (offer.availableUntil < todayInFrance()) throw new BadInputError('input.immersionOfferId', `is an offer whose availability window ended on ${offer.availableUntil}`);
    offer.status = PUBLISHED;
    offer.publishedAt = new Date();
    await tx.flush();
    await emitOfferPublished(tx, offer.id);
    return offer.id;
  });
}

const CloseOfferInput = OfferIdInput.extend({ reason: optionalText(2000) });

/**
 * The company closes a PUBLISHED offer (position filled, no more capacity...): its pending and waitlisted
 * referrals are cancelled with OFFER_CLOSED and the reason, in their log; accepted immersions go on.
 */
export async function closeImmersionOffer(em: EntityManager, viewer: Viewer, raw: z.input<typeof CloseOfferInput>): Promise<number> {
  const input = parseInput(CloseOfferInput, raw);
  await requireVisibleOffer(em, viewer, input.immersionOfferId);
  return inTransaction(em, async (tx) => {
    requireCompanyMember(viewer, (await findOffer(tx, input.immersionOfferId)).company.id, 'close this immersion offer');
    // Referrals first, then the offer: the lock order of the referral use cases (see lockReferralsOf).
    await lockReferralsOf(tx, { immersionOfferId: input.immersionOfferId }, endedByClosing());
    const offer = await findOffer(tx, input.immersionOfferId, true);
    // A referral made while we waited for the offer lock (referParticipant holds it FOR SHARE) is open too.
    const referrals = await lockReferralsOf(tx, { immersionOfferId: input.immersionOfferId }, endedByClosing());
    if (!canMoveOffer(offer.status, CLOSED)) throw new InvalidTransitionError('this immersion offer', offer.status, CLOSED, 'input.immersionOfferId');
    offer.status = CLOSED;
    await cancelAll(tx, referrals, viewer, CancellationReason.OFFER_CLOSED, input.reason);
    await saveReferrals(tx);
    return offer.id;
  });
}
