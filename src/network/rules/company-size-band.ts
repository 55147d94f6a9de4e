/** Headcount band (tranche d'effectif salarié, simplified from the INSEE bands). */
export enum CompanySizeBand {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
}
