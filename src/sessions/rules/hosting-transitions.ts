import { HostConfirmation } from './host-confirmation';

const { NOT_REQUIRED, PENDING, CONFIRMED, DECLINED } = HostConfirmation;

/**
 * The moves of a session's host confirmation; anything else is an INVALID_TRANSITION. A host may change its mind
 * either way until the session starts (declining a published session cancels it, so a DECLINED session is a draft
 * or cancelled).
 */
export const NEXT_HOST_CONFIRMATIONS: Readonly<Record<HostConfirmation, readonly HostConfirmation[]>> = {
  [NOT_REQUIRED]: [],
  [PENDING]: [CONFIRMED, DECLINED],
  [CONFIRMED]: [DECLINED],
  [DECLINED]: [CONFIRMED],
};

export function canMoveHosting(from: HostConfirmation, to: HostConfirmation): boolean {
  return NEXT_HOST_CONFIRMATIONS[from].includes(to);
}
