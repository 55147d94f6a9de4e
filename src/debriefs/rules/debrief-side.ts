/**
 * Who wrote a debrief: the session's organiser (its animator, SA/SS of the organising structure) or its host company
 * (CA/CS). One debrief per side and referral (record-debrief.ts): each side says what it saw.
 */
export enum DebriefSide {
  ORGANISER = 'ORGANISER',
  HOST = 'HOST',
}
