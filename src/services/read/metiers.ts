import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { normaliseSearchText } from '../../domain/rules/search-text';
import { BadInputError } from '../errors';
import { groupBy, listPage, rowsByKeys } from './list-query';
import type { Page, PageArgs } from './page';
import { romeCodeCondition } from './rome-filter';
import { likePattern, MAX_SEARCH_LENGTH, rows, sql } from './sql';

export interface MetierRow {
  code: string;
  label: string;
  ogrCode: number;
  domaineCode: string;
  romeV3Code: string | null;
  transitionEco: string | null;
  regulated: boolean;
  executive: boolean;
}

export interface AppellationRow {
  code: number;
  label: string;
  shortLabel: string;
  metierCode: string;
  principal: boolean;
  rarelyUsed: boolean;
}

export interface DomaineRow {
  code: string;
  label: string;
  grandDomaineCode: string;
}

export interface GrandDomaineRow {
  code: string;
  label: string;
}

export interface MetierFilter {
  /** Words to find in the code, label or any appellation of the fiche. */
  search?: string | null;
  /** Fiches, domaines or grands domaines (`F1701`, `F17`, `F`). */
  romeCodes?: string[] | null;
}

export const METIER_COLUMNS = {
  code: 'm.code', label: 'm.label', ogrCode: 'm.ogr_code', domaineCode: 'm.domaine_code', romeV3Code: 'm.rome_v3code',
  transitionEco: 'm.transition_eco', regulated: 'm.regulated', executive: 'm.executive',
};
const APPELLATION = {
  code: 'a.code', label: 'a.label', shortLabel: 'a.short_label', metierCode: 'a.metier_code', principal: 'a.principal', rarelyUsed: 'a.rarely_used',
};

function filtered(em: EntityManager, filter: MetierFilter): Knex.QueryBuilder {
  const q = sql(em)('metier as m');
  if (filter.search != null) {
    if (filter.search.length > MAX_SEARCH_LENGTH) throw new BadInputError('search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
    // Every word must appear: "coffreur bancheur" finds F1701 through its appellations.
    for (const word of normaliseSearchText(filter.search).split(' ').filter(Boolean)) {
      q.where('m.search_text', 'like', likePattern(word));
    }
  }
  if (filter.romeCodes?.length) {
    const condition = romeCodeCondition('m.code', filter.romeCodes, 'filter.romeCodes');
    q.whereRaw(condition.sql, condition.bindings);
  }
  return q;
}

/** ROME fiches, by code. */
export function listMetiers(em: EntityManager, filter: MetierFilter, page: PageArgs): Promise<Page<MetierRow>> {
  return listPage(em, () => filtered(em, filter), (q) => q.select(METIER_COLUMNS), { direction: 'asc', keys: [{ sql: 'm.code', type: 'text', read: (r) => r.code }] }, page);
}

export function metiersByCodes(em: EntityManager, codes: readonly string[]): Promise<MetierRow[]> {
  return rowsByKeys(em, sql(em)('metier as m').select(METIER_COLUMNS), 'm.code', codes);
}

/** The métiers of each session, in one statement. */
export async function metiersBySessions(em: EntityManager, sessionIds: readonly number[]): Promise<Map<number, MetierRow[]>> {
  const found = await rowsByKeys<MetierRow & { sessionId: number }>(
    em,
    sql(em)('session_metier as sm').join('metier as m', 'm.code', 'sm.metier_code').select(METIER_COLUMNS).select({ sessionId: 'sm.session_id' }).orderBy('m.code'),
    'sm.session_id',
    sessionIds,
  );
  return groupBy(found, (r) => r.sessionId);
}

/** Appellations of each fiche: the principal title first, then by label. */
export async function appellationsByMetiers(em: EntityManager, codes: readonly string[]): Promise<Map<string, AppellationRow[]>> {
  const found = await rowsByKeys<AppellationRow>(
    em,
    sql(em)('appellation as a').select(APPELLATION).orderBy([{ column: 'a.principal', order: 'desc' }, { column: 'a.label' }, { column: 'a.code' }]),
    'a.metier_code',
    codes,
  );
  return groupBy(found, (r) => r.metierCode);
}

export function appellationsByCodes(em: EntityManager, codes: readonly number[]): Promise<AppellationRow[]> {
  return rowsByKeys(em, sql(em)('appellation as a').select(APPELLATION), 'a.code', codes);
}

export function domainesByCodes(em: EntityManager, codes: readonly string[]): Promise<DomaineRow[]> {
  return rowsByKeys(em, sql(em)('rome_domaine as d').select({ code: 'd.code', label: 'd.label', grandDomaineCode: 'd.grand_domaine_code' }), 'd.code', codes);
}

export function grandDomainesByCodes(em: EntityManager, codes: readonly string[]): Promise<GrandDomaineRow[]> {
  return rowsByKeys(em, sql(em)('rome_grand_domaine as g').select({ code: 'g.code', label: 'g.label' }), 'g.code', codes);
}

/** Whether a métier code exists (for validation elsewhere). */
export async function existingMetierCodes(em: EntityManager, codes: readonly string[]): Promise<Set<string>> {
  const found = await rows<{ code: string }>(em, sql(em)('metier').select('code').whereIn('code', [...codes]));
  return new Set(found.map((r) => r.code));
}
