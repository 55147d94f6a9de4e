import type { TestServer } from './server';

/** Raw SQL on the test database (fixtures and checks only; the API is what tests exercise). */
export async function sql<T = Record<string, unknown>>(t: TestServer, query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.fork().getConnection().execute<T[]>(query, params);
}

/** The numeric id behind a global id. */
export function keyOf(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);
}

export function globalIdOf(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** `count` adult participants followed by `structureId`, with personal data; returns their ids. */
export async function createParticipants(t: TestServer, structureId: number, count: number): Promise<number[]> {
  const rows = await sql<{ id: number }>(
    t,
    `insert into participant (referent_structure_id, age_band, departement_code)
     select ?, '26-44', '33' from generate_series(1, ?) returning id`,
    [structureId, count],
  );
  await sql(
    t,
    `insert into participant_personal_data (participant_id, first_name, last_name, birth_date)
     select id, 'Test', 'Participant ' || id, date '1990-05-17' from participant where id in (${rows.map((r) => r.id).join(',')})`,
  );
  return rows.map((r) => r.id);
}

export interface SessionPlace {
  communeCode: string | null;
  departementCode: string;
  latitude: number;
  longitude: number;
  metierCode: string;
}

/** Libourne (33), the default place of fixture sessions. */
export const LIBOURNE: SessionPlace = { communeCode: '33243', departementCode: '33', latitude: 44.9153, longitude: -0.2439, metierCode: 'F1701' };
/** Saint-Denis (93). */
export const SAINT_DENIS: SessionPlace = { communeCode: '93066', departementCode: '93', latitude: 48.9362, longitude: 2.3574, metierCode: 'F1701' };

/** A published session of `organiserId` in a week, with `capacity` seats, at `place`. */
export async function createPublishedSession(t: TestServer, organiserId: number, capacity: number, minimumAge = 16, place: SessionPlace = LIBOURNE): Promise<number> {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into session (kind, title, organiser_id, starts_at, ends_at, capacity, minimum_age, status, published_at, commune_code, departement_code, latitude, longitude)
     select 'COMPANY_VISIT', 'Visite test', ?, now() + interval '7 days', now() + interval '7 days 3 hours', ?, ?, 'PUBLISHED', now(), ?, ?, ?, ?
     returning id`,
    [organiserId, capacity, minimumAge, place.communeCode, place.departementCode, place.latitude, place.longitude],
  );
  await sql(t, `insert into session_metier (session_id, metier_code) values (?, ?)`, [row!.id, place.metierCode]);
  return row!.id;
}
