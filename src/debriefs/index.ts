// The public surface of debriefs: what other capabilities may import from it (dependency-cruiser checks it).
export { DebriefSide } from './rules/debrief-side';
export { DebriefWish } from './rules/debrief-wish';
export { MetierInterest } from './rules/metier-interest';
export { Debrief } from './entities/debrief';
export { DebriefInterest } from './entities/debrief-interest';
// The passeport prints the debriefs shared with the participant: the same rule as Referral.debriefs.
export { isSharedWithParticipant } from './rules/debrief-access';
// For participants' erasure (and so the retention job).
export { eraseDebriefComments } from './use-cases/erase-debrief-comments';
