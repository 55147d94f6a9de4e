import fc from 'fast-check';
import { OutboxEventType } from '../src/events/entities/outbox-event';
import { matchesOfferEvent, type OfferEventData, type OfferEventFilter } from '../src/events/rules/offer-event-filter';
import type { OutboxEventRow } from '../src/events/outbox-reader';
import { mayConcern, type ReferralEventData } from '../src/events/rules/referral-event-audience';
import {
  offerEventKeys, offerFilterKeys, offerFiltersKeys, outboxEventKeys, referralEventKeys, referralViewerKeys, SubscriberIndex,
} from '../src/events/subscriber-index';
import { AccountRole } from '../src/access/rules/account-role';
import type { Viewer } from '../src/access/rules/viewer';

/**
 * The relay's fan-out index (subscriber-index.ts): an event is offered only to the subscribers that share a key with
 * it — counted, not timed — and never misses one whose filter matches.
 */

const SLOT = OutboxEventType.SESSION_SLOT_PUBLISHED;
const OFFER = OutboxEventType.IMMERSION_OFFER_PUBLISHED;
let nextId = 1;
const offerEvent = (type: OutboxEventType, data: OfferEventData): OutboxEventRow => ({ id: nextId++, type, entityId: 1, data: data as Record<string, unknown> });

describe('the fan-out index', () => {
  it('offers an event to the subscribers of its département only, not to every subscriber', () => {
    const index = new SubscriberIndex<number>(outboxEventKeys);
    // 1,000 subscribers over 100 départements (10 each), 20 of them with no indexable criterion.
    for (let n = 0; n < 1000; n++) {
      const departement = String(1 + (n % 100)).padStart(2, '0');
      index.add(n, { types: [SLOT], keys: offerFilterKeys({ departementCodes: [departement] }) });
    }
    for (let n = 1000; n < 1020; n++) index.add(n, { types: [SLOT], keys: offerFilterKeys({ sessionKinds: ['RALLYE'] }) });
    const before = index.offered;
    const candidates = index.candidates(offerEvent(SLOT, { departementCode: '33', communeCode: '33243', metierCodes: ['F1701'], latitude: 44.9153, longitude: -0.2439 }));
    expect(index.offered - before).toBe(10 + 20);
    expect(candidates.filter((n) => n < 1000).every((n) => 1 + (n % 100) === 33)).toBe(true);
    // Another type: nobody.
    expect(index.candidates(offerEvent(OFFER, { departementCode: '33' }))).toEqual([]);
  });

  it('offers an event once to a subscriber found under several of its keys, and forgets removed subscribers', () => {
    const index = new SubscriberIndex<string>(outboxEventKeys);
    index.add('feed', { types: [SLOT, OFFER], keys: offerFiltersKeys([{ romeCodes: ['F17', 'F'] }, { romeCodes: ['F1701'] }]) });
    index.add('bakery', { types: [SLOT], keys: offerFilterKeys({ romeCodes: ['D1102'] }) });
    const event = offerEvent(SLOT, { metierCodes: ['F1701', 'F1702'] });
    expect(index.candidates(event)).toEqual(['feed']);
    index.remove('feed');
    expect(index.candidates(offerEvent(SLOT, { metierCodes: ['F1701'] }))).toEqual([]);
    expect(index.size).toBe(1);
  });

  it('never loses an event a filter matches: the filter and the event share a key', () => {
    const rome = fc.constantFrom('F', 'F17', 'F1701', 'F1702', 'F13', 'D', 'D1102', 'D11', 'K2111', 'K21');
    const departement = fc.constantFrom('33', '93', '2A', '974', '59');
    const commune = fc.constantFrom('33243', '93066', '2A004', '97411', '59350');
    const point = fc.record({ latitude: fc.double({ min: -60, max: 60, noNaN: true }), longitude: fc.double({ min: -179, max: 179, noNaN: true }) });
    const filter: fc.Arbitrary<OfferEventFilter> = fc.record(
      {
        romeCodes: fc.array(rome, { minLength: 1, maxLength: 3 }),
        departementCodes: fc.array(departement, { minLength: 1, maxLength: 2 }),
        communeCodes: fc.array(commune, { minLength: 1, maxLength: 2 }),
        near: fc.record({ latitude: fc.double({ min: -60, max: 60, noNaN: true }), longitude: fc.double({ min: -179, max: 179, noNaN: true }), radiusKm: fc.double({ min: 0.5, max: 400, noNaN: true }) }),
        sessionKinds: fc.constant(['RALLYE']),
        objectives: fc.constant(['DISCOVER_METIER']),
      },
      { requiredKeys: [] },
    );
    const data = fc.record({
      metierCodes: fc.array(fc.constantFrom('F1701', 'F1702', 'F1301', 'D1102', 'K2111'), { maxLength: 3 }),
      departementCode: fc.option(departement, { nil: null }),
      communeCode: fc.option(commune, { nil: null }),
      latitude: fc.option(fc.double({ min: -60, max: 60, noNaN: true }), { nil: null }),
      longitude: fc.option(fc.double({ min: -179, max: 179, noNaN: true }), { nil: null }),
      kind: fc.constant('RALLYE'),
      objective: fc.constant('DISCOVER_METIER'),
    });
    // Events built to meet each criterion of the filter more often than not, or matches would be rare.
    const pair = fc.tuple(filter, data, point, fc.array(fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.85), { minLength: 4, maxLength: 4 })).map(([f, d, p, meet]) => {
      const e: OfferEventData = { ...d };
      if (meet[0] && f.romeCodes) e.metierCodes = [...(e.metierCodes ?? []), f.romeCodes[0]! + '0101'.slice(0, 5 - f.romeCodes[0]!.length)];
      if (meet[1] && f.departementCodes) e.departementCode = f.departementCodes[0]!;
      if (meet[2] && f.communeCodes) e.communeCode = f.communeCodes[0]!;
      if (meet[3] && f.near) Object.assign(e, { latitude: f.near.latitude + (p.latitude % 1) / 2, longitude: f.near.longitude + (p.longitude % 1) / 2 });
      return [f, e] as const;
    });
    let matched = 0;
    fc.assert(
      fc.property(pair, fc.constantFrom('SESSION', 'IMMERSION_OFFER'), ([f, d], kind) => {
        if (!matchesOfferEvent(kind, d, f)) return;
        matched++;
        const keys = offerFilterKeys(f);
        expect(keys === 'all' || keys.some((k) => offerEventKeys(d).includes(k))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(matched).toBeGreaterThan(300); // the property was tried on matching pairs, not vacuously
  });

  it('finds every referral subscriber that mayConcern lets through, by who it is', () => {
    const viewer = (role: AccountRole, ids: Partial<Viewer>): Viewer => ({ accountId: 1, tokenId: 1, email: 'x', displayName: 'x', role, structureId: null, companyId: null, participantId: null, ...ids });
    const viewers = [
      viewer(AccountRole.STRUCTURE_STAFF, { structureId: 7 }),
      viewer(AccountRole.COMPANY_ADMIN, { companyId: 3 }),
      viewer(AccountRole.PARTICIPANT, { participantId: 11 }),
      viewer(AccountRole.NETWORK_ADMIN, {}),
      viewer(AccountRole.STRUCTURE_STAFF, { structureId: 8 }),
    ];
    const id = fc.integer({ min: 1, max: 12 });
    const event = fc.record({
      participantId: id, prescriberStructureId: id, referentStructureId: id,
      organiserId: fc.option(id, { nil: null }), hostCompanyId: fc.option(id, { nil: null }), offerCompanyId: fc.option(id, { nil: null }),
    });
    fc.assert(
      fc.property(event, (data: ReferralEventData) => {
        for (const v of viewers) {
          if (!mayConcern(v, data)) continue;
          const keys = referralViewerKeys(v, v.role === AccountRole.NETWORK_ADMIN);
          expect(keys === 'all' || keys.some((k) => referralEventKeys(data).includes(k))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('indexes a filter by its most selective criterion, and `all` only without any', () => {
    expect(offerFilterKeys({ communeCodes: ['33243'], departementCodes: ['33'] })).toEqual(['c:33243']);
    expect(offerFilterKeys({ departementCodes: ['33', '93'], romeCodes: ['F17'] })).toEqual(['d:33', 'd:93']);
    expect(offerFilterKeys({ romeCodes: ['F1701', 'F17'] })).toEqual(['r3:F17']);
    expect(offerFilterKeys({ near: { latitude: 44.9, longitude: -0.25, radiusKm: 20 } })).toEqual(expect.arrayContaining(['g:89:-1']));
    expect(offerFilterKeys({ romeCodes: ['F'] })).toEqual(['r1:F']);
    expect(offerFilterKeys({ objectives: ['DISCOVER_METIER'] as OfferEventFilter['objectives'] })).toBe('all');
    expect(offerFiltersKeys([{ romeCodes: ['F17'] }, {}])).toBe('all');
  });
});
