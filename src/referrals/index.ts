// The public surface of referrals: what other capabilities may import from it (dependency-cruiser checks it).
export { OPEN_REFERRAL_STATUSES, ReferralStatus } from './rules/referral-status';
export { CancellationReason, statusesMovingTo } from './rules/referral-transitions';
export { ACCEPTED_BY_HOST_STATUSES, hasPlaceLeft, placesLeft, sessionSeatsSql } from './rules/seats';
export { Referral } from './entities/referral';
export { listReferrals, referralsByIds } from './queries/referrals';
export { referralUnderWaySql } from './queries/under-way';
export { ReferralType } from './graphql/referral.types';
export { cancelAll, lockReferralsOf } from './use-cases/referral-cancellation';
export { closeWaitingReferralsOfHeldSessions, completeSessionIfAttendanceRecorded, markAttendance, saveReferrals } from './use-cases/referrals';
export { NoShowParty } from './rules/no-show-party';
export { emitSessionSlot } from './use-cases/session-slot-event';
export { requireVisibleParticipant } from './use-cases/require-visible-participant';
// For debriefs (src/debriefs): the referral as a viewer reads it, its event, and the visibility check of writes.
export { ReferralView, type ProjectedReferral } from './rules/referral-access';
export { ReferralChange } from './rules/referral-change';
export { emitReferralUpdated } from './use-cases/referral-updated-event';
export { requireVisibleReferral } from './use-cases/require-visible-referral';
export { personalDataAccess } from './queries/personal-data-access';
export { FollowUpMilestone, FollowUpSituation, FollowUpStatus } from './rules/follow-up';
export { runFollowUpCourse } from './use-cases/follow-ups';
