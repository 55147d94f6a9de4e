/** The four PAQTE axes (Pacte avec les quartiers pour toutes les entreprises). */
export enum CommitmentAxis {
  SENSIBILISER = 'SENSIBILISER',
  FORMER = 'FORMER',
  RECRUTER = 'RECRUTER',
  ACHETER = 'ACHETER',
}
