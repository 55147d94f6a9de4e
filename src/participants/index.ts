// The public surface of participants: what other capabilities may import from it (dependency-cruiser checks it).
export { MINIMUM_AGE, ageOn, HIGHEST_MINIMUM_AGE, isOldEnough, LOWEST_MINIMUM_AGE, minimumAgeInput } from './rules/age';
export { ageBandOf, MAXIMUM_AGE, type AgeBand } from './rules/age-band';
export { Participant } from './entities/participant';
export { ParticipantPersonalData } from './entities/participant-personal-data';
export { type ParticipantPersonalRow, type ParticipantRow } from './queries/participants';
export { ParticipantType } from './graphql/participant.types';
