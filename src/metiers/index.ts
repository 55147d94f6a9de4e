// The public surface of metiers: what other capabilities may import from it (dependency-cruiser checks it).
export { Appellation } from './entities/appellation';
export { Metier } from './entities/metier';
export { type AppellationRow, type MetierRow } from './queries/metiers';
export { romeCodeCondition, whereHasRomeCode } from './queries/rome-filter';
export { AppellationType, METIER_FIELD_KEYS, MetierType } from './graphql/metier.types';
export { requireAppellation, requireMetiers, romeCode, romeCodes } from './use-cases/rome-codes';
export { CompetenceNature, CompetenceRelevance } from './rules/competence-relevance';
export { RomeCompetence } from './entities/rome-competence';
export { CompetenceType, MetierCompetenceType } from './graphql/metier.types';
export { type CompetenceRow, type MetierCompetenceRow } from './queries/competences';
