/** DRAFT → PUBLISHED → (FULL ⇄ PUBLISHED) → COMPLETED; CANCELLED from any state before the start. */
export enum SessionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  FULL = 'FULL',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
