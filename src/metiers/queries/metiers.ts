import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { normaliseSearchText } from '../../common/search-text';
import { BadInputError } from '../../common/errors';
import { firstPerParent, groupBy, listPage, rowsByKeys } from '../../db/list-query';
import type { Ordering, Page, PageArgs } from '../../db/page';
import { romeCodeCondition } from './rome-filter';
import { likePattern, MAX_SEARCH_LENGTH, sql } from '../../db/sql';

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

/** The words of a search as métiers are indexed (search_text), or null when there is no search. */
function searchWords(search: string | null | undefined): string[] | null {
  if (search == null) return null;
  if (search.length > MAX_SEARCH_LENGTH) throw new BadInputError('search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
  return normaliseSearchText(search).split(' ').filter(Boolean);
}

function filtered(em: EntityManager, filter: MetierFilter): Knex.QueryBuilder {
  const q = sql(em)('metier as m');
  const words = searchWords(filter.search);
  // Every word must appear: "coffreur bancheur" finds F1701 through its appellations.
  for (const word of words ?? []) q.where('m.search_text', 'like', likePattern(word));
  // Text without a letter or digit ("%", "_") matches nothing, as in the name search of companies and structures;
  // only a blank search means no search.
  if (words?.length === 0 && filter.search!.trim() !== '') q.whereRaw('false');
  if (filter.romeCodes?.length) {
    const condition = romeCodeCondition('m.code', filter.romeCodes, 'filter.romeCodes');
    q.whereRaw(condition.sql, condition.bindings);
  }
  return q;
}

/** Accented letters of French labels, and what normaliseSearchText makes of each (lower case, no accent). */
const ACCENTED = 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸ';
const UNACCENTED = [...ACCENTED].map((c) => normaliseSearchText(c)).join('');

/** normaliseSearchText (src/common/search-text.ts) in SQL, for a text column or expression. */
function normalisedSql(text: string): string {
  const ligatures = `replace(replace(replace(replace(lower(${text}), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')`;
  return `trim(regexp_replace(translate(${ligatures}, '${ACCENTED}', '${UNACCENTED}'), '[^a-z0-9]+', ' ', 'g'))`;
}

/**
 * 0 when a label, or one of its gendered halves ("Maçon / Maçonne"), is the search; 1 when one starts with it;
 * null otherwise. `labels` is the FROM clause giving the labels as `label`. Bindings: the search, twice.
 */
function labelMatchSql(labels: string): string {
  return `(select min(case when n = ? then 0 when n like ? then 1 end) from ${labels}, ` +
    `lateral unnest(array_append(string_to_array(label, '/'), label)) as part(p), lateral (select ${normalisedSql('p')} as n) as normalised)`;
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
const SEARCH_SIMILARITY = `(-round(word_similarity(?, m.search_text) * 1000))::int`;

/** ROME fiches: by relevance to the search (then by code), or by code without one. */
export function listMetiers(em: EntityManager, filter: MetierFilter, page: PageArgs): Promise<Page<MetierRow>> {
  const phrase = searchWords(filter.search)?.join(' ');
  const byCode: Ordering<MetierRow> = { direction: 'asc', keys: [{ sql: 'm.code', type: 'text', read: (r) => r.code }] };
  if (!phrase) return listPage(em, () => filtered(em, filter), (q) => q.select(METIER_COLUMNS), byCode, page);
  const prefix = `${phrase.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rankBindings = [phrase, prefix, phrase, prefix];
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
