import { Account } from '../access/entities/account';
import { ApiToken } from '../access/entities/api-token';
import { AuditEntry } from '../access/entities/audit-entry';
import { TokenOperation } from '../access/entities/token-operation';
import { Appellation } from '../metiers/entities/appellation';
import { Commitment } from '../commitments/entities/commitment';
import { Commune } from '../territories/entities/commune';
import { Company } from '../network/entities/company';
import { CompanyMembership } from '../network/entities/company-membership';
import { Debrief } from '../debriefs/entities/debrief';
import { DebriefInterest } from '../debriefs/entities/debrief-interest';
import { Departement } from '../territories/entities/departement';
import { DomaineProfessionnel } from '../metiers/entities/domaine-professionnel';
import { GrandDomaine } from '../metiers/entities/grand-domaine';
import { CatalogueVersion } from './catalogue-version';
import { IdempotencyKey } from './idempotency-key';
import { ImmersionOffer } from '../offers/entities/immersion-offer';
import { Metier } from '../metiers/entities/metier';
import { MultiSiteEvent } from '../sessions/entities/multi-site-event';
import { NafActivity } from '../network/entities/naf-activity';
import { OfferSubscription } from '../events/entities/offer-subscription';
import { OutboxEvent } from '../events/entities/outbox-event';
import { PendingEvent } from '../events/entities/pending-event';
import { Participant } from '../participants/entities/participant';
import { Programme } from '../programmes/entities/programme';
import { SessionSeries } from '../sessions/entities/session-series';
import { PastCompanyMembership } from '../network/entities/past-company-membership';
import { ParticipantPersonalData } from '../participants/entities/participant-personal-data';
import { ReferenceImport } from './reference-import';
import { Referral } from '../referrals/entities/referral';
import { ReferralFollowUp } from '../referrals/entities/referral-follow-up';
import { ReferralTransition } from '../referrals/entities/referral-transition';
import { Region } from '../territories/entities/region';
import { Session } from '../sessions/entities/session';
import { Structure } from '../network/entities/structure';
import { WebhookAttempt } from '../webhooks/entities/webhook-attempt';
import { WebhookDelivery } from '../webhooks/entities/webhook-delivery';
import { WebhookEndpoint } from '../webhooks/entities/webhook-endpoint';
import { RomeCompetence } from '../metiers/entities/rome-competence';
import { RomeSavoir } from '../metiers/entities/rome-savoir';
import { MetierCompetence, MetierSavoir } from '../metiers/entities/metier-item';
import { ImmersionEvaluation } from '../evaluations/entities/immersion-evaluation';

export {
  Account, ApiToken, Appellation, Commitment, Commune, Company, CompanyMembership, Departement, DomaineProfessionnel,
  GrandDomaine, IdempotencyKey, ImmersionOffer, Metier, NafActivity, OfferSubscription, OutboxEvent, Participant, PendingEvent, ParticipantPersonalData, ReferenceImport, Referral,
  ReferralTransition, ReferralFollowUp, Region, Session, Structure, AuditEntry, PastCompanyMembership,
  Programme, SessionSeries, MultiSiteEvent,
  WebhookEndpoint, WebhookDelivery, WebhookAttempt,
  Debrief, DebriefInterest, RomeCompetence, RomeSavoir, MetierCompetence, MetierSavoir, ImmersionEvaluation, TokenOperation, CatalogueVersion,
};

/** Every entity, for the ORM configuration. */
export const ENTITIES = [
  Account, ApiToken, Appellation, Commitment, Commune, Company, CompanyMembership, Departement, DomaineProfessionnel,
  GrandDomaine, IdempotencyKey, ImmersionOffer, Metier, NafActivity, OfferSubscription, OutboxEvent, Participant, PendingEvent, ParticipantPersonalData, ReferenceImport, Referral,
  ReferralTransition, ReferralFollowUp, Region, Session, Structure, AuditEntry, PastCompanyMembership,
  Programme, SessionSeries, MultiSiteEvent,
  WebhookEndpoint, WebhookDelivery, WebhookAttempt,
  Debrief, DebriefInterest, RomeCompetence, RomeSavoir, MetierCompetence, MetierSavoir, ImmersionEvaluation, TokenOperation, CatalogueVersion,
];
