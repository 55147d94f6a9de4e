/** Why a host refused a referral. OTHER requires a free-text detail. */
export enum RefusalReason {
  NO_SEAT = 'NO_SEAT',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  NOT_MOBILE = 'NOT_MOBILE',
  LACKING_SKILLS = 'LACKING_SKILLS',
  INCOMPATIBLE_DATES = 'INCOMPATIBLE_DATES',
  DUPLICATE = 'DUPLICATE',
  OTHER = 'OTHER',
}
