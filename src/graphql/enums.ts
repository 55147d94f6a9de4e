import { registerEnumType } from 'type-graphql';
import {
  AccountRole, CommitmentAxis, DebriefSide, DebriefWish, MetierInterest, ReferralChange, CommitmentMeasure, CommitmentStatus, CompanySizeBand, ContractType, FollowUpMilestone, FollowUpSituation, FollowUpStatus, HostConfirmation, ImmersionObjective,
  IndicatorDimension, NoShowParty, OfferStatus, ProgrammeKind, ReferralOutcome, ReferralStatus, RefusalReason, SessionKind, SessionStatus, StructureKind,
  STRUCTURE_KIND_LABELS, CompetenceNature, CompetenceRelevance, EvaluationLevel,
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
registerEnumType(OfferStatus, {
  name: 'OfferStatus',
  description: 'Lifecycle of an immersion offer: DRAFT → PUBLISHED → CLOSED.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared: seen by the people of its company (and network admins) only; takes no referral.' },
    PUBLISHED: { description: 'Public to any valid token, pushed to offer subscribers, and open to referrals.' },
    CLOSED: { description: 'Closed by its company: still readable, takes no new referral; its referrals still awaiting an answer were cancelled.' },
  },
});
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
  valuesConfig: {
    NO_SEAT: { description: 'No seat or place left (plus de place).' },
    NOT_ELIGIBLE: { description: 'The participant does not meet the conditions of the session or offer (e.g. its minimum age).' },
    NOT_MOBILE: { description: 'The participant cannot get to the place (mobilité).' },
    LACKING_SKILLS: { description: 'The participant lacks the skills or level the host needs.' },
    INCOMPATIBLE_DATES: { description: 'The dates do not suit the participant or the host.' },
    DUPLICATE: { description: 'A duplicate of another referral of the same participant (doublon).' },
    OTHER: { description: 'Another reason, given as a free text (refusalDetail, required).' },
  },
});
registerEnumType(NoShowParty, {
  name: 'NoShowParty',
  description: 'Who missed the session: the participant or the host.',
  valuesConfig: {
    PARTICIPANT: { description: 'The participant did not come.' },
    HOST: { description: 'The host (company or organiser) did not receive the participant.' },
  },
});
registerEnumType(ReferralOutcome, {
  name: 'ReferralOutcome',
  description: 'What came out of a referral (suite donnée), recorded by its prescriber with completeReferral.',
  valuesConfig: {
    INTERESTED: { description: 'The participant is interested in the métier.' },
    NOT_INTERESTED: { description: 'The participant is not interested in the métier.' },
    IMMERSION_REQUESTED: { description: 'The participant asked for an immersion (PMSMP) next.' },
    TRAINING: { description: 'The participant goes on to a training.' },
    HIRED: { description: 'The participant was hired: the contract type is required with this outcome (and only with it).' },
  },
});
registerEnumType(ContractType, {
  name: 'ContractType',
  description: 'Contract type of a hire (outcome HIRED).',
  valuesConfig: {
    CDI: { description: 'Contrat à durée indéterminée (permanent contract).' },
    CDD: { description: 'Contrat à durée déterminée (fixed-term contract).' },
    INTERIM: { description: 'Temporary work through an agency (intérim).' },
    CDDI: { description: 'Contrat à durée déterminée d\'insertion, in an SIAE.' },
    APPRENTICESHIP: { description: 'Contrat d\'apprentissage (alternance).' },
    PROFESSIONALISATION: { description: 'Contrat de professionnalisation (alternance).' },
    OTHER: { description: 'Any other contract.' },
  },
});
registerEnumType(FollowUpMilestone, {
  name: 'FollowUpMilestone',
  description: 'Which follow-up of a completed referral (suivi à 3 et 6 mois): due 3 or 6 months after the Paris day it was completed.',
  valuesConfig: {
    MONTH_3: { description: '3 months after completion.' },
    MONTH_6: { description: '6 months after completion.' },
  },
});
registerEnumType(FollowUpSituation, {
  name: 'FollowUpSituation',
  description: 'The participant\'s situation at a follow-up. Durable employment (the funders\' measure): a CDI, a CDD or INTERIM of 6 months or more, or CREATION.',
  valuesConfig: {
    CDI: { description: 'Contrat à durée indéterminée (permanent contract): durable employment.' },
    CDD: { description: 'Contrat à durée déterminée, with its length in months: durable from 6 months.' },
    INTERIM: { description: 'Temporary work (intérim), with its length in months: durable from 6 months.' },
    ALTERNANCE: { description: 'Work-study contract (apprentissage, professionnalisation): not counted as durable employment.' },
    TRAINING: { description: 'In training (formation).' },
    IAE_CONTRACT: { description: 'A contract in an SIAE (insertion par l\'activité économique, CDDI...): not counted as durable employment.' },
    CREATION: { description: 'Created their own business: durable employment.' },
    JOB_SEEKING: { description: 'Looking for a job.' },
    OTHER: { description: 'Any other situation.' },
  },
});
registerEnumType(FollowUpStatus, {
  name: 'FollowUpStatus',
  description: 'Where a follow-up stands.',
  valuesConfig: {
    UPCOMING: { description: 'Not due yet (it may be recorded from 14 days before its due date).' },
    DUE: { description: 'Its due day (Paris) came and it is not recorded.' },
    OVERDUE: { description: 'Still not recorded more than 30 days after its due day (marked by the follow-up job, which tells the prescriber).' },
    RECORDED: { description: 'Its prescriber recorded the situation.' },
  },
});
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
registerEnumType(CommitmentMeasure, {
  name: 'CommitmentMeasure',
  description: 'What a commitment target counts; SESSIONS_HOSTED and IMMERSIONS_OFFERED are measured by the hub, the rest declared.',
  valuesConfig: {
    SESSIONS_HOSTED: { description: 'Sessions (visits, Ambassadeurs des métiers) the company hosted and confirmed, published or held: measured by the hub.' },
    IMMERSIONS_OFFERED: { description: 'Immersion offers (PMSMP) the company published: measured by the hub.' },
    APPRENTICES: { description: 'Apprentices or alternance contracts taken: declared (recordCommitmentProgress).' },
    HIRES: { description: 'People recruited (e.g. from the quartiers prioritaires): declared.' },
    EUROS_PURCHASED: { description: 'Euros bought from SIAE / ESS suppliers (achats responsables): declared.' },
    OTHER: { description: 'Anything else: declared.' },
  },
});
registerEnumType(CommitmentStatus, {
  name: 'CommitmentStatus',
  description: 'PROPOSED → SIGNED → FULFILLED / LAPSED, or WITHDRAWN.',
  valuesConfig: {
    PROPOSED: { description: 'Proposed by the company or its animator, not yet signed.' },
    SIGNED: { description: 'Signed by the animating structure: the pledge runs over its period.' },
    FULFILLED: { description: 'The target was reached (final).' },
    LAPSED: { description: 'A signed commitment whose period ended (Paris time) short of its target (final).' },
    WITHDRAWN: { description: 'Withdrawn before it was fulfilled (final).' },
  },
});
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
registerEnumType(AccountRole, {
  name: 'AccountRole',
  description: 'Role of an account in the hub: what it may see and do (README, "Who may see and do what"). An account belongs to one structure, one company, one participant, or (network admins) none.',
  valuesConfig: {
    NETWORK_ADMIN: { description: 'Runs the hub for the whole network: sees and may do everything.' },
    STRUCTURE_ADMIN: { description: 'Admin of a structure: its staff\'s rights, plus its accounts, programmes and (for a CRÉPI) its club.' },
    STRUCTURE_STAFF: { description: 'Counsellor or animator of a structure: follows its participants, refers them, organises its sessions.' },
    COMPANY_ADMIN: { description: 'Admin of a company: its staff\'s rights, plus its accounts and company details.' },
    COMPANY_STAFF: { description: 'Person of a company: hosts sessions, publishes immersion offers, answers referrals to them.' },
    PARTICIPANT: { description: 'A participant (the mobile app\'s person): sees their own data and referrals.' },
    PARTNER_INTEGRATION: { description: 'A read-only partner integration (a portal\'s service token): public data only, never personal data.' },
  },
});
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
registerEnumType(ReferralChange, {
  name: 'ReferralChange',
  description: 'What a referral event says changed.',
  valuesConfig: {
    STATUS: { description: 'Its status moved (see `status`).' },
    DEBRIEF_RECORDED: { description: 'A debrief of the participant was recorded or rewritten (recordDebrief); the status did not move.' },
    FOLLOW_UP: { description: 'A follow-up became due, overdue or was recorded (see `followUp`); the status did not move.' },
    EVALUATION_RECORDED: { description: 'The immersion\'s evaluation grid was recorded or rewritten by the company (not told to the participant before it is shared); the status did not move.' },
    EVALUATION_SHARED: { description: 'The prescriber shared the immersion\'s evaluation with the participant; the status did not move.' },
  },
});
registerEnumType(DebriefSide, {
  name: 'DebriefSide',
  description: 'Who wrote a debrief: one debrief per side and referral.',
  valuesConfig: {
    ORGANISER: { description: 'The session\'s organiser (its animator: staff of the organising structure).' },
    HOST: { description: 'The session\'s host company (its staff).' },
  },
});
registerEnumType(MetierInterest, {
  name: 'MetierInterest',
  description: 'The interest a participant showed in a métier of the session (intérêt pour le métier).',
  valuesConfig: {
    YES: { description: 'Interested.' },
    MAYBE: { description: 'Perhaps: to be explored further.' },
    NO: { description: 'Not interested.' },
  },
});
registerEnumType(DebriefWish, {
  name: 'DebriefWish',
  description: 'What a participant wishes to do next, after a session (suites souhaitées).',
  valuesConfig: {
    IMMERSION: { description: 'An immersion (PMSMP) in the métier.' },
    TRAINING: { description: 'A training (formation).' },
    JOB_DATING: { description: 'A job dating with employers.' },
    OTHER: { description: 'Something else (say it in the comment).' },
  },
});
registerEnumType(CompetenceRelevance, {
  name: 'CompetenceRelevance',
  description: 'How a ROME compétence belongs to a fiche métier (`coeur_metier` of France Travail\'s coherence file).',
  valuesConfig: {
    CORE: { description: 'Core of the métier (Principale): what an immersion\'s evaluation grid lists.' },
    EMERGING: { description: 'A skill the métier is acquiring (Émergente).' },
    OTHER: { description: 'Another compétence of the fiche.' },
  },
});
registerEnumType(CompetenceNature, {
  name: 'CompetenceNature',
  description: 'Whether a ROME compétence is one skill or a macro-compétence grouping several.',
  valuesConfig: {
    COMPETENCE: { description: 'One skill (Compétence).' },
    MACRO_COMPETENCE: { description: 'A group of skills (Macro-compétence).' },
  },
});
registerEnumType(EvaluationLevel, {
  name: 'EvaluationLevel',
  description: 'A level on an immersion\'s evaluation grid, for a compétence or an attitude.',
  valuesConfig: {
    NOT_OBSERVED: { description: 'The immersion gave no occasion to observe it (non observé).' },
    BEGINNER: { description: 'Discovering it, needs help (débutant).' },
    PRACTISING: { description: 'Does it with little help (en cours d\'acquisition).' },
    MASTERED: { description: 'Does it alone (maîtrisé).' },
  },
});
registerEnumType(IndicatorDimension, {
  name: 'IndicatorDimension',
  description: 'What indicators can be grouped by (at most two). Times are Paris time; places are where the activity takes place. Sex is not recorded by the hub, so it is not offered.',
  valuesConfig: {
    MONTH: { description: 'Calendar month (`2026-11`) of the session\'s start, the immersion referral\'s sending, the offer\'s publication, the commitment\'s period start.' },
    QUARTER: { description: 'Calendar quarter (`2026-Q4`), same dates as MONTH.' },
    YEAR: { description: 'Calendar year (`2026`), same dates as MONTH.' },
    DEPARTEMENT: { description: 'Département of the session or offer (a commitment: of its company).' },
    STRUCTURE: { description: 'Structure responsible: a session\'s organiser; for an immersion, its prescriber (who signs the PMSMP convention); a commitment\'s animator.' },
    PROGRAMME: { description: 'Programme of the session or offer.' },
    SESSION_KIND: { description: 'Kind of session (immersions have none: null).' },
    ROME_DOMAINE: { description: 'ROME domaine professionnel: an offer\'s métier\'s; a session\'s most frequent among its métiers (ties: the smallest code), so that it counts once.' },
    AGE_BAND: { description: 'Age band of the participant at registration (referrals only).' },
  },
});
