// The public surface of indicators: what other capabilities may import from it (dependency-cruiser checks it).
export { IndicatorDimension } from './rules/dimensions';
export { IndicatorsResolver } from './graphql/indicators.resolver';
// For the exports (src/server/exports-route.ts): the same read as the GraphQL field, and its sheet.
export { readIndicators, type IndicatorFilterArgs } from './use-cases/indicators';
export { cellValue, indicatorSheet, type IndicatorSheet, type SheetColumn } from './exports/indicator-sheet';
