// The public surface of indicators: what other capabilities may import from it (dependency-cruiser checks it).
export { IndicatorDimension } from './rules/dimensions';
export { IndicatorsResolver } from './graphql/indicators.resolver';
