import { TOKENS } from '../../support/graphql';
import { connect, post, type Answer } from './hub';

const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }';

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

/** Sessions of the CREPI and participants of the PLIE (the demo network's), made in SQL: the load is what goes through the API. */
export async function prepareLoad(databaseUrl: string, options: { sessions: number; capacity: number; participants: number }): Promise<{ sessions: number[]; participants: number[] }> {
  const c = await connect(databaseUrl);
  try {
    const structure = async (email: string) =>
      Number((await c.query<{ id: number }>('select structure_id id from account where email = $1', [email])).rows[0]!.id);
    const crepi = await structure('sophie.martin@crepi-idf.example.org');
    const plie = await structure('claire.dumas@plie-libournais.example.org');
    const sessions: number[] = [];
    for (let i = 0; i < options.sessions; i++) {
      const { rows } = await c.query<{ id: number }>(
        `insert into session (kind, title, organiser_id, starts_at, ends_at, capacity, minimum_age, status, published_at, commune_code, departement_code, latitude, longitude)
         values ('COMPANY_VISIT', 'Visite sous panne', $1, now() + interval '7 days', now() + interval '7 days 3 hours', $2, 16, 'PUBLISHED', now(), '33243', '33', 44.9153, -0.2439)
         returning id`,
        [crepi, options.capacity],
      );
      await c.query(`insert into session_metier (session_id, metier_code) values ($1, 'F1701')`, [rows[0]!.id]);
      sessions.push(rows[0]!.id);
    }
    const { rows } = await c.query<{ id: number }>(
      `insert into participant (referent_structure_id, age_band, departement_code) select $1, '26-44', '33' from generate_series(1, $2) returning id`,
      [plie, options.participants],
    );
    await c.query(
      `insert into participant_personal_data (participant_id, first_name, last_name, birth_date)
       select id, 'Panne', 'Participant ' || id, date '1990-05-17' from participant where id = any($1)`,
      [rows.map((r) => r.id)],
    );
    return { sessions, participants: rows.map((r) => r.id) };
  } finally {
    await c.end();
  }
}

export { REFER };

/** The referral input of the load for `participant` (its idempotency key included): the same at every retry. */
export function referInput(participant: number, session: number): Record<string, string> {
  return { participantId: globalId('Participant', participant), sessionId: globalId('Session', session), motive: 'Visite', idempotencyKey: `fault-${participant}-${session}` };
}

/** Every answer the load got, to check that each failure was a clean one. */
export interface LoadLog {
  answers: { operation: 'refer' | 'accept'; answer: Answer<unknown> }[];
}

/** A failure the client may retry: the database or the instance was away (503 SERVICE_UNAVAILABLE, or no answer). */
export const retryable = (a: Answer<unknown>) => a.status === 0 || (a.status === 503 && a.codes.every((c) => c === 'SERVICE_UNAVAILABLE'));

/**
 * Refers `participant` to `session` with an idempotency key, then accepts the referral, as a careful client does:
 * a retryable failure is retried (the same key for the referral), anything else stops it. An acceptance answered
 * INVALID_TRANSITION on a retry had been applied by an attempt whose answer was lost.
 */
export async function referAndAccept(pickUrl: () => string, participant: number, session: number, log: LoadLog, deadline: number): Promise<void> {
  const input = referInput(participant, session);
  let referralId: string | undefined;
  for (let attempt = 0; !referralId; attempt++) {
    const answer = await post<{ referParticipant: { referral: { id: string; status: string } } }>(pickUrl(), TOKENS.plie, REFER, { input });
    log.answers.push({ operation: 'refer', answer });
    referralId = answer.data?.referParticipant?.referral.id;
    // A key replayed after the referral was answered (a restored backup, a second run): nothing left to do.
    if (referralId && answer.data!.referParticipant.referral.status !== 'PENDING') return;
    if (referralId) break;
    if (!retryable(answer) || Date.now() > deadline) throw new Error(`refer failed: ${JSON.stringify(answer)}`);
    await pause(Math.min(50 * 2 ** attempt, 500));
  }
  for (let attempt = 0; ; attempt++) {
    const answer = await post<{ acceptReferral: { referral: { status: string } } }>(pickUrl(), TOKENS.crepi, ACCEPT, { input: { referralId } });
    log.answers.push({ operation: 'accept', answer });
    if (answer.data?.acceptReferral) return;
    if (attempt > 0 && answer.codes.includes('INVALID_TRANSITION')) return;
    if (!retryable(answer) || Date.now() > deadline) throw new Error(`accept failed: ${JSON.stringify(answer)}`);
    await pause(Math.min(50 * 2 ** attempt, 500));
  }
}

/** Runs referAndAccept for each participant, `concurrency` at a time, participants spread over the sessions. */
export async function runLoad(pickUrl: () => string, plan: { sessions: number[]; participants: number[] }, concurrency: number, log: LoadLog, onProgress?: (done: number) => void): Promise<void> {
  const deadline = Date.now() + 120_000;
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < plan.participants.length) {
        const i = next++;
        await referAndAccept(pickUrl, plan.participants[i]!, plan.sessions[i % plan.sessions.length]!, log, deadline);
        onProgress?.(++done);
      }
    }),
  );
}

/** A pause between retries (backoff), never a wait for a condition. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What must hold after any fault: one referral per participant whatever the retries (idempotency), no session over
 * its capacity and its counter equal to its accepted referrals, each referral's transitions applied once, and one
 * outbox event per transition (a change and its event are one transaction).
 */
export async function checkInvariants(databaseUrl: string, plan: { sessions: number[]; participants: number[] }): Promise<string[]> {
  const c = await connect(databaseUrl);
  const problems: string[] = [];
  try {
    const perParticipant = await c.query<{ participant_id: number; n: string }>(
      'select participant_id, count(*) n from referral where participant_id = any($1) group by participant_id',
      [plan.participants],
    );
    if (perParticipant.rows.length !== plan.participants.length) problems.push(`${plan.participants.length - perParticipant.rows.length} participants have no referral`);
    for (const r of perParticipant.rows) if (Number(r.n) !== 1) problems.push(`participant ${r.participant_id} has ${r.n} referrals`);
    const seats = await c.query<{ id: number; capacity: number; seats_taken: number; accepted: string }>(
      `select s.id, s.capacity, s.seats_taken, (select count(*) from referral r where r.session_id = s.id and r.status = 'ACCEPTED') accepted from session s where s.id = any($1)`,
      [plan.sessions],
    );
    for (const s of seats.rows) {
      if (Number(s.accepted) > s.capacity) problems.push(`session ${s.id} overbooked: ${s.accepted} accepted for ${s.capacity} seats`);
      if (Number(s.accepted) !== s.seats_taken) problems.push(`session ${s.id}: seats_taken ${s.seats_taken} but ${s.accepted} accepted`);
    }
    const moves = await c.query<{ referral_id: number; to_status: string; n: string }>(
      'select t.referral_id, t.to_status, count(*) n from referral_transition t join referral r on r.id = t.referral_id where r.participant_id = any($1) group by 1, 2',
      [plan.participants],
    );
    for (const m of moves.rows) if (Number(m.n) !== 1) problems.push(`referral ${m.referral_id} moved to ${m.to_status} ${m.n} times`);
    const unanswered = await c.query<{ n: string }>(`select count(*) n from referral where participant_id = any($1) and status = 'PENDING'`, [plan.participants]);
    if (Number(unanswered.rows[0]!.n) > 0) problems.push(`${unanswered.rows[0]!.n} referrals were never accepted`);
    const events = await c.query<{ referral_id: number; transitions: string; events: string }>(
      `select r.id referral_id,
              (select count(*) from referral_transition t where t.referral_id = r.id) transitions,
              (select count(*) from event e where e.type = 'REFERRAL_UPDATED' and e.entity_id = r.id) events
       from referral r where r.participant_id = any($1)`,
      [plan.participants],
    );
    for (const e of events.rows) if (e.transitions !== e.events) problems.push(`referral ${e.referral_id}: ${e.transitions} transitions but ${e.events} events`);
  } finally {
    await c.end();
  }
  return problems;
}
