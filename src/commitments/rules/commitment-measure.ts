/** What a commitment's target counts. Some the hub measures itself, others are declared by the company. */
export enum CommitmentMeasure {
  /** Sessions (visits, Ambassadeurs des métiers) hosted by the company: measured by the hub. */
  SESSIONS_HOSTED = 'SESSIONS_HOSTED',
  /** Immersion offers (PMSMP) published by the company: measured by the hub. */
  IMMERSIONS_OFFERED = 'IMMERSIONS_OFFERED',
  /** Apprentices or alternance contracts: declared. */
  APPRENTICES = 'APPRENTICES',
  /** People recruited (e.g. from the quartiers prioritaires): declared. */
  HIRES = 'HIRES',
  /** Euros bought from SIAE / ESS suppliers: declared. */
  EUROS_PURCHASED = 'EUROS_PURCHASED',
  /** Anything else, declared. */
  OTHER = 'OTHER',
}
