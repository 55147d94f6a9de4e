/** Contract type of a hire (outcome HIRED). */
export enum ContractType {
  CDI = 'CDI',
  CDD = 'CDD',
  INTERIM = 'INTERIM',
  CDDI = 'CDDI',
  APPRENTICESHIP = 'APPRENTICESHIP',
  PROFESSIONALISATION = 'PROFESSIONALISATION',
  OTHER = 'OTHER',
}
