import { Account } from './account';
import { ApiToken } from './api-token';
import { AuditEntry } from './audit-entry';
import { Appellation } from './appellation';
import { Commitment } from './commitment';
import { Commune } from './commune';
import { Company } from './company';
import { CompanyMembership } from './company-membership';
import { Departement } from './departement';
import { DomaineProfessionnel } from './domaine-professionnel';
import { GrandDomaine } from './grand-domaine';
import { IdempotencyKey } from './idempotency-key';
import { ImmersionOffer } from './immersion-offer';
import { Metier } from './metier';
import { NafActivity } from './naf-activity';
import { OfferSubscription } from './offer-subscription';
import { OutboxEvent } from './outbox-event';
import { Participant } from './participant';
import { ParticipantPersonalData } from './participant-personal-data';
import { ReferenceImport } from './reference-import';
import { Referral } from './referral';
import { ReferralTransition } from './referral-transition';
import { Region } from './region';
import { Session } from './session';
import { Structure } from './structure';

export {
  Account, ApiToken, Appellation, Commitment, Commune, Company, CompanyMembership, Departement, DomaineProfessionnel,
  GrandDomaine, IdempotencyKey, ImmersionOffer, Metier, NafActivity, OfferSubscription, OutboxEvent, Participant, ParticipantPersonalData, ReferenceImport, Referral,
  ReferralTransition, Region, Session, Structure, AuditEntry,
};

/** Every entity, for the ORM configuration. */
export const ENTITIES = [
  Account, ApiToken, Appellation, Commitment, Commune, Company, CompanyMembership, Departement, DomaineProfessionnel,
  GrandDomaine, IdempotencyKey, ImmersionOffer, Metier, NafActivity, OfferSubscription, OutboxEvent, Participant, ParticipantPersonalData, ReferenceImport, Referral,
  ReferralTransition, Region, Session, Structure, AuditEntry,
];
