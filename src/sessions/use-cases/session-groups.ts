import type { EntityManager } from '@mikro-orm/postgresql';
import { Structure } from '../../network';
import { emitSessionSlot, hasPlaceLeft } from '../../referrals';
import { MultiSiteEvent } from '../entities/multi-site-event';
import { SessionSeries } from '../entities/session-series';
import type { Session } from '../entities/session';
import { HostConfirmation } from '../rules/host-confirmation';
import { SessionStatus } from '../rules/session-status';
import { sessionStatusForSeats } from '../rules/session-transitions';
import { firstUnorderedDate, MAX_SERIES_EVERY_DAYS, MAX_SERIES_OCCURRENCES, recurringStarts } from '../rules/session-recurrence';
import { CreateSessionInput, insertSession, type SessionGrouping } from './sessions';
import { BadInputError, NotFoundError, ServiceError } from '../../common/errors';
import { isNetworkAdmin, actingStructureId, type Viewer } from '../../access';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, optionalText, parseInput, text, z } from '../../common/validate';

/** A rallye holds up to 50 workshops (Deux-Sèvres: 35 in a département in one day). */
export const MAX_EVENT_WORKSHOPS = 50;

type SessionFields = z.output<typeof CreateSessionInput>;

/**
 * The session fields of one occurrence or workshop, validated as createSession validates them; a problem names the
 * field where the client wrote it (`input.workshops.2.capacity`, or `rename` for fields the series computed).
 */
function sessionFieldsAt(raw: Record<string, unknown>, at: string, rename: Record<string, string> = {}): SessionFields {
  try {
    return parseInput(CreateSessionInput, raw);
  } catch (error) {
    if (!(error instanceof BadInputError) || !error.field) throw error;
    const field = error.field;
    const problem = error.message.slice(field.length + 1);
    const relative = field.replace(/^input\.?/, '');
    throw new BadInputError(rename[relative] ?? (relative ? `${at}.${relative}` : at), problem);
  }
}

/** The organiser of a series or event: the viewer's structure, or the one a network admin names. */
function organiserOf(viewer: Viewer, named: number | null | undefined, what: string): number {
  if (isNetworkAdmin(viewer) && named == null) throw new BadInputError('input.organiserId', `is required when a network admin creates a ${what}`);
  return actingStructureId(viewer, named, `create a ${what}`);
}

/**
 * Publishes a session just written, as publishSession does: PUBLISHED (or FULL) once its host confirmed, and a visit
 * slot in the outbox for each published one. `field` names the input that asked for it.
 */
async function publishNew(tx: EntityManager, session: Session, field: string): Promise<void> {
  if (session.hostConfirmation !== HostConfirmation.NOT_REQUIRED && session.hostConfirmation !== HostConfirmation.CONFIRMED) {
    throw new ServiceError(
      'INVALID_TRANSITION',
      `${field}: the sessions cannot be published at once, their host ${session.hostCompany ? 'company' : 'structure'} has not confirmed hosting them (hostConfirmation ${session.hostConfirmation}); create them as drafts, and publish each once the host confirmed`,
      field,
    );
  }
  session.status = sessionStatusForSeats(SessionStatus.PUBLISHED, hasPlaceLeft(session.capacity, session.seatsTaken));
  session.publishedAt = new Date();
  await tx.flush();
  if (session.status === SessionStatus.PUBLISHED) await emitSessionSlot(tx, session.id, 'PUBLISHED');
}

// ——— series ———

const SeriesInput = z
  .object({
    recurrence: z
      .object({
        everyDays: z.number().int().min(1, 'must be at least 1').max(MAX_SERIES_EVERY_DAYS, `must be at most ${MAX_SERIES_EVERY_DAYS}`),
        count: z.number().int().min(1, 'must be at least 1').max(MAX_SERIES_OCCURRENCES, `must be at most ${MAX_SERIES_OCCURRENCES}`),
      })
      .nullish(),
    dates: z
      .array(z.date())
      .min(1, 'must hold at least 1 date')
      .max(MAX_SERIES_OCCURRENCES, `must hold at most ${MAX_SERIES_OCCURRENCES} dates`)
      .nullish(),
    publish: z.boolean().nullish(),
  })
  .superRefine((i, ctx) => {
    if ((i.recurrence == null) === (i.dates == null)) {
      ctx.addIssue({ code: 'custom', path: ['recurrence'], message: 'or input.dates is required, not both: every N days N times, or a list of dates' });
      return;
    }
    const unordered = i.dates ? firstUnorderedDate(i.dates) : -1;
    if (unordered > 0) ctx.addIssue({ code: 'custom', path: ['dates', unordered], message: `must be after input.dates.${unordered - 1}: dates in order, each once` });
  });

export type CreateSessionSeriesInput = z.input<typeof SeriesInput> & Record<string, unknown>;

/**
 * Creates a series in one transaction: one DRAFT session per occurrence (or PUBLISHED with `publish`, each a visit
 * slot in the outbox), each with its own seats, all validated as createSession validates one. Occurrences start
 * every `everyDays` days at the same Paris time as `startsAt` (`count` of them, the first at `startsAt`), or at each
 * of `dates`; each lasts as long as `startsAt` → `endsAt`. The same idempotency key replayed returns the first series.
 */
export function createSessionSeries(em: EntityManager, viewer: Viewer, raw: CreateSessionSeriesInput): Promise<number> {
  const series = parseInput(SeriesInput, raw);
  const first = parseInput(CreateSessionInput, raw);
  const organiserId = organiserOf(viewer, first.organiserId, 'series');
  const duration = first.endsAt.getTime() - first.startsAt.getTime();
  const starts = series.recurrence ? recurringStarts(first.startsAt, series.recurrence.everyDays, series.recurrence.count) : series.dates!;
  const occurrences = starts.map((startsAt, i) => {
    const at = series.recurrence ? 'input.recurrence.count' : `input.dates.${i}`;
    const problemAt = { startsAt: at, endsAt: at };
    return sessionFieldsAt({ ...raw, startsAt, endsAt: new Date(startsAt.getTime() + duration), idempotencyKey: null }, at, problemAt);
  });
  const fingerprint = { ...first, ...series, idempotencyKey: undefined, starts: starts.map((d) => d.toISOString()), startsAt: undefined, endsAt: undefined, duration };
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createSessionSeries', first.idempotencyKey, fingerprint, async () => {
      const organiser = await tx.findOne(Structure, organiserId);
      if (!organiser) throw new NotFoundError('input.organiserId', 'structure');
      const created = tx.create(SessionSeries, { organiser, everyDays: series.recurrence?.everyDays ?? null, occurrences: occurrences.length });
      await tx.flush();
      await insertAll(tx, organiserId, occurrences, { series: created }, series.publish === true, () => 'input');
      return created.id;
    }),
  );
}

/**
 * Writes the sessions of a series or an event, in order, and publishes them when asked. `at(i)` is where the client
 * wrote the fields of session i (`input.workshops.2`): a refusal names the field there.
 */
async function insertAll(
  tx: EntityManager,
  organiserId: number,
  inputs: readonly SessionFields[],
  grouping: SessionGrouping,
  publish: boolean,
  at: (i: number) => string,
): Promise<void> {
  for (const [i, input] of inputs.entries()) {
    try {
      const session = await insertSession(tx, organiserId, input, grouping);
      if (publish) await publishNew(tx, session, 'input.publish');
    } catch (error) {
      if (!(error instanceof ServiceError) || !error.field?.startsWith('input.') || error.field === 'input.publish' || at(i) === 'input') throw error;
      const field = `${at(i)}${error.field.slice('input'.length)}`;
      throw new ServiceError(error.code, error.message.replace(error.field, field), field);
    }
  }
}

// ——— multi-site events ———

const EventInput = z.object({
  organiserId: z.number().int().positive().nullish(),
  title: text(200),
  description: optionalText(5000),
  workshops: z
    .array(z.record(z.unknown()))
    .min(1, 'must hold at least 1 workshop')
    .max(MAX_EVENT_WORKSHOPS, `must hold at most ${MAX_EVENT_WORKSHOPS} workshops`),
  publish: z.boolean().nullish(),
  idempotencyKey,
});

export type CreateMultiSiteEventInput = z.input<typeof EventInput>;

/**
 * Creates a multi-site event (a rallye) and its workshops in one transaction: each workshop is a session of the
 * event's organiser, with its own host, place, times and seats, validated as createSession validates one (DRAFT, or
 * PUBLISHED with `publish`: a visit slot each). Workshops name no organiser of their own nor an idempotency key.
 */
export function createMultiSiteEvent(em: EntityManager, viewer: Viewer, raw: CreateMultiSiteEventInput): Promise<number> {
  const input = parseInput(EventInput, raw);
  const organiserId = organiserOf(viewer, input.organiserId, 'multi-site event');
  const workshops = input.workshops.map((w, i) => {
    const at = `input.workshops.${i}`;
    if (w.organiserId != null && w.organiserId !== organiserId) throw new BadInputError(`${at}.organiserId`, 'must be left out or be the event\'s organiser: the event\'s organiser runs every workshop');
    if (w.idempotencyKey != null) throw new BadInputError(`${at}.idempotencyKey`, 'must be left out: input.idempotencyKey covers the whole event');
    return sessionFieldsAt({ ...w, organiserId }, at);
  });
  const fingerprint = { ...input, idempotencyKey: undefined, workshops: workshops.map((w) => ({ ...w, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() })) };
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createMultiSiteEvent', input.idempotencyKey, fingerprint, async () => {
      const organiser = await tx.findOne(Structure, organiserId);
      if (!organiser) throw new NotFoundError('input.organiserId', 'structure');
      const event = tx.create(MultiSiteEvent, { organiser, title: input.title, description: input.description });
      await tx.flush();
      await insertAll(tx, organiserId, workshops, { multiSiteEvent: event }, input.publish === true, (i) => `input.workshops.${i}`);
      return event.id;
    }),
  );
}
