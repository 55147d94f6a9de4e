/**
 * Search text is folded by the database, not here: `relais_search_text(text)` (migration 20261203060100) applies
 * PostgreSQL's `unaccent`, then lower case, and makes every run of what is neither a letter nor a digit one space,
 * trimmed ("Coffreur-bancheur" → "coffreur bancheur", "Œuvre" → "oeuvre"). The text stored for search and the
 * searches themselves both go through it, so that they cannot disagree.
 */
export function foldedSql(expression: string): string {
  return `relais_search_text(${expression})`;
}
