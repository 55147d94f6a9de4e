/** DRAFT → PUBLISHED → (FULL ⇄ PUBLISHED) → HELD → COMPLETED; CANCELLED from DRAFT, PUBLISHED or FULL before the start. */
export enum SessionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  FULL = 'FULL',
  /** Past its end, awaiting the organiser's attendance (no longer a visit slot); COMPLETED once recorded or the window closes. */
  HELD = 'HELD',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
