import { registerEnumType } from 'type-graphql';
import {
  AccountRole, CommitmentAxis, CommitmentMeasure, CommitmentStatus, CompanySizeBand, ContractType, HostConfirmation, ImmersionObjective,
  NoShowParty, OfferStatus, ProgrammeKind, ReferralOutcome, ReferralStatus, RefusalReason, SessionKind, SessionStatus, StructureKind,
  STRUCTURE_KIND_LABELS,
} from './all-enums';

// Descriptions in English, naming the French term of the field (docs/domain.md).
registerEnumType(StructureKind, {
  name: 'StructureKind',
  description: 'Kind of structure: the data·inclusion typology codes ("typologies de structures"), plus CREPI and MFR.',
  valuesConfig: Object.fromEntries(Object.entries(STRUCTURE_KIND_LABELS).map(([k, label]) => [k, { description: label }])),
});
registerEnumType(SessionKind, {
  name: 'SessionKind',
  description: 'What happens during a session.',
  valuesConfig: {
    AMBASSADEURS_DES_METIERS: { description: '"Ambassadeurs des métiers": a small group meets near a company, visits it with professionals, then debriefs; half a day; each leaves with a passeport.' },
    COMPANY_VISIT: { description: 'Group visit of a company or a building site (visite d\'entreprise).' },
    RALLYE: { description: 'A circuit of several companies or workshops over days (rallye).' },
    JOB_DATING: { description: 'Short interviews with employers (job dating).' },
    INFORMATION_MEETING: { description: 'Presentation of a programme (réunion d\'information collective).' },
    WORKSHOP: { description: 'Hands-on workshop: CV, pitch, trade gestures (atelier).' },
  },
});
registerEnumType(SessionStatus, {
  name: 'SessionStatus',
  description: 'DRAFT → PUBLISHED → (FULL ⇄ PUBLISHED as seats go and come back) → HELD (past its end) → COMPLETED; CANCELLED from DRAFT, PUBLISHED or FULL before it starts.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared: seen by its organiser (and host company) only.' },
    PUBLISHED: { description: 'Open to referrals; with seats left, a visit slot.' },
    FULL: { description: 'Published without a seat left: referrals join its waiting list.' },
    HELD: { description: 'Past its end: no longer a visit slot; its organiser records attendance (recordSessionAttendance) within 14 days.' },
    COMPLETED: { description: 'Attendance recorded, or its attendance window closed.' },
    CANCELLED: { description: 'Cancelled before it started (by its organiser, or because its host company withdrew); its referrals were cancelled.' },
  },
});
registerEnumType(HostConfirmation, {
  name: 'HostConfirmation',
  description: 'Whether the company named as host of a session agreed to open its doors (accord de l\'entreprise d\'accueil). PENDING → CONFIRMED | DECLINED; CONFIRMED → DECLINED (withdrawn); DECLINED → CONFIRMED while the session is a draft.',
  valuesConfig: {
    NOT_REQUIRED: { description: 'The session has no host company: nobody has to agree.' },
    PENDING: { description: 'The host company has not answered: the session cannot be published yet (confirmSessionHosting).' },
    CONFIRMED: { description: 'The host company agreed, or its standing hosting agreement with the organising club did: the session may be published and counts in the company\'s commitments.' },
    DECLINED: { description: 'The host company declined, or withdrew its confirmation (declineSessionHosting): the session cannot be published, and a published one was cancelled.' },
  },
});
registerEnumType(ImmersionObjective, {
  name: 'ImmersionObjective',
  description: 'Objective of a PMSMP (période de mise en situation en milieu professionnel). An immersion is not a job offer.',
  valuesConfig: {
    DISCOVER_METIER: { description: 'Découvrir un métier ou un secteur d\'activité (discover a trade or sector).' },
    CONFIRM_PROJECT: { description: 'Confirmer un projet professionnel, valider des compétences (confirm a career plan).' },
    START_RECRUITMENT: { description: 'Initier une démarche de recrutement (start a recruitment process).' },
  },
});
registerEnumType(OfferStatus, { name: 'OfferStatus', description: 'Lifecycle of an immersion offer: DRAFT → PUBLISHED → CLOSED.' });
registerEnumType(ReferralStatus, {
  name: 'ReferralStatus',
  description: 'State of a referral (prescription / orientation).',
  valuesConfig: {
    PENDING: { description: 'Sent, awaiting the host.' },
    ACCEPTED: { description: 'Seat held (sessions) or immersion agreed in principle.' },
    WAITLISTED: { description: 'No seat now; promoted in order when one frees up (liste d\'attente).' },
    REFUSED: { description: 'Refused by the host, with a reason.' },
    CANCELLED: { description: 'Withdrawn by the prescriber or the participant, expired, or the session was cancelled.' },
    ATTENDED: { description: 'The participant attended (présent).' },
    NO_SHOW: { description: 'Someone missed the session (absent): see noShowParty.' },
    COMPLETED: { description: 'Outcome recorded (suite de parcours).' },
  },
});
registerEnumType(RefusalReason, {
  name: 'RefusalReason',
  description: 'Why a host refused a referral (motif de refus). OTHER requires a free text.',
});
registerEnumType(NoShowParty, { name: 'NoShowParty', description: 'Who missed the session: the participant or the host.' });
registerEnumType(ReferralOutcome, { name: 'ReferralOutcome', description: 'What came out of a referral (suite donnée).' });
registerEnumType(ContractType, { name: 'ContractType', description: 'Contract type of a hire (CDI, CDD, intérim, CDDI in an SIAE, apprentissage, professionnalisation).' });
registerEnumType(CommitmentAxis, {
  name: 'CommitmentAxis',
  description: 'The four PAQTE axes (Pacte avec les quartiers pour toutes les entreprises).',
  valuesConfig: {
    SENSIBILISER: { description: 'Raise awareness: host visits, Ambassadeurs sessions, open doors to school classes.' },
    FORMER: { description: 'Train: apprentices, alternance contracts, tutoring.' },
    RECRUTER: { description: 'Recruit: offer immersions, hire people from the quartiers prioritaires.' },
    ACHETER: { description: 'Buy responsibly from SIAE / ESS suppliers (achats responsables).' },
  },
});
registerEnumType(CommitmentMeasure, { name: 'CommitmentMeasure', description: 'What a commitment target counts; SESSIONS_HOSTED and IMMERSIONS_OFFERED are measured by the hub, the rest declared.' });
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus', description: 'PROPOSED → SIGNED → FULFILLED / LAPSED, or WITHDRAWN.' });
registerEnumType(CompanySizeBand, {
  name: 'CompanySizeBand',
  description: 'Headcount band (tranche d\'effectif).',
  valuesConfig: {
    MICRO: { description: 'Fewer than 10 employees (microentreprise).' },
    SMALL: { description: '10 to 49 employees.' },
    MEDIUM: { description: '50 to 249 employees.' },
    LARGE: { description: '250 employees or more.' },
  },
});
registerEnumType(AccountRole, { name: 'AccountRole', description: 'Role of an account in the hub.' });
registerEnumType(ProgrammeKind, {
  name: 'ProgrammeKind',
  description: 'What a programme is (programme, dispositif): a structure\'s recurring action with a period and targets.',
  valuesConfig: {
    AMBASSADEURS_DES_METIERS: { description: 'A CRÉPI\'s "Ambassadeurs des métiers" over a year: small groups visiting member companies.' },
    SITE_VISITS: { description: 'Site visits on a rhythm (a PLIE\'s visits every 15 days).' },
    COHORT_ACCOMPANIMENT: { description: 'A cohort-based accompaniment (accompagnement en cohorte: WeJob, 12 weeks, teams of 10-12).' },
    IMMERSIONS: { description: 'An immersion programme (PMSMP), e.g. of an SIAE.' },
    OTHER: { description: 'Any other programme.' },
  },
});
