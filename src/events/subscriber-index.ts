import { OutboxEventType } from './entities/outbox-event';
import { boundingBox } from '../territories';
import type { OfferEventData, OfferEventFilter } from './rules/offer-event-filter';
import type { OutboxEventRow } from './outbox-reader';
import type { ReferralEventData } from './rules/referral-event-audience';

/**
 * Which events a subscriber may want, as the fan-out index sees it: the event types, and index keys (`all`: every
 * event of those types). An event is offered to a subscriber (which then tests it exactly) only when it shares a
 * key with it.
 *
 * The keys are a sound over-approximation: whenever a filter matches an event, the filter and the event share a
 * key (see `offerFilterKeys`, `offerEventKeys`). So the index never loses an event; it only spares testing
 * subscribers who cannot want it.
 */
export interface Interest {
  types: readonly OutboxEventType[];
  keys: readonly string[] | 'all';
}

/** Side of the cells of the grid that indexes `near` filters, in degrees (~55 km of latitude). */
const GRID_DEGREES = 0.5;
/** A `near` filter covering more cells than this is indexed otherwise (its other criteria, or `all`). */
const MAX_GRID_CELLS = 64;

const cell = (latitude: number, longitude: number) => `g:${Math.floor(latitude / GRID_DEGREES)}:${Math.floor(longitude / GRID_DEGREES)}`;

/** Grid cells a disc may touch (its bounding box's), or null when too many or across the antimeridian. */
function nearCells(near: NonNullable<OfferEventFilter['near']>): string[] | null {
  const box = boundingBox(near, near.radiusKm);
  if (box.minLongitude < -180 || box.maxLongitude > 180 || box.minLatitude < -90 || box.maxLatitude > 90) return null;
  const [y0, y1] = [Math.floor(box.minLatitude / GRID_DEGREES), Math.floor(box.maxLatitude / GRID_DEGREES)];
  const [x0, x1] = [Math.floor(box.minLongitude / GRID_DEGREES), Math.floor(box.maxLongitude / GRID_DEGREES)];
  if ((y1 - y0 + 1) * (x1 - x0 + 1) > MAX_GRID_CELLS) return null;
  const cells: string[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) cells.push(`g:${y}:${x}`);
  return cells;
}

/** ROME keys of filter codes: domaine (`r3:F17`) for fiches and domaines, grand domaine (`r1:F`) otherwise. */
const romeKey = (code: string) => (code.length >= 3 ? `r3:${code.slice(0, 3)}` : `r1:${code.slice(0, 1)}`);

/**
 * Index keys of one offer filter, from its most selective indexable criterion: communes, then départements, then
 * ROME domaines, then the grid cells around `near`, then ROME grands domaines; `all` when it has none of them
 * (only kinds, objectives, or nothing). Every criterion must hold for a match, so any one of them is a sound key.
 */
export function offerFilterKeys(filter: OfferEventFilter): string[] | 'all' {
  if (filter.communeCodes?.length) return filter.communeCodes.map((c) => `c:${c}`);
  if (filter.departementCodes?.length) return filter.departementCodes.map((d) => `d:${d}`);
  const rome = filter.romeCodes?.length ? [...new Set(filter.romeCodes.map(romeKey))] : null;
  if (rome && rome.every((k) => k.startsWith('r3:'))) return rome;
  const cells = filter.near ? nearCells(filter.near) : null;
  if (cells) return cells;
  return rome ?? 'all';
}

/** Keys of any of several filters (offerFeed: the stored subscriptions); `all` if one of them has none. */
export function offerFiltersKeys(filters: readonly OfferEventFilter[]): string[] | 'all' {
  const keys = new Set<string>();
  for (const filter of filters) {
    const k = offerFilterKeys(filter);
    if (k === 'all') return 'all';
    k.forEach((key) => keys.add(key));
  }
  return [...keys];
}

/** Keys of an offer event: its commune, département, grid cell, and the domaine and grand domaine of each métier. */
export function offerEventKeys(data: OfferEventData): string[] {
  const keys: string[] = [];
  if (data.communeCode) keys.push(`c:${data.communeCode}`);
  if (data.departementCode) keys.push(`d:${data.departementCode}`);
  if (data.latitude != null && data.longitude != null) keys.push(cell(data.latitude, data.longitude));
  for (const code of data.metierCodes ?? []) keys.push(`r3:${code.slice(0, 3)}`, `r1:${code.slice(0, 1)}`);
  return keys;
}

/** Keys of a referral subscriber: who it is (network admins see every referral: `all`). */
export function referralViewerKeys(viewer: { structureId: number | null; companyId: number | null; participantId: number | null }, admin: boolean): string[] | 'all' {
  if (admin) return 'all';
  const keys: string[] = [];
  if (viewer.participantId !== null) keys.push(`p:${viewer.participantId}`);
  if (viewer.structureId !== null) keys.push(`s:${viewer.structureId}`);
  if (viewer.companyId !== null) keys.push(`co:${viewer.companyId}`);
  return keys;
}

/** Keys of a referral event: everyone `mayConcern` may let through. */
export function referralEventKeys(data: ReferralEventData): string[] {
  const keys = [`p:${data.participantId}`, `s:${data.prescriberStructureId}`, `s:${data.referentStructureId}`];
  if (data.organiserId != null) keys.push(`s:${data.organiserId}`);
  if (data.hostCompanyId != null) keys.push(`co:${data.hostCompanyId}`);
  if (data.hostStructureId != null) keys.push(`s:${data.hostStructureId}`);
  if (data.offerCompanyId != null) keys.push(`co:${data.offerCompanyId}`);
  return keys;
}

/** Keys of an event, by its type: what subscribers' keys are looked up with. */
export type EventKeys = (event: OutboxEventRow) => readonly string[];

/** Keys of a subscriber to its own account's events (webhookEndpointDisabled): its account. */
export const accountKeys = (accountId: number): string[] => [`a:${accountId}`];

/** The keys of an outbox event of any type. */
export const outboxEventKeys: EventKeys = (event) => {
  switch (event.type) {
    case OutboxEventType.REFERRAL_UPDATED:
      return referralEventKeys(event.data as unknown as ReferralEventData);
    case OutboxEventType.WEBHOOK_ENDPOINT_DISABLED:
      return accountKeys(Number(event.data.accountId));
    default:
      return offerEventKeys(event.data as OfferEventData);
  }
};

interface Entry<L> {
  listener: L;
  interest: Interest;
  /** Id of the last event this entry was offered: one entry found under several keys is offered once. */
  stamp: number;
}

/**
 * Subscribers by event type and key. `candidates` returns, for an event, the subscribers of its type that share a
 * key with it or take `all`, once each, in no particular order; `offered` counts them (what fan-out costs).
 */
export class SubscriberIndex<L> {
  private readonly byType = new Map<OutboxEventType, { all: Set<Entry<L>>; byKey: Map<string, Set<Entry<L>>> }>();
  private readonly entries = new Map<L, Entry<L>>();
  /** Subscribers offered an event since the start: each one then tests it. */
  offered = 0;

  constructor(private readonly eventKeys: EventKeys) {}

  get size(): number {
    return this.entries.size;
  }

  add(listener: L, interest: Interest): void {
    this.remove(listener);
    const entry: Entry<L> = { listener, interest, stamp: -1 };
    this.entries.set(listener, entry);
    for (const type of interest.types) {
      let slot = this.byType.get(type);
      if (!slot) this.byType.set(type, (slot = { all: new Set(), byKey: new Map() }));
      if (interest.keys === 'all') slot.all.add(entry);
      else {
        for (const key of interest.keys) {
          let bucket = slot.byKey.get(key);
          if (!bucket) slot.byKey.set(key, (bucket = new Set()));
          bucket.add(entry);
        }
      }
    }
  }

  remove(listener: L): void {
    const entry = this.entries.get(listener);
    if (!entry) return;
    this.entries.delete(listener);
    for (const type of entry.interest.types) {
      const slot = this.byType.get(type);
      if (!slot) continue;
      if (entry.interest.keys === 'all') slot.all.delete(entry);
      else {
        for (const key of entry.interest.keys) {
          const bucket = slot.byKey.get(key);
          bucket?.delete(entry);
          if (bucket?.size === 0) slot.byKey.delete(key);
        }
      }
    }
  }

  /** The listeners an event is offered to: those of its type under one of its keys, or under `all`; each once. */
  candidates(event: OutboxEventRow): L[] {
    const slot = this.byType.get(event.type);
    if (!slot) return [];
    const out: L[] = [];
    const offer = (entry: Entry<L>) => {
      if (entry.stamp === event.id) return;
      entry.stamp = event.id;
      this.offered++;
      out.push(entry.listener);
    };
    slot.all.forEach(offer);
    if (slot.byKey.size > 0) {
      for (const key of this.eventKeys(event)) slot.byKey.get(key)?.forEach(offer);
    }
    return out;
  }
}
