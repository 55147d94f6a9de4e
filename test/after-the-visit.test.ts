import { runSessionCourse } from '../src/server/session-course-job';
import { runFollowUpCourse } from '../src/referrals';
import { todayInFrance } from '../src/common/local-date';
import { FollowUpMilestone, followUpDueOn } from '../src/referrals/rules/follow-up';
import { exampleOperation } from './support/examples';
import { keyOf, sql } from './support/fixtures';
import { mutate, TOKENS } from './support/graphql';
import { readPdf } from './support/pdf';
import { startTestServer, type TestServer } from './support/server';
import { collect, eventually } from './support/subscriptions';

/**
 * Issue 12's acceptance, end to end, through the API with the demo tokens: a PLIE counsellor refers a participant
 * to a CRÉPI session, the CRÉPI holds it, records attendance and a debrief shared with the participant; the
 * participant reads the passeport and downloads its PDF; an immersion follows, with its grid, shared by the
 * prescriber; the referral is completed, the 3-month follow-up becomes due, is pushed to the prescriber and is
 * recorded as a 7-month CDD (durable). Direct SQL only moves time (session dates, the day of completion): the
 * clock is real. The debrief, the grid, its sharing, the follow-up and the passeport go through the example
 * operations of schema/examples, as a client would copy them.
 */
let t: TestServer;

const SESSION_TITLE = 'Ambassadeurs des métiers : le béton armé chez Gros Œuvre de la Plaine';
const OFFER_TITLE = 'Immersion maçon·ne – chantier de la Plaine';
const DEBRIEF_COMMENT = 'Très curieuse sur le coffrage, a demandé une immersion.';
const EVALUATION_COMMENT = 'Ponctuelle, soigneuse ; à l’aise sur les enduits.';

/** What each step leaves for the next. */
const journey = {
  companyId: '', participantId: '', participantToken: '', sessionId: '', sessionReferralId: '', offerId: '', immersionReferralId: '', evaluationId: '',
  core: [] as { code: number; label: string }[],
};

interface PasseportData {
  sessionCount: number;
  immersionCount: number;
  sessions: { title: string; hostCompany: { name: string } | null; metiers: { code: string }[] }[];
  immersions: { title: string; company: { name: string }; metier: { code: string } }[];
  metiers: { metier: { code: string }; sessionCount: number; immersionCount: number }[];
  companies: { company: { name: string }; visits: number }[];
  sharedNotes: { heading: string; on: string; about: string; lines: string[] }[];
}

const passeportOf = async (token: string) =>
  (await t.client(token).request<{ node: { passeport: PasseportData | null } }>(exampleOperation('passeport.graphql', 'Passeport'), { participantId: journey.participantId })).node.passeport;

async function downloadPdf(token: string): Promise<{ total: number; text: string }> {
  const response = await fetch(`${t.server.url.replace(/\/graphql$/, '')}/participants/${journey.participantId}/passeport.pdf`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
  return { total: pdf.total, text: pdf.pages.map((p) => p.text).join('\n').replace(/\s+/g, ' ') };
}

const statusOf = async (token: string, referralId: string) =>
  (await t.client(token).request<{ node: { status: string } | null }>('query($id: ID!) { node(id: $id) { ... on Referral { status } } }', { id: referralId })).node?.status;

beforeAll(async () => {
  t = await startTestServer();
  journey.companyId = (await t.client(TOKENS.company).request<{ viewer: { company: { id: string } } }>('{ viewer { company { id } } }')).viewer.company.id;
});
afterAll(async () => {
  await t?.stop();
});

// One story: each step builds on the one before (jest runs them in order).
describe('after the visit, end to end', () => {
  it('the PLIE registers a participant, who gets an account and a token for the app', async () => {
    const participant = await mutate<{ id: string }>(t.client(TOKENS.plie), 'mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }', {
      firstName: 'Inès', lastName: 'Brétigny', birthDate: '1998-04-12', communeCode: '33243', idempotencyKey: 'after-the-visit-register',
    });
    journey.participantId = participant.id;
    // The PLIE's counsellor is staff: a network admin opens the participant's account, as for any app user.
    const account = await mutate<{ id: string; role: string }>(t.client(TOKENS.admin), 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id role } } }', {
      email: 'ines.bretigny@example.org', displayName: 'Inès Brétigny', role: 'PARTICIPANT', participantId: participant.id,
    });
    expect(account.role).toBe('PARTICIPANT');
    const minted = await t.client(TOKENS.admin).request<{ createApiToken: { secret: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }', {
      i: { accountId: account.id, label: 'app mobile', expiresInDays: 30 },
    });
    journey.participantToken = minted.createApiToken.secret;
    const viewer = await t.client(journey.participantToken).request<{ viewer: { role: string; participant: { id: string } } }>('{ viewer { role participant { id } } }');
    expect(viewer.viewer).toEqual({ role: 'PARTICIPANT', participant: { id: participant.id } });
  });

  it('the CRÉPI plans a session hosted by Gros Œuvre de la Plaine, which confirms; the CRÉPI publishes it', async () => {
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const session = await mutate<{ id: string; status: string; hostConfirmation: string }>(
      t.client(TOKENS.crepi),
      'mutation($input: CreateSessionInput!) { createSession(input: $input) { session { id status hostConfirmation } } }',
      {
        kind: 'AMBASSADEURS_DES_METIERS', title: SESSION_TITLE, metierCodes: ['F1701', 'F1703'], hostCompanyId: journey.companyId, communeCode: '93066',
        startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3.5 * 3_600_000).toISOString(), capacity: 6, idempotencyKey: 'after-the-visit-session',
      },
    );
    expect(session).toMatchObject({ status: 'DRAFT', hostConfirmation: 'PENDING' });
    journey.sessionId = session.id;
    expect(await mutate(t.client(TOKENS.company), 'mutation($input: SessionIdInput!) { confirmSessionHosting(input: $input) { session { hostConfirmation } } }', { sessionId: session.id }))
      .toEqual({ hostConfirmation: 'CONFIRMED' });
    expect(await mutate(t.client(TOKENS.crepi), 'mutation($input: SessionIdInput!) { publishSession(input: $input) { session { status } } }', { sessionId: session.id }))
      .toEqual({ status: 'PUBLISHED' });
  });

  it('the PLIE refers her to it, the CRÉPI accepts', async () => {
    const referral = await mutate<{ id: string; status: string }>(t.client(TOKENS.plie), 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }', {
      participantId: journey.participantId, sessionId: journey.sessionId, motive: 'Découvrir les métiers du gros œuvre avant une immersion', idempotencyKey: 'after-the-visit-refer',
    });
    expect(referral.status).toBe('PENDING');
    journey.sessionReferralId = referral.id;
    expect(await mutate(t.client(TOKENS.crepi), 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status } } }', { referralId: referral.id }))
      .toEqual({ status: 'ACCEPTED' });
    // She sees her own referral in the app.
    expect(await statusOf(journey.participantToken, referral.id)).toBe('ACCEPTED');
  });

  it('the session is held; the CRÉPI records her attendance and a debrief shared with her', async () => {
    // Time passes: the session took place this morning; the session-course job holds it.
    await sql(t, `update session set starts_at = now() - interval '5 hours', ends_at = now() - interval '90 minutes' where id = ?`, [keyOf(journey.sessionId)]);
    expect((await runSessionCourse(t.orm.em.fork())).held).toContain(keyOf(journey.sessionId));
    const after = await mutate<{ status: string }>(
      t.client(TOKENS.crepi),
      'mutation($input: RecordSessionAttendanceInput!) { recordSessionAttendance(input: $input) { session { status } } }',
      { sessionId: journey.sessionId, attendances: [{ referralId: journey.sessionReferralId, attended: true }] },
    );
    // Her seat was the only one taken: with every attendance recorded, the session is COMPLETED.
    expect(after.status).toBe('COMPLETED');
    expect(await statusOf(TOKENS.plie, journey.sessionReferralId)).toBe('ATTENDED');

    const { recordDebrief } = await t.client(TOKENS.crepi).request<{ recordDebrief: { debrief: Record<string, unknown>; referral: { id: string; status: string } } }>(
      exampleOperation('debrief.graphql', 'RecordDebrief'),
      {
        input: {
          referralId: journey.sessionReferralId, interests: [{ metierCode: 'F1701', interest: 'MAYBE' }, { metierCode: 'F1703', interest: 'YES' }],
          wishes: ['IMMERSION'], comment: DEBRIEF_COMMENT, sharedWithParticipant: true, idempotencyKey: 'after-the-visit-debrief',
        },
      },
    );
    expect(recordDebrief.referral).toEqual({ id: journey.sessionReferralId, status: 'ATTENDED' });
    expect(recordDebrief.debrief).toMatchObject({
      side: 'ORGANISER', sharedWithParticipant: true, comment: DEBRIEF_COMMENT, wishes: ['IMMERSION'], authorStructure: { name: 'CRÉPI Île-de-France' },
      interests: [{ metierCode: 'F1701', interest: 'MAYBE', metier: { label: 'Coffreur / Coffreuse' } }, { metierCode: 'F1703', interest: 'YES', metier: { label: 'Maçon / Maçonne' } }],
    });
    // The prescriber reads it, and so does she (shared with her).
    for (const token of [TOKENS.plie, journey.participantToken]) {
      const { node } = await t.client(token).request<{ node: { debriefs: { side: string; comment: string }[] } }>('query($id: ID!) { node(id: $id) { ... on Referral { debriefs { side comment } } } }', { id: journey.sessionReferralId });
      expect(node.debriefs).toEqual([{ side: 'ORGANISER', comment: DEBRIEF_COMMENT }]);
    }
  });

  it('she reads her passeport in the app, with the session, its métiers, the company and the debrief', async () => {
    const passeport = (await passeportOf(journey.participantToken))!;
    expect(passeport).toMatchObject({
      sessionCount: 1, immersionCount: 0,
      sessions: [{ title: SESSION_TITLE, hostCompany: { name: 'Gros Œuvre de la Plaine' }, metiers: [{ code: 'F1701' }, { code: 'F1703' }] }],
      metiers: [{ metier: { code: 'F1701' }, sessionCount: 1, immersionCount: 0 }, { metier: { code: 'F1703' }, sessionCount: 1, immersionCount: 0 }],
      companies: [{ company: { name: 'Gros Œuvre de la Plaine' }, visits: 1 }],
    });
    expect(passeport.sharedNotes).toEqual([{
      heading: 'Débrief', about: SESSION_TITLE, on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      lines: ['Coffreur / Coffreuse (F1701) : Peut-être', 'Maçon / Maçonne (F1703) : Oui', 'Envies pour la suite : une immersion', `Commentaire : ${DEBRIEF_COMMENT}`],
    }]);
  });

  it('she downloads its PDF, in French', async () => {
    const pdf = await downloadPdf(journey.participantToken);
    expect(pdf.total).toBe(2); // the summary, then one page of visits
    expect(pdf.text).toContain('Passeport métiers');
    expect(pdf.text).toContain('Inès B.');
    expect(pdf.text).toContain('Suivi·e par PLIE du Libournais');
    expect(pdf.text).toContain('1 session suivie · 0 immersion réalisée');
    expect(pdf.text).toMatch(/F1703 +Maçon \/ Maçonne/);
    expect(pdf.text).toContain('Gros Œuvre de la Plaine');
    expect(pdf.text).toContain(`Débrief · ${SESSION_TITLE}`);
    expect(pdf.text).toContain(`Commentaire : ${DEBRIEF_COMMENT}`);
    expect(pdf.text).toContain(SESSION_TITLE);
  });

  it('an immersion follows: the company offers it, the PLIE refers her, the company accepts and records her attendance', async () => {
    const offer = await mutate<{ id: string; status: string }>(t.client(TOKENS.company), 'mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id status } } }', {
      metierCode: 'F1703', objective: 'CONFIRM_PROJECT', title: OFFER_TITLE, availableFrom: todayInFrance(), availableUntil: todayInFrance(), maxPresenceDays: 1, positions: 1,
      communeCode: '93066', idempotencyKey: 'after-the-visit-offer',
    });
    journey.offerId = offer.id;
    expect(await mutate(t.client(TOKENS.company), 'mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { status } } }', { immersionOfferId: offer.id }))
      .toEqual({ status: 'PUBLISHED' });
    const referral = await mutate<{ id: string }>(t.client(TOKENS.plie), 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }', {
      participantId: journey.participantId, immersionOfferId: offer.id, motive: 'Confirmer le projet de maçonne après la visite', idempotencyKey: 'after-the-visit-immersion',
    });
    journey.immersionReferralId = referral.id;
    expect(await mutate(t.client(TOKENS.company), 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status } } }', { referralId: referral.id }))
      .toEqual({ status: 'ACCEPTED' });
    expect(await mutate(t.client(TOKENS.company), 'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { status } } }', { referralId: referral.id, attended: true }))
      .toEqual({ status: 'ATTENDED' });
  });

  it('the company records the grid on the métier\'s core compétences; she does not read it until the PLIE shares it', async () => {
    const { metier } = await t.client(TOKENS.company).request<{ metier: { competences: { code: number; label: string }[] } }>('{ metier(code: "F1703") { competences { code label } } }');
    journey.core = metier.competences;
    expect(journey.core.length).toBeGreaterThan(0);
    const { recordImmersionEvaluation } = await t.client(TOKENS.company).request<{ recordImmersionEvaluation: { evaluation: { id: string; sharedAt: string | null; metier: { code: string }; competences: { code: number; level: string; competence: { label: string } }[] } } }>(
      exampleOperation('immersion-evaluation.graphql', 'RecordImmersionEvaluation'),
      {
        input: {
          referralId: journey.immersionReferralId, competences: journey.core.map((c, i) => ({ code: c.code, level: i < 3 ? 'PRACTISING' : 'NOT_OBSERVED' })),
          punctuality: 'MASTERED', teamwork: 'PRACTISING', instructions: 'PRACTISING', companySatisfaction: 5, participantSatisfaction: 5, comment: EVALUATION_COMMENT,
        },
      },
    );
    expect(recordImmersionEvaluation.evaluation.metier.code).toBe('F1703');
    expect(recordImmersionEvaluation.evaluation.competences.map((c) => c.competence.label)).toEqual(journey.core.map((c) => c.label));
    expect(recordImmersionEvaluation.evaluation.sharedAt).toBeNull();
    expect(recordImmersionEvaluation.evaluation.competences.map((c) => c.code)).toEqual(journey.core.map((c) => c.code));
    journey.evaluationId = recordImmersionEvaluation.evaluation.id;

    const EVALUATION = 'query($id: ID!) { node(id: $id) { ... on Referral { evaluation { id comment punctuality sharedAt } } } }';
    const read = async (token: string) => (await t.client(token).request<{ node: { evaluation: { id: string; comment: string | null; punctuality: string; sharedAt: string | null } | null } }>(EVALUATION, { id: journey.immersionReferralId })).node.evaluation;
    expect(await read(journey.participantToken)).toBeNull();
    expect((await passeportOf(journey.participantToken))!.sharedNotes.map((n) => n.heading)).toEqual(['Débrief']);
    expect(await read(TOKENS.plie)).toMatchObject({ id: journey.evaluationId, comment: EVALUATION_COMMENT, punctuality: 'MASTERED', sharedAt: null });

    const shared = await mutate<{ id: string; sharedAt: string | null; referral: { id: string } }>(t.client(TOKENS.plie), exampleOperation('immersion-evaluation.graphql', 'ShareImmersionEvaluation'), { evaluationId: journey.evaluationId });
    expect(shared).toMatchObject({ id: journey.evaluationId, referral: { id: journey.immersionReferralId } });
    expect(shared.sharedAt).not.toBeNull();
    expect(await read(journey.participantToken)).toMatchObject({ id: journey.evaluationId, comment: EVALUATION_COMMENT, punctuality: 'MASTERED' });

    const passeport = (await passeportOf(journey.participantToken))!;
    expect(passeport).toMatchObject({ sessionCount: 1, immersionCount: 1, immersions: [{ title: OFFER_TITLE, company: { name: 'Gros Œuvre de la Plaine' }, metier: { code: 'F1703' } }] });
    expect(passeport.metiers.find((m) => m.metier.code === 'F1703')).toMatchObject({ sessionCount: 1, immersionCount: 1 });
    expect(passeport.companies).toEqual([expect.objectContaining({ company: { name: 'Gros Œuvre de la Plaine' }, visits: 2 })]);
    expect(passeport.sharedNotes.map((n) => [n.heading, n.about])).toEqual([['Débrief', SESSION_TITLE], ['Évaluation d’immersion', OFFER_TITLE]]);
    expect(passeport.sharedNotes[1]!.lines).toEqual([
      ...journey.core.map((c, i) => `${c.label} : ${i < 3 ? 'En cours d’acquisition' : 'Non observé'}`),
      'Ponctualité : Maîtrisé', 'Travail en équipe : En cours d’acquisition', 'Respect des consignes : En cours d’acquisition',
      'Satisfaction de l’entreprise : 5/5', 'Satisfaction de la personne accueillie : 5/5', `Commentaire du tuteur : ${EVALUATION_COMMENT}`,
    ]);
    const pdf = await downloadPdf(journey.participantToken);
    expect(pdf.text).toContain(`Évaluation d’immersion · ${OFFER_TITLE}`);
    expect(pdf.text).toContain(`Commentaire du tuteur : ${EVALUATION_COMMENT}`);
  });

  it('the PLIE completes the immersion\'s referral: follow-ups at 3 and 6 months are scheduled', async () => {
    const completed = await mutate<{ status: string; followUps: { milestone: string; status: string }[] }>(
      t.client(TOKENS.plie),
      'mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { referral { status followUps { milestone status } } } }',
      { referralId: journey.immersionReferralId, outcome: 'INTERESTED', note: 'Veut un contrat en maçonnerie' },
    );
    expect(completed).toEqual({ status: 'COMPLETED', followUps: [{ milestone: 'MONTH_3', status: 'UPCOMING' }, { milestone: 'MONTH_6', status: 'UPCOMING' }] });
  });

  it('three months later, the 3-month follow-up is due, pushed to the prescriber, and recorded as a 7-month CDD: durable', async () => {
    const dueList = async () =>
      (await t.client(TOKENS.plie).request<{ referrals: { edges: { node: { id: string } }[] } }>(exampleOperation('follow-up.graphql', 'FollowUpsDue'))).referrals.edges.map((e) => e.node.id);
    expect(await dueList()).not.toContain(journey.immersionReferralId);

    // Time passes: the referral was completed three months ago (its log and its follow-ups' days move together).
    const referral = keyOf(journey.immersionReferralId);
    await sql(t, `update referral_transition set at = at - interval '3 months' where referral_id = ? and to_status = 'COMPLETED'`, [referral]);
    const [{ day }] = (await sql<{ day: string }>(t, `select to_char(at at time zone 'Europe/Paris', 'YYYY-MM-DD') as day from referral_transition where referral_id = ? and to_status = 'COMPLETED'`, [referral])) as [{ day: string }];
    for (const milestone of [FollowUpMilestone.MONTH_3, FollowUpMilestone.MONTH_6]) {
      await sql(t, 'update referral_follow_up set due_on = ?::date where referral_id = ? and milestone = ?', [followUpDueOn(day, milestone), referral, milestone]);
    }

    const { latestEventCursor: after } = await t.client(TOKENS.plie).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    interface Event { referralUpdated: { change: string; status: string; followUp: { milestone: string; status: string } | null; referral: { id: string; followUps: { milestone: string; status: string; situation: string | null; contractMonths: number | null; durableEmployment: boolean | null }[] } | null } }
    const prescriber = collect<Event>(t.wsClient(TOKENS.plie), `subscription($after: String) { referralUpdated(after: $after) {
      change status followUp { milestone status } referral { id followUps { milestone status situation contractMonths durableEmployment } } } }`, { after });
    const ours = () => prescriber.events.filter((e) => e.referralUpdated.referral?.id === journey.immersionReferralId);

    const run = await runFollowUpCourse(t.orm.em.fork());
    expect(run.due).toBeGreaterThanOrEqual(1);
    expect(await dueList()).toContain(journey.immersionReferralId);
    // Other referrals' events may come too (the demo's): wait for this one's.
    await eventually(() => ours().length >= 1);
    expect(ours()[0]!.referralUpdated).toMatchObject({
      change: 'FOLLOW_UP', status: 'COMPLETED', followUp: { milestone: 'MONTH_3', status: 'DUE' },
      referral: { followUps: [{ milestone: 'MONTH_3', status: 'DUE', durableEmployment: null }, { milestone: 'MONTH_6', status: 'UPCOMING' }] },
    });

    const recorded = await mutate<{ followUps: { milestone: string; status: string; situation: string | null; contractMonths: number | null; durableEmployment: boolean | null; note: string | null; recordedAt: string | null }[] }>(
      t.client(TOKENS.plie),
      exampleOperation('follow-up.graphql', 'RecordFollowUp'),
      { referralId: journey.immersionReferralId, milestone: 'MONTH_3', situation: 'CDD', contractMonths: 7, note: 'CDD de maçonne, 7 mois, chez un adhérent du club', idempotencyKey: 'after-the-visit-follow-up' },
    );
    expect(recorded.followUps).toEqual([
      expect.objectContaining({ milestone: 'MONTH_3', status: 'RECORDED', situation: 'CDD', contractMonths: 7, durableEmployment: true, note: 'CDD de maçonne, 7 mois, chez un adhérent du club' }),
      expect.objectContaining({ milestone: 'MONTH_6', status: 'UPCOMING', situation: null, contractMonths: null, durableEmployment: null, note: null, recordedAt: null }),
    ]);
    expect(recorded.followUps[0]!.recordedAt).not.toBeNull();
    await eventually(() => ours().length >= 2);
    expect(ours()[1]!.referralUpdated).toMatchObject({
      change: 'FOLLOW_UP', followUp: { milestone: 'MONTH_3', status: 'RECORDED' },
      referral: { followUps: [{ milestone: 'MONTH_3', status: 'RECORDED', situation: 'CDD', contractMonths: 7, durableEmployment: true }, { milestone: 'MONTH_6', status: 'UPCOMING' }] },
    });
    expect(await dueList()).not.toContain(journey.immersionReferralId);
    prescriber.stop();
  });
});
