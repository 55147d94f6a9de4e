/**
 * A prescriber's day, with graphql-request: find a participant your structure follows, find a visit slot with seats
 * left, refer them (with an idempotency key, so a retried request creates nothing twice), then the host answers.
 *
 *   npm run build && node dist/schema/examples/refer-a-participant.js
 *
 * Against the demo network: the France Travail counsellor of Saint-Denis refers one of the job seekers it follows to an
 * "Ambassadeurs des métiers" session of the CRÉPI Île-de-France, and the CRÉPI animator accepts.
 * Options (environment): RELAIS_URL (default http://127.0.0.1:4000/graphql), PRESCRIBER_TOKEN, HOST_TOKEN.
 */
import { ClientError } from 'graphql-request';
import { refusals, relaisClient } from './client';

export interface Walkthrough {
  participantId: string;
  sessionTitle: string;
  statuses: string[];
}

export async function referAParticipant(url: string, prescriberToken: string, hostToken: string): Promise<Walkthrough> {
  // Clients that keep the code of every refusal, 4xx answers included (see ./client.ts).
  const prescriber = relaisClient(url, prescriberToken);
  const host = relaisClient(url, hostToken);

  // 1. A published session of the host's structure, with seats left, starting after now.
  const { viewer } = await host.request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }');
  const { sessions } = await prescriber.request<{ sessions: { edges: { node: { id: string; title: string; seatsLeft: number } }[] } }>(
    `query($organiser: ID!, $now: DateTime!) {
      sessions(first: 1, filter: { organisers: [$organiser], statuses: [PUBLISHED], hasSeatsLeft: true, startsFrom: $now }) {
        edges { node { id title seatsLeft } }
      }
    }`,
    { organiser: viewer.structure.id, now: new Date().toISOString() },
  );
  const session = sessions.edges[0]?.node;
  if (!session) throw new Error('no visit slot with seats left');

  // 2. A participant my structure follows (I am the referent: I see their personal data) and who is not already
  //    referred to that session.
  const { participants, referrals } = await prescriber.request<{
    participants: { edges: { node: { id: string; personalData: { firstName: string } | null } }[] };
    referrals: { edges: { node: { participant: { id: string } } }[] };
  }>(
    `query($session: ID!) {
      participants(first: 50) { edges { node { id personalData { firstName } } } }
      referrals(first: 100, filter: { sessions: [$session], statuses: [PENDING, ACCEPTED, WAITLISTED] }) { edges { node { participant { id } } } }
    }`,
    { session: session.id },
  );
  const alreadyReferred = new Set(referrals.edges.map((e) => e.node.participant.id));
  const participant = participants.edges.map((e) => e.node).find((p) => !alreadyReferred.has(p.id));
  if (!participant) throw new Error('every participant of this prescriber is already referred to that session');

  // 3. Refer, with an idempotency key: replaying this request returns the same referral.
  const referInput = { participantId: participant.id, sessionId: session.id, motive: 'Découvrir le métier avant une immersion.', idempotencyKey: `walkthrough-${participant.id}-${session.id}` };
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
  const { referParticipant } = await prescriber.request<{ referParticipant: { referral: { id: string; status: string } } }>(REFER, { input: referInput });

  // 4. The host accepts: a seat is taken (or the referral joins the waiting list if the session just filled up).
  const { acceptReferral } = await host.request<{ acceptReferral: { referral: { status: string; transitions: { toStatus: string }[] } } }>(
    'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status transitions { toStatus } } } }',
    { input: { referralId: referParticipant.referral.id } },
  );
  return { participantId: participant.id, sessionTitle: session.title, statuses: acceptReferral.referral.transitions.map((t) => t.toStatus) };
}

if (require.main === module) {
  referAParticipant(
    process.env.RELAIS_URL ?? 'http://127.0.0.1:4000/graphql',
    process.env.PRESCRIBER_TOKEN ?? 'rls_demo_ft_counsellor',
    process.env.HOST_TOKEN ?? 'rls_demo_crepi_animator',
  ).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      // A refusal: its HTTP status and, for each error, extensions.code and extensions.field.
      if (error instanceof ClientError) console.error(`HTTP ${error.response.status}`, JSON.stringify(refusals(error), null, 2));
      else console.error(error);
      process.exit(1);
    },
  );
}
