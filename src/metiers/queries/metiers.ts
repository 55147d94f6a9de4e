import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { BadInputError } from '../../common/errors';
import { foldedSql } from '../../common/search-text';
import { firstPerParent, groupBy, listPage, rowsByKeys } from '../../db/list-query';
import type { Ordering, Page, PageArgs } from '../../db/page';
import { romeCodeCondition } from './rome-filter';
import { MAX_SEARCH_LENGTH, sql } from '../../db/sql';

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

/**
 * The words of a search, cut at whatever is neither a letter, a mark nor a digit ("coffreur-bancheur" is two words,
 * in any order), or null when there is no search. The database folds each word as it folds métiers' search text
 * (relais_search_text: unaccent, lower case), so that the two cannot disagree.
 */
function searchWords(search: string | null | undefined): string[] | null {
  if (search == null) return null;
  if (search.length > MAX_SEARCH_LENGTH) throw new BadInputError('search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
  return search.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

function filtered(em: EntityManager, filter: MetierFilter): Knex.QueryBuilder {
  const q = sql(em)('metier as m');
  // Every word must appear: "coffreur bancheur" finds F1701 through its appellations. The folded word is a constant
  // once the statement is planned (an immutable function of a parameter): the trigram index serves the LIKE.
  for (const word of searchWords(filter.search) ?? []) q.whereRaw(`m.search_text like '%' || ${foldedSql('?')} || '%'`, [word]);
  // Text without a letter or digit once folded ("%", "_") matches nothing, as in the name search of companies and
  // structures; only a blank search means no search.
  if (filter.search != null && filter.search.trim() !== '') q.whereRaw(`${foldedSql('?')} <> ''`, [filter.search]);
  if (filter.romeCodes?.length) {
    const condition = romeCodeCondition('m.code', filter.romeCodes, 'filter.romeCodes');
    q.whereRaw(condition.sql, condition.bindings);
  }
  return q;
}

/**
 * 0 when a label, or one of its gendered halves ("Maçon / Maçonne"), is the search; 1 when one starts with it;
 * null otherwise, both folded by relais_search_text. `labels` is the FROM clause giving the labels as `label`.
 * Bindings: the search, twice (folded, it holds no LIKE metacharacter).
 */
function labelMatchSql(labels: string): string {
  return `(select min(case when n = ${foldedSql('?')} then 0 when n like ${foldedSql('?')} || '%' then 1 end) from ${labels}, ` +
    `lateral unnest(array_append(string_to_array(label, '/'), label)) as part(p), lateral (select ${foldedSql('p')} as n) as normalised)`;
}

/**
 * Search relevance, best first: the fiche's label is the search (0), an appellation's is (1), the fiche's label
 * starts with it (2), an appellation's does (3), any other match (4). "maçon" puts F1703 "Maçon / Maçonne" first,
 * before the fiches that merely have a "Maçon-..." appellation or "maçonnerie" in a label.
 */
const SEARCH_RANK =
  `least(case ${labelMatchSql('(select m.label) as fiche(label)')} when 0 then 0 when 1 then 2 end, ` +
  `case ${labelMatchSql('(select a.label from appellation a where a.metier_code = m.code) as appellations(label)')} when 0 then 1 when 1 then 3 end, 4)`;

/** Then the trigram word similarity of the search to the fiche's text (pg_trgm), per mille, negated: best first. */
const SEARCH_SIMILARITY = `(-round(word_similarity(${foldedSql('?')}, m.search_text) * 1000))::int`;

/** ROME fiches: by relevance to the search (then by code), or by code without one. */
export function listMetiers(em: EntityManager, filter: MetierFilter, page: PageArgs): Promise<Page<MetierRow>> {
  const byCode: Ordering<MetierRow> = { direction: 'asc', keys: [{ sql: 'm.code', type: 'text', read: (r) => r.code }] };
  // Without a word there is nothing to rank by (and a search of punctuation only matches nothing anyway).
  if (!searchWords(filter.search)?.length) return listPage(em, () => filtered(em, filter), (q) => q.select(METIER_COLUMNS), byCode, page);
  // Bound as the client wrote it, spaces aside: the database folds it (and the cursor's digest names it).
  const phrase = filter.search!.trim().replace(/\s+/g, ' ');
  const rankBindings = [phrase, phrase, phrase, phrase];
  const ranked: Ordering<MetierRow & SearchScores> = {
    direction: 'asc',
    keys: [
      { sql: SEARCH_RANK, bindings: rankBindings, type: 'int', read: (r) => r.searchRank },
      { sql: SEARCH_SIMILARITY, bindings: [phrase], type: 'int', read: (r) => r.searchSimilarity },
      ...byCode.keys,
    ],
  };
  const columns = (q: Knex.QueryBuilder) =>
    q.select(METIER_COLUMNS).select(em.getKnex().raw(`${SEARCH_RANK} as "searchRank"`, rankBindings), em.getKnex().raw(`${SEARCH_SIMILARITY} as "searchSimilarity"`, [phrase]));
  return listPage(em, () => filtered(em, filter), columns, ranked, page);
}

/** The relevance of a row of a métier search (see listMetiers). */
interface SearchScores {
  searchRank: number;
  searchSimilarity: number;
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

/** Appellations of each fiche, at most `limit` each (one statement): the principal title first, then by label. */
export function appellationsByMetiers(em: EntityManager, codes: readonly string[], limit: number): Promise<AppellationRow[]> {
  const inner = sql(em)('appellation as a').select(APPELLATION).whereIn('a.metier_code', [...new Set(codes)]);
  return firstPerParent(em, inner, 'a.metier_code', 'a.principal desc, a.label, a.code', limit);
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
