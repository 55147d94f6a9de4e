import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { accountsByIds, tokensByAccounts, type AccountRow, type ApiTokenRow } from '../access/queries/accounts';
import { commitmentCountsByCompanies, commitmentsByCompanies, commitmentsByIds, type CommitmentRow } from '../commitments/queries/commitments';
import { companiesByIds, nafLabels, type CompanyRow } from '../network/queries/companies';
import { clubMembershipsByCompanies, type ClubMembershipRow } from '../network/queries/memberships';
import { immersionOffersByCompany, immersionOffersByIds, type ImmersionOfferRow } from '../offers/queries/immersion-offers';
import {
  appellationsByCodes, appellationsByMetiers, domainesByCodes, grandDomainesByCodes, metiersByCodes, metiersBySessions,
  type AppellationRow, type DomaineRow, type GrandDomaineRow, type MetierRow,
} from '../metiers/queries/metiers';
import { competencesByCodes, competencesByMetiers, type CompetenceRow, type MetierCompetenceRow } from '../metiers/queries/competences';
import { evaluationsByIds, evaluationsByReferrals, type EvaluationRow } from '../evaluations/queries/evaluations';
import { participantsByIds, personalDataByParticipants, visibleParticipantsByIds, type ParticipantPersonalRow, type ParticipantRow } from '../participants/queries/participants';
import { referralsByIds, transitionsByReferrals } from '../referrals/queries/referrals';
import { followUpsByReferrals, type FollowUpRow } from '../referrals/queries/follow-ups';
import type { ProjectedReferral, ProjectedTransition } from '../referrals/rules/referral-access';
import { sessionsByHostCompany, sessionsByHostStructure, sessionsByIds, sessionsByMetier, type SessionRow } from '../sessions/queries/sessions';
import { structuresByIds, type StructureRow } from '../network/queries/structures';
import { communesByCodes, departementsByCodes, regionsByCodes, type CommuneRow, type DepartementRow, type RegionRow } from '../territories/queries/territories';
import { groupBy } from '../db/list-query';
import { emptyPage, type Page, type PageArgs } from '../db/page';
import { programmesByIds, type ProgrammeRow } from '../programmes/queries/programmes';
import {
  groupsOfSessions, multiSiteEventsByIds, seriesByIds, sessionCountsByGroup, sessionPagesByGroup,
  type GroupedSessionKey, type MultiSiteEventRow, type SessionGroupColumn, type SessionGroupsRow, type SessionSeriesRow,
} from '../sessions/queries/session-groups';
import { offerCountsByProgramme, offerPagesByProgramme, programmeIdsOfOffers, type ProgrammeOfferKey } from '../offers/queries/offers-by-programme';
import { PersonalDataAccess } from '../access/personal-data-access';
import { personalDataAccess } from '../referrals/queries/personal-data-access';
import type { Viewer } from '../access/rules/viewer';
import { debriefsByReferrals, type DebriefRow } from '../debriefs/queries/debriefs';
import { passeportsOf } from '../passeport/queries/passeports';
import type { Passeport } from '../passeport/rules/passeport';

type Key = string | number;

/** A loader of rows by their own key: one statement per batch, null for keys not found (or not visible). */
function byKey<K extends Key, T>(load: (keys: readonly K[]) => Promise<T[]>, keyOf: (row: T) => K): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const found = new Map((await load(keys)).map((row) => [keyOf(row), row]));
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** A loader of lists grouped by parent key. */
function listsByKey<K extends Key, T>(load: (keys: readonly K[]) => Promise<Map<K, T[]>>): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(async (keys) => {
    const groups = await load(keys);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** The same, for loads that return flat rows with their parent key. */
function groupedRows<K extends Key, T>(load: (keys: readonly K[]) => Promise<T[]>, parentOf: (row: T) => K): DataLoader<K, T[]> {
  return listsByKey(async (keys) => groupBy(await load(keys), parentOf));
}

/**
 * The DataLoaders of one request (or one subscription event): nested fields batch into one statement per
 * relation and level, whatever the page size (no N+1). Created lazily: a request pays only for what it uses.
 */
export class Loaders {
  private readonly cache = new Map<string, DataLoader<Key, unknown>>();
  private transitions?: DataLoader<ProjectedReferral, ProjectedTransition[], number>;
  private debriefs?: DataLoader<ProjectedReferral, DebriefRow[], number>;
  private followUps?: DataLoader<ProjectedReferral, FollowUpRow[], number>;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  private get<K extends Key, V>(name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.cache.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = create();
      this.cache.set(name, loader as unknown as DataLoader<Key, unknown>);
    }
    return loader;
  }

  get structure(): DataLoader<number, StructureRow | null> {
    return this.get('structure', () => byKey((ids: readonly number[]) => structuresByIds(this.em, ids), (r) => r.id));
  }
  get company(): DataLoader<number, CompanyRow | null> {
    return this.get('company', () => byKey((ids: readonly number[]) => companiesByIds(this.em, ids), (r) => r.id));
  }
  get session(): DataLoader<number, SessionRow | null> {
    return this.get('session', () => byKey((ids: readonly number[]) => sessionsByIds(this.em, this.viewer, ids), (r) => r.id));
  }
  get immersionOffer(): DataLoader<number, ImmersionOfferRow | null> {
    return this.get('immersionOffer', () => byKey((ids: readonly number[]) => immersionOffersByIds(this.em, this.viewer, ids), (r) => r.id));
  }
  get participant(): DataLoader<number, ParticipantRow | null> {
    return this.get('participant', () => byKey((ids: readonly number[]) => participantsByIds(this.em, ids), (r) => r.id));
  }
  /** Participants the viewer may list (node(id)); `participant` serves references from visible referrals. */
  get visibleParticipant(): DataLoader<number, ParticipantRow | null> {
    return this.get('visibleParticipant', () => byKey((ids: readonly number[]) => visibleParticipantsByIds(this.em, this.viewer, ids), (r) => r.id));
  }
  get personalData(): DataLoader<number, ParticipantPersonalRow | null> {
    return this.get('personalData', () => byKey((ids: readonly number[]) => personalDataByParticipants(this.em, ids), (r) => r.participantId));
  }
  get account(): DataLoader<number, AccountRow | null> {
    return this.get('account', () => byKey((ids: readonly number[]) => accountsByIds(this.em, this.viewer, ids), (r) => r.id));
  }
  get tokensByAccount(): DataLoader<number, ApiTokenRow[]> {
    return this.get('tokensByAccount', () => listsByKey((ids: readonly number[]) => tokensByAccounts(this.em, ids)));
  }
  get personalDataAccess(): DataLoader<number, PersonalDataAccess> {
    return this.get('personalDataAccess', () => new DataLoader<number, PersonalDataAccess>(async (ids) => {
      const access = await personalDataAccess(this.em, this.viewer, ids);
      return ids.map((id) => access.get(id) ?? PersonalDataAccess.NONE);
    }));
  }
  /** Passeports by participant: the caller checks the viewer may read them (passeport/rules/passeport-access.ts). */
  get passeport(): DataLoader<number, Passeport> {
    return this.get('passeport', () => new DataLoader<number, Passeport>(async (ids) => {
      const found = await passeportsOf(this.em, this.viewer, ids);
      return ids.map((id) => found.get(id)!);
    }));
  }
  get referral(): DataLoader<number, ProjectedReferral | null> {
    return this.get('referral', () => byKey((ids: readonly number[]) => referralsByIds(this.em, this.viewer, ids), (r) => r.id));
  }
  get commitment(): DataLoader<number, CommitmentRow | null> {
    return this.get('commitment', () => byKey((ids: readonly number[]) => commitmentsByIds(this.em, ids), (r) => r.id));
  }
  get metier(): DataLoader<string, MetierRow | null> {
    return this.get('metier', () => byKey((codes: readonly string[]) => metiersByCodes(this.em, codes), (r) => r.code));
  }
  get appellation(): DataLoader<number, AppellationRow | null> {
    return this.get('appellation', () => byKey((codes: readonly number[]) => appellationsByCodes(this.em, codes), (r) => r.code));
  }
  get domaine(): DataLoader<string, DomaineRow | null> {
    return this.get('domaine', () => byKey((codes: readonly string[]) => domainesByCodes(this.em, codes), (r) => r.code));
  }
  get grandDomaine(): DataLoader<string, GrandDomaineRow | null> {
    return this.get('grandDomaine', () => byKey((codes: readonly string[]) => grandDomainesByCodes(this.em, codes), (r) => r.code));
  }
  get commune(): DataLoader<string, CommuneRow | null> {
    return this.get('commune', () => byKey((codes: readonly string[]) => communesByCodes(this.em, codes), (r) => r.code));
  }
  get departement(): DataLoader<string, DepartementRow | null> {
    return this.get('departement', () => byKey((codes: readonly string[]) => departementsByCodes(this.em, codes), (r) => r.code));
  }
  get region(): DataLoader<string, RegionRow | null> {
    return this.get('region', () => byKey((codes: readonly string[]) => regionsByCodes(this.em, codes), (r) => r.code));
  }
  get nafLabel(): DataLoader<string, string | null> {
    return this.get('nafLabel', () => new DataLoader<string, string | null>(async (codes) => {
      const labels = await nafLabels(this.em, codes);
      return codes.map((c) => labels.get(c) ?? null);
    }));
  }
  get metiersBySession(): DataLoader<number, MetierRow[]> {
    return this.get('metiersBySession', () => listsByKey((ids: readonly number[]) => metiersBySessions(this.em, ids)));
  }
  /** The compétences of each fiche: the core ones, or all of them. */
  competencesByMetier(coreOnly: boolean): DataLoader<string, MetierCompetenceRow[]> {
    return this.get(`competencesByMetier:${coreOnly}`, () => listsByKey((codes: readonly string[]) => competencesByMetiers(this.em, codes, coreOnly)));
  }
  get competence(): DataLoader<number, CompetenceRow | null> {
    return this.get('competence', () => byKey((codes: readonly number[]) => competencesByCodes(this.em, codes), (r) => r.code));
  }
  /** The evaluation of each referral, unprojected: Referral.evaluation applies the read rule with the referral's view. */
  get evaluationByReferral(): DataLoader<number, EvaluationRow | null> {
    return this.get('evaluationByReferral', () => byKey((ids: readonly number[]) => evaluationsByReferrals(this.em, ids), (r) => r.referralId));
  }
  /** Evaluations the viewer may read (node(id), mutation payloads). */
  get immersionEvaluation(): DataLoader<number, EvaluationRow | null> {
    return this.get('immersionEvaluation', () => byKey((ids: readonly number[]) => evaluationsByIds(this.em, this.viewer, ids), (r) => r.id));
  }
  get commitmentCountByCompany(): DataLoader<number, number> {
    return this.get('commitmentCountByCompany', () => new DataLoader<number, number>(async (ids) => {
      const counts = await commitmentCountsByCompanies(this.em, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }));
  }
  /** Current and past memberships, with their dates (Company.memberships). */
  get clubMembershipsByCompany(): DataLoader<number, ClubMembershipRow[]> {
    return this.get('clubMembershipsByCompany', () => listsByKey((ids: readonly number[]) => clubMembershipsByCompanies(this.em, ids)));
  }
  /** Keyed by the referral as read (its log is shown as the referral is, referral-access.ts), cached by its id. */
  get transitionsByReferral(): DataLoader<ProjectedReferral, ProjectedTransition[], number> {
    this.transitions ??= new DataLoader<ProjectedReferral, ProjectedTransition[], number>(
      async (referrals) => {
        const groups = await transitionsByReferrals(this.em, referrals);
        return referrals.map((r) => groups.get(r.id) ?? []);
      },
      { cacheKeyFn: (r) => r.id },
    );
    return this.transitions;
  }
  /** The debriefs of each referral the viewer may read: keyed by the referral as read (its view decides), cached by its id. */
  get debriefsByReferral(): DataLoader<ProjectedReferral, DebriefRow[], number> {
    this.debriefs ??= new DataLoader<ProjectedReferral, DebriefRow[], number>(
      async (referrals) => {
        const groups = await debriefsByReferrals(this.em, this.viewer, referrals);
        return referrals.map((r) => groups.get(r.id) ?? []);
      },
      { cacheKeyFn: (r) => r.id },
    );
    return this.debriefs;
  }
  /** Keyed by the referral as read (the host reads none of its follow-ups, referral-access.ts), cached by its id. */
  get followUpsByReferral(): DataLoader<ProjectedReferral, FollowUpRow[], number> {
    this.followUps ??= new DataLoader<ProjectedReferral, FollowUpRow[], number>(
      async (referrals) => {
        const groups = await followUpsByReferrals(this.em, referrals);
        return referrals.map((r) => groups.get(r.id) ?? []);
      },
      { cacheKeyFn: (r) => r.id },
    );
    return this.followUps;
  }
  get programme(): DataLoader<number, ProgrammeRow | null> {
    return this.get('programme', () => byKey((ids: readonly number[]) => programmesByIds(this.em, ids), (r) => r.id));
  }
  get sessionSeries(): DataLoader<number, SessionSeriesRow | null> {
    return this.get('sessionSeries', () => byKey((ids: readonly number[]) => seriesByIds(this.em, ids), (r) => r.id));
  }
  get multiSiteEvent(): DataLoader<number, MultiSiteEventRow | null> {
    return this.get('multiSiteEvent', () => byKey((ids: readonly number[]) => multiSiteEventsByIds(this.em, ids), (r) => r.id));
  }
  /** The programme, series and multi-site event of each session. */
  get groupsOfSession(): DataLoader<number, SessionGroupsRow | null> {
    return this.get('groupsOfSession', () => byKey((ids: readonly number[]) => groupsOfSessions(this.em, ids), (r) => r.sessionId));
  }
  get programmeIdOfOffer(): DataLoader<number, number | null> {
    return this.get('programmeIdOfOffer', () => new DataLoader<number, number | null>(async (ids) => {
      const found = new Map((await programmeIdsOfOffers(this.em, ids)).map((r) => [r.offerId, r.programmeId]));
      return ids.map((id) => found.get(id) ?? null);
    }));
  }
  sessionCountByGroup(column: SessionGroupColumn): DataLoader<number, number> {
    return this.get(`sessionCountByGroup:${column}`, () => new DataLoader<number, number>(async (ids) => {
      const counts = await sessionCountsByGroup(this.em, this.viewer, column, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }));
  }
  /** Nested connections: one loader per group column and page arguments (the cursor applies to every parent alike). */
  sessionPageByGroup(column: SessionGroupColumn, page: PageArgs): DataLoader<number, Page<GroupedSessionKey>> {
    const count = (id: number) => this.sessionCountByGroup(column).load(id);
    return this.get(`sessionPageByGroup:${column}:${page.first}:${page.after ?? ''}`, () => new DataLoader<number, Page<GroupedSessionKey>>(async (ids) => {
      const pages = await sessionPagesByGroup(this.em, this.viewer, column, ids, page, count);
      return ids.map((id) => pages.get(id) ?? emptyPage(page, () => count(id)));
    }));
  }
  get offerCountByProgramme(): DataLoader<number, number> {
    return this.get('offerCountByProgramme', () => new DataLoader<number, number>(async (ids) => {
      const counts = await offerCountsByProgramme(this.em, this.viewer, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }));
  }
  offerPageByProgramme(page: PageArgs): DataLoader<number, Page<ProgrammeOfferKey>> {
    const count = (id: number) => this.offerCountByProgramme.load(id);
    return this.get(`offerPageByProgramme:${page.first}:${page.after ?? ''}`, () => new DataLoader<number, Page<ProgrammeOfferKey>>(async (ids) => {
      const pages = await offerPagesByProgramme(this.em, this.viewer, ids, page, count);
      return ids.map((id) => pages.get(id) ?? emptyPage(page, () => count(id)));
    }));
  }
  /** Loaders with a per-parent limit are keyed by that limit too. */
  sessionsByHostCompany(limit: number): DataLoader<number, SessionRow[]> {
    return this.get(`sessionsByHostCompany:${limit}`, () =>
      groupedRows((ids: readonly number[]) => sessionsByHostCompany(this.em, this.viewer, ids, limit), (r) => r.hostCompanyId ?? 0));
  }
  sessionsByHostStructure(limit: number): DataLoader<number, SessionRow[]> {
    return this.get(`sessionsByHostStructure:${limit}`, () =>
      groupedRows((ids: readonly number[]) => sessionsByHostStructure(this.em, this.viewer, ids, limit), (r) => r.hostStructureId ?? 0));
  }
  sessionsByMetier(limit: number): DataLoader<string, SessionRow[]> {
    return this.get(`sessionsByMetier:${limit}`, () =>
      groupedRows((codes: readonly string[]) => sessionsByMetier(this.em, this.viewer, codes, limit), (r) => r.metierCode));
  }
  appellationsByMetier(limit: number): DataLoader<string, AppellationRow[]> {
    return this.get(`appellationsByMetier:${limit}`, () => groupedRows((codes: readonly string[]) => appellationsByMetiers(this.em, codes, limit), (r) => r.metierCode));
  }
  commitmentsByCompany(limit: number): DataLoader<number, CommitmentRow[]> {
    return this.get(`commitmentsByCompany:${limit}`, () => groupedRows((ids: readonly number[]) => commitmentsByCompanies(this.em, ids, limit), (r) => r.companyId));
  }
  immersionOffersByCompany(limit: number): DataLoader<number, ImmersionOfferRow[]> {
    return this.get(`immersionOffersByCompany:${limit}`, () =>
      groupedRows((ids: readonly number[]) => immersionOffersByCompany(this.em, this.viewer, ids, limit), (r) => r.companyId));
  }
}
