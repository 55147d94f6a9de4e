/**
 * Whether the company named as host of a session agreed to open its doors. Nobody may commit a company: a session
 * with a host is published only once the host CONFIRMED (or a standing hosting agreement with the organiser's club
 * confirmed it), and only confirmed sessions count in the company's PAQTE commitments.
 * PENDING → CONFIRMED | DECLINED; CONFIRMED → DECLINED (withdrawn); DECLINED → CONFIRMED while the session is a draft.
 */
export enum HostConfirmation {
  /** No host company: nobody has to agree. */
  NOT_REQUIRED = 'NOT_REQUIRED',
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  DECLINED = 'DECLINED',
}
