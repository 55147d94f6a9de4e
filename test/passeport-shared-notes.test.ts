import { createPublishedSession, globalIdOf, SAINT_DENIS, sql } from './support/fixtures';
import { TOKENS, withSqlCount } from './support/graphql';
import { viewerIds } from './support/mutation-checks';
import { readPdf } from './support/pdf';
import { startTestServer, type TestServer } from './support/server';

/**
 * The passeport's shared notes (issue 12, item 2): a debrief its author shared with the participant and an immersion
 * evaluation the prescriber shared appear in Passeport.sharedNotes and in the PDF, in French; a debrief not shared
 * and an evaluation not yet shared do not; after erasure, the notes stay without their comments. The demo
 * participant (Yacine, followed and referred by France Travail) reads his own.
 */
let t: TestServer;
let yacine: string;
let crepi: number;
let company: number;
let core: { code: number; label: string }[];

const SESSION_TITLE = 'Ambassadeurs des métiers : le gros œuvre à Saint-Denis';
const SHARED_OFFER = 'Immersion maçonnerie (grille partagée)';
const UNSHARED_OFFER = 'Immersion maçonnerie (grille gardée)';

const NOTES = 'query($id: ID!) { node(id: $id) { ... on Participant { passeport { sharedNotes { heading on about lines } } } } }';
interface Note {
  heading: string;
  on: string;
  about: string;
  lines: string[];
}

async function notesOf(token: string): Promise<Note[]> {
  const data = await t.client(token).request<{ node: { passeport: { sharedNotes: Note[] } | null } | null }>(NOTES, { id: yacine });
  return data.node!.passeport!.sharedNotes;
}

async function pdfText(token: string): Promise<string> {
  const response = await fetch(`${t.server.url.replace(/\/graphql$/, '')}/participants/${yacine}/passeport.pdf`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
  return pdf.pages.map((p) => p.text).join('\n').replace(/\s+/g, ' ');
}

/** Yacine attended a CRÉPI session hosted by the demo company (F1701, F1703): referred, accepted, held, attended. */
async function attendedSession(): Promise<string> {
  const session = await createPublishedSession(t, crepi, 5, 16, SAINT_DENIS);
  await sql(t, `update session set title = ?, host_company_id = ?, host_confirmation = 'CONFIRMED' where id = ?`, [SESSION_TITLE, company, session]);
  await sql(t, `insert into session_metier (session_id, metier_code) values (?, 'F1703')`, [session]);
  const { referParticipant } = await t.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(
    'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
    { i: { participantId: yacine, sessionId: globalIdOf('Session', session), motive: 'Découvrir le gros œuvre' } },
  );
  const referralId = referParticipant.referral.id;
  await t.client(TOKENS.crepi).request('mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId } });
  await sql(t, `update session set starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour' where id = ?`, [session]);
  await t.client(TOKENS.crepi).request('mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { referral { id } } }', { i: { referralId, attended: true } });
  return referralId;
}

/** Yacine's immersion at the demo company, attended, evaluated by the company; shared by France Travail if `share`. */
async function evaluatedImmersion(title: string, share: boolean, comment: string): Promise<void> {
  const [offer] = await sql<{ id: number }>(
    t,
    `insert into immersion_offer (company_id, metier_code, objective, title, available_from, available_until, max_presence_days, positions, status, published_at)
     values (?, 'F1703', 'CONFIRM_PROJECT', ?, current_date - 1, current_date + 30, 10, 5, 'PUBLISHED', now()) returning id`,
    [company, title],
  );
  const { referParticipant } = await t.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(
    'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
    { i: { participantId: yacine, immersionOfferId: globalIdOf('ImmersionOffer', offer!.id), motive: 'Confirmer le projet de maçon' } },
  );
  const referralId = referParticipant.referral.id;
  await t.client(TOKENS.company).request('mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId } });
  await t.client(TOKENS.company).request('mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { referral { id } } }', { i: { referralId, attended: true } });
  const { recordImmersionEvaluation } = await t.client(TOKENS.company).request<{ recordImmersionEvaluation: { evaluation: { id: string } } }>(
    'mutation($i: RecordImmersionEvaluationInput!) { recordImmersionEvaluation(input: $i) { evaluation { id } } }',
    {
      i: {
        referralId, competences: core.map((c, i) => ({ code: c.code, level: i === 0 ? 'MASTERED' : 'PRACTISING' })),
        punctuality: 'MASTERED', teamwork: 'PRACTISING', instructions: 'BEGINNER', companySatisfaction: 5, participantSatisfaction: 4, comment,
      },
    },
  );
  if (share) {
    await t.client(TOKENS.franceTravail).request('mutation($i: ShareImmersionEvaluationInput!) { shareImmersionEvaluation(input: $i) { evaluation { id } } }', { i: { evaluationId: recordImmersionEvaluation.evaluation.id } });
  }
}

const debrief = (referralId: string, comment: string, sharedWithParticipant: boolean, interests: { metierCode: string; interest: string }[]) =>
  ({ referralId, interests, wishes: ['IMMERSION', 'TRAINING'], comment, sharedWithParticipant });
const RECORD_DEBRIEF = 'mutation($i: RecordDebriefInput!) { recordDebrief(input: $i) { debrief { side } } }';

beforeAll(async () => {
  t = await startTestServer();
  crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
  company = (await viewerIds(t, TOKENS.company)).companyId!;
  yacine = (await t.client(TOKENS.participant).request<{ viewer: { participant: { id: string } } }>('{ viewer { participant { id } } }')).viewer.participant.id;
  core = (await t.client(TOKENS.portal).request<{ metier: { competences: { code: number; label: string }[] } }>('{ metier(code: "F1703") { competences { code label } } }')).metier.competences;

  const referralId = await attendedSession();
  // The animator shares hers with him; the host company keeps its own.
  await t.client(TOKENS.crepi).request(RECORD_DEBRIEF, { i: debrief(referralId, 'Très à l’aise avec l’équipe, à revoir en immersion.', true, [{ metierCode: 'F1701', interest: 'MAYBE' }, { metierCode: 'F1703', interest: 'YES' }]) });
  await t.client(TOKENS.company).request(RECORD_DEBRIEF, { i: debrief(referralId, 'Note interne de l’entreprise', false, [{ metierCode: 'F1701', interest: 'NO' }, { metierCode: 'F1703', interest: 'YES' }]) });
  await evaluatedImmersion(SHARED_OFFER, true, 'Soigneux, ponctuel ; progresse vite sur les enduits.');
  await evaluatedImmersion(UNSHARED_OFFER, false, 'Grille pas encore relue par la conseillère');
});
afterAll(async () => {
  await t?.stop();
});

describe('Passeport.sharedNotes', () => {
  it('shows the participant the debrief shared with him and the evaluation shared by the prescriber, in French; nothing else', async () => {
    const notes = await notesOf(TOKENS.participant);
    expect(notes.map((n) => [n.heading, n.about])).toEqual([
      ['Débrief', SESSION_TITLE],
      ['Évaluation d’immersion', SHARED_OFFER],
    ]);
    const [shared, evaluation] = notes as [Note, Note];
    expect(shared.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(shared.lines).toEqual([
      'Coffreur / Coffreuse (F1701) : Peut-être',
      'Maçon / Maçonne (F1703) : Oui',
      'Envies pour la suite : une immersion, une formation',
      'Commentaire : Très à l’aise avec l’équipe, à revoir en immersion.',
    ]);
    expect(evaluation.lines).toEqual([
      ...core.map((c, i) => `${c.label} : ${i === 0 ? 'Maîtrisé' : 'En cours d’acquisition'}`),
      'Ponctualité : Maîtrisé',
      'Travail en équipe : En cours d’acquisition',
      'Respect des consignes : Débutant',
      'Satisfaction de l’entreprise : 5/5',
      'Satisfaction de la personne accueillie : 4/5',
      'Commentaire du tuteur : Soigneux, ponctuel ; progresse vite sur les enduits.',
    ]);
    expect(JSON.stringify(notes)).not.toContain('Note interne');
    expect(JSON.stringify(notes)).not.toContain('pas encore relue');
  });

  it('shows the same notes to those who follow him (the referent and prescriber, network admins)', async () => {
    const own = await notesOf(TOKENS.participant);
    expect(await notesOf(TOKENS.franceTravail)).toEqual(own);
    expect(await notesOf(TOKENS.admin)).toEqual(own);
  });

  it('adds an evaluation once the prescriber shares it', async () => {
    // Only the unshared grid of the demo participant is left unshared: share it through the API.
    const [row] = await sql<{ id: number }>(t, `select e.id from immersion_evaluation e join referral r on r.id = e.referral_id join immersion_offer o on o.id = r.immersion_offer_id where o.title = ?`, [UNSHARED_OFFER]);
    await t.client(TOKENS.franceTravail).request('mutation($i: ShareImmersionEvaluationInput!) { shareImmersionEvaluation(input: $i) { evaluation { id } } }', { i: { evaluationId: globalIdOf('ImmersionEvaluation', row!.id) } });
    expect((await notesOf(TOKENS.participant)).map((n) => n.about)).toEqual([SESSION_TITLE, SHARED_OFFER, UNSHARED_OFFER]);
    await sql(t, 'update immersion_evaluation set shared_at = null, shared_by_id = null where id = ?', [row!.id]);
  });

  it('costs the same statements for 2 participants as for 5 (one statement per source)', async () => {
    const query = 'query($first: Int) { participants(first: $first) { edges { node { passeport { sharedNotes { heading about lines } } } } } }';
    const small = await withSqlCount(t.client(TOKENS.admin), query, { first: 2 });
    const large = await withSqlCount(t.client(TOKENS.admin), query, { first: 5 });
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});

describe('the PDF', () => {
  it('prints the shared notes under "Notes partagées avec vous", and not the unshared ones', async () => {
    const text = await pdfText(TOKENS.participant);
    expect(text).toContain('Notes partagées avec vous');
    expect(text).toContain(`Débrief · ${SESSION_TITLE}`);
    expect(text).toContain('Maçon / Maçonne (F1703) : Oui');
    expect(text).toContain('Commentaire : Très à l’aise avec l’équipe, à revoir en immersion.');
    expect(text).toContain(`Évaluation d’immersion · ${SHARED_OFFER}`);
    expect(text).toContain(`${core[0]!.label} : Maîtrisé`);
    expect(text).toContain('Respect des consignes : Débutant');
    expect(text).toContain('Commentaire du tuteur : Soigneux, ponctuel ; progresse vite sur les enduits.');
    expect(text).not.toContain('Note interne');
    // The immersion itself is a visit of the journey; its grid, not yet shared, is no note.
    expect(text).toContain(UNSHARED_OFFER);
    expect(text).not.toContain(`Évaluation d’immersion · ${UNSHARED_OFFER}`);
    expect(text).not.toContain('pas encore relue');
  });
});

describe('erasure', () => {
  it('keeps the notes without their comments', async () => {
    await t.client(TOKENS.franceTravail).request('mutation($i: EraseParticipantInput!) { eraseParticipant(input: $i) { participant { id } } }', { i: { participantId: yacine } });
    const notes = await notesOf(TOKENS.franceTravail);
    expect(notes.map((n) => n.heading)).toEqual(['Débrief', 'Évaluation d’immersion']);
    expect(notes[0]!.lines).toEqual(['Coffreur / Coffreuse (F1701) : Peut-être', 'Maçon / Maçonne (F1703) : Oui', 'Envies pour la suite : une immersion, une formation']);
    expect(notes[1]!.lines).toHaveLength(core.length + 5);
    expect(notes.flatMap((n) => n.lines).some((l) => l.startsWith('Commentaire'))).toBe(false);
    const text = await pdfText(TOKENS.franceTravail);
    expect(text).toContain(`Débrief · ${SESSION_TITLE}`);
    expect(text).not.toContain('Commentaire');
  });
});
