/**
 * The passeport: a participant's journey in the network (sessions attended, immersions completed, the métiers,
 * companies and host structures they met), assembled from plain rows. No GraphQL, no ORM: the GraphQL field and the PDF both read what
 * `assemblePasseport` answers, so that they never disagree.
 */

/** A métier as the passeport names it: its ROME code and label. */
export interface PasseportMetierRef {
  code: string;
  label: string;
}

/** A session the participant attended (its referral ATTENDED or COMPLETED). */
export interface PasseportSessionRow {
  participantId: number;
  sessionId: number;
  title: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  organiserId: number;
  organiserName: string;
  hostCompanyId: number | null;
  hostCompanyName: string | null;
  /** The structure that hosted it instead of a company (an MFR, an SIAE), if any. */
  hostStructureId: number | null;
  hostStructureName: string | null;
  communeCode: string | null;
  communeName: string | null;
  /** The session's métiers, by ROME code. */
  metiers: PasseportMetierRef[];
}

/** An immersion the participant completed (their referral to the offer ATTENDED or COMPLETED). */
export interface PasseportImmersionRow {
  participantId: number;
  immersionOfferId: number;
  title: string;
  objective: string;
  companyId: number;
  companyName: string;
  metier: PasseportMetierRef;
  appellationCode: number | null;
  appellationLabel: string | null;
  /** The day the company agreed to host them (the referral ACCEPTED), in France; null if the log lacks it. */
  agreedOn: string | null;
  /** The day the immersion was recorded as done (the referral ATTENDED), in France. */
  attendedOn: string | null;
}

/** A note another capability shares with the participant (a debrief, an evaluation), printed in the passeport. */
export interface SharedNote {
  /** What the note is, as printed ("Débrief", "Évaluation d’immersion"). */
  heading: string;
  /** The day it was written or shared (YYYY-MM-DD). */
  on: string;
  /** What it is about (a session or offer title). */
  about: string;
  /** Its lines, as shared with the participant. */
  lines: string[];
}

/** A métier discovered, with where from. */
export interface DiscoveredMetier extends PasseportMetierRef {
  sessionCount: number;
  immersionCount: number;
  /** The first day it was met (YYYY-MM-DD, in France). */
  firstMetOn: string;
}

/** A company met: a session's host or an immersion's company. */
export interface CompanyMet {
  companyId: number;
  name: string;
  /** Times met: sessions hosted that they attended, immersions completed there. */
  visits: number;
  firstMetOn: string;
}

/** A structure met as the host of a session (an MFR, an SIAE that opened its doors), as a company is met. */
export interface HostStructureMet {
  structureId: number;
  name: string;
  /** Sessions it hosted that they attended. */
  visits: number;
  firstMetOn: string;
}

export interface Passeport {
  participantId: number;
  /** The day it is issued (YYYY-MM-DD, in France). */
  issuedOn: string;
  /** Sessions attended, oldest first: at most MAX_PASSEPORT_SESSIONS, the most recent ones. */
  sessions: PasseportSessionRow[];
  /** Immersions completed, oldest first: at most MAX_PASSEPORT_IMMERSIONS, the most recent ones. */
  immersions: PasseportImmersionRow[];
  /** All sessions attended and immersions completed, whether listed or not. */
  sessionCount: number;
  immersionCount: number;
  /** Métiers discovered, in the order they were first met: at most MAX_PASSEPORT_METIERS. */
  metiers: DiscoveredMetier[];
  /** Companies met, in the order they were first met: at most MAX_PASSEPORT_COMPANIES. */
  companies: CompanyMet[];
  /** Structures met as hosts, in the order they were first met: at most MAX_PASSEPORT_COMPANIES. */
  hostStructures: HostStructureMet[];
  /** Notes shared with the participant by other capabilities (debriefs, evaluations), oldest first: at most MAX_PASSEPORT_SHARED_NOTES, the most recent ones. */
  sharedNotes: SharedNote[];
}

/**
 * Bounds of the passeport's lists (the GraphQL cost estimate counts them, src/graphql/list-size.ts). Far beyond a
 * real journey (a busy participant attends a few dozen sessions): past them, the oldest entries are left out and
 * the counts still say how many there were.
 */
export const MAX_PASSEPORT_SESSIONS = 100;
export const MAX_PASSEPORT_IMMERSIONS = 50;
export const MAX_PASSEPORT_METIERS = 100;
export const MAX_PASSEPORT_COMPANIES = 100;
export const MAX_PASSEPORT_SHARED_NOTES = 100;
/** Métiers listed per session: a session has at most 10 (sessions' MAX_SESSION_METIERS); cut here so the bound holds. */
export const MAX_PASSEPORT_SESSION_METIERS = 10;

// en-CA formats as YYYY-MM-DD.
const frenchDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day an instant falls on in metropolitan France. */
export function dayInFrance(at: Date): string {
  return frenchDay.format(at);
}

/** An immersion's day for ordering: when it was recorded as done, else agreed. */
function immersionDay(row: PasseportImmersionRow): string {
  return row.attendedOn ?? row.agreedOn ?? '';
}

/** The most recent `most` of rows already sorted oldest first. */
function lastOf<T>(rows: readonly T[], most: number): T[] {
  return rows.slice(Math.max(0, rows.length - most));
}

/**
 * The passeport of one participant from their rows (any order): the lists sorted oldest first, the métiers and
 * companies counted over the whole journey (not only the entries listed), each once, in the order first met.
 */
export function assemblePasseport(
  participantId: number,
  issuedOn: string,
  sessionRows: readonly PasseportSessionRow[],
  immersionRows: readonly PasseportImmersionRow[],
  sharedNotes: readonly SharedNote[] = [],
): Passeport {
  const sessions = sessionRows.map((s) => ({ ...s, metiers: s.metiers.slice(0, MAX_PASSEPORT_SESSION_METIERS) })).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.sessionId - b.sessionId);
  const immersions = [...immersionRows].sort((a, b) => immersionDay(a).localeCompare(immersionDay(b)) || a.immersionOfferId - b.immersionOfferId);

  // Every step of the journey in order, to meet métiers and companies first where they were first met.
  const steps = [
    ...sessions.map((s) => ({
      on: dayInFrance(s.startsAt),
      metiers: s.metiers,
      company: s.hostCompanyId === null ? null : { id: s.hostCompanyId, name: s.hostCompanyName ?? '' },
      hostStructure: s.hostStructureId === null ? null : { id: s.hostStructureId, name: s.hostStructureName ?? '' },
      session: true,
    })),
    ...immersions.map((i) => ({ on: immersionDay(i), metiers: [i.metier], company: { id: i.companyId, name: i.companyName }, hostStructure: null, session: false })),
  ].sort((a, b) => a.on.localeCompare(b.on));

  const metiers = new Map<string, DiscoveredMetier>();
  const companies = new Map<number, CompanyMet>();
  const hostStructures = new Map<number, HostStructureMet>();
  for (const step of steps) {
    for (const m of step.metiers) {
      const found = metiers.get(m.code) ?? { code: m.code, label: m.label, sessionCount: 0, immersionCount: 0, firstMetOn: step.on };
      if (step.session) found.sessionCount += 1;
      else found.immersionCount += 1;
      metiers.set(m.code, found);
    }
    if (step.company) {
      const found = companies.get(step.company.id) ?? { companyId: step.company.id, name: step.company.name, visits: 0, firstMetOn: step.on };
      found.visits += 1;
      companies.set(step.company.id, found);
    }
    if (step.hostStructure) {
      const found = hostStructures.get(step.hostStructure.id) ?? { structureId: step.hostStructure.id, name: step.hostStructure.name, visits: 0, firstMetOn: step.on };
      found.visits += 1;
      hostStructures.set(step.hostStructure.id, found);
    }
  }
  return {
    participantId,
    issuedOn,
    sessions: lastOf(sessions, MAX_PASSEPORT_SESSIONS),
    immersions: lastOf(immersions, MAX_PASSEPORT_IMMERSIONS),
    sessionCount: sessions.length,
    immersionCount: immersions.length,
    metiers: [...metiers.values()].slice(0, MAX_PASSEPORT_METIERS),
    companies: [...companies.values()].slice(0, MAX_PASSEPORT_COMPANIES),
    hostStructures: [...hostStructures.values()].slice(0, MAX_PASSEPORT_COMPANIES),
    sharedNotes: lastOf([...sharedNotes].sort((a, b) => a.on.localeCompare(b.on)), MAX_PASSEPORT_SHARED_NOTES),
  };
}
