// The public surface of sessions: what other capabilities may import from it (dependency-cruiser checks it).
export { HostConfirmation } from './rules/host-confirmation';
export { SessionKind } from './rules/session-kind';
export { SESSION_CRITERIA } from './rules/session-criteria';
export { SessionStatus } from './rules/session-status';
export { sessionTakesReferrals } from './rules/session-transitions';
export { isAttendanceWindowOpen } from './rules/session-course';
export { Session } from './entities/session';
export { type SessionRow } from './queries/sessions';
export { SessionType } from './graphql/session.types';
export { GroupedSessionConnection } from './graphql/session-group.types';
