import type { Criteria } from '../../common/criteria';
import { SessionKind } from './session-kind';

/**
 * What visit-slot subscriptions can filter sessions on, declared once (see src/common/criteria.ts): the event
 * filter inputs, stored subscriptions and the visit-slot event's payload follow it.
 */
export const SESSION_CRITERIA = {
  sessionKinds: {
    property: 'kind',
    kind: 'enumList',
    enum: SessionKind,
    what: 'a session kind',
    event: { description: 'Sessions of these kinds only (excludes immersion offers).' },
  },
} as const satisfies Criteria;
