import { quantile } from '../harness/stats';

/**
 * W4: prescribers refer participants to sessions, and the organisers accept them, from `clients` concurrent
 * clients over many sessions. Not autocannon: each acceptance needs the referral its referral created.
 */
export interface WriteTargets {
  /** Prescribers (counsellors of a structure with the prescriber right) and participants their structure follows. */
  prescribers: { token: string; participantIds: string[] }[];
  /** Sessions with seats, with a token allowed to accept referrals to each. */
  sessions: { id: string; acceptToken: string }[];
}

/** The fixture's W4 part (bench/generate.ts): prescribers with their participants, and the sessions they refer to. */
export interface WriteFixture {
  prescribers: { token: string; participantGlobalIds: string[]; targets: { sessionGlobalId: string; acceptToken: string }[] }[];
}

export function writeTargets(w4: WriteFixture): WriteTargets {
  const sessions = w4.prescribers.flatMap((p) => p.targets.map((t) => ({ id: t.sessionGlobalId, acceptToken: t.acceptToken })));
  return { prescribers: w4.prescribers.map((p) => ({ token: p.token, participantIds: p.participantGlobalIds })), sessions };
}

export interface WriteFigures {
  clients: number;
  durationS: number;
  /** Referral + acceptance pairs completed per second. */
  pairsPerSecond: number;
  mutationsPerSecond: number;
  referP50Ms: number;
  referP99Ms: number;
  acceptP50Ms: number;
  acceptP99Ms: number;
  /** Mutations answered with a GraphQL error or a non-200 status. */
  errors: number;
  /** Error codes seen, with their counts. */
  errorCodes: Record<string, number>;
  /** The first message seen for each code, so that a run's errors can be told apart (a refusal the rules make, or a fault). */
  errorMessages: Record<string, string>;
}

const REFER = /* GraphQL */ `
  mutation Refer($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }
`;
const ACCEPT = /* GraphQL */ `
  mutation Accept($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }
`;

interface GraphQLAnswer {
  data?: Record<string, { referral: { id: string; status: string } } | null> | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<{ answer: GraphQLAnswer | null; ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  try {
    return { answer: JSON.parse(text) as GraphQLAnswer, ms, status: response.status };
  } catch {
    return { answer: null, ms, status: response.status };
  }
}

/**
 * Runs `clients` loops for `durationS` seconds. Client i refers with prescriber i (mod their number), each time its
 * next participant, to the next session of a shared round-robin over all sessions; then accepts it.
 * `offset` skips pairs used by earlier runs, so repeated runs never refer the same participant to a session twice.
 */
export async function runWrites(graphqlUrl: string, targets: WriteTargets, options: { clients: number; durationS: number; offset: number }): Promise<WriteFigures & { used: number }> {
  const referMs: number[] = [];
  const acceptMs: number[] = [];
  const errorCodes: Record<string, number> = {};
  const errorMessages: Record<string, string> = {};
  let errors = 0;
  let pairs = 0;
  let nextSession = options.offset;
  const cursors = targets.prescribers.map(() => options.offset);
  const failed = (answer: GraphQLAnswer | null, status: number) => {
    const code = status !== 200 ? `HTTP_${status}` : answer?.errors?.[0]?.extensions?.code;
    if (status === 200 && !answer?.errors?.length) return false;
    errors += 1;
    errorCodes[code ?? 'UNKNOWN'] = (errorCodes[code ?? 'UNKNOWN'] ?? 0) + 1;
    errorMessages[code ?? 'UNKNOWN'] ??= answer?.errors?.[0]?.message ?? `HTTP ${status}`;
    return true;
  };
  const deadline = performance.now() + options.durationS * 1000;
  const started = performance.now();
  const client = async (i: number) => {
    const p = i % targets.prescribers.length;
    const prescriber = targets.prescribers[p];
    while (performance.now() < deadline) {
      const participantId = prescriber.participantIds[cursors[p]++ % prescriber.participantIds.length];
      const session = targets.sessions[nextSession++ % targets.sessions.length];
      const refer = await post(graphqlUrl, prescriber.token, REFER, { input: { participantId, sessionId: session.id, motive: 'Découverte du métier (bench W4)' } });
      referMs.push(refer.ms);
      if (failed(refer.answer, refer.status)) continue;
      const referralId = refer.answer!.data!.referParticipant!.referral.id;
      const accept = await post(graphqlUrl, session.acceptToken, ACCEPT, { input: { referralId } });
      acceptMs.push(accept.ms);
      if (!failed(accept.answer, accept.status)) pairs += 1;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  const elapsedS = (performance.now() - started) / 1000;
  return {
    clients: options.clients,
    durationS: elapsedS,
    pairsPerSecond: pairs / elapsedS,
    mutationsPerSecond: (referMs.length + acceptMs.length) / elapsedS,
    referP50Ms: quantile(referMs, 0.5),
    referP99Ms: quantile(referMs, 0.99),
    acceptP50Ms: quantile(acceptMs, 0.5),
    acceptP99Ms: quantile(acceptMs, 0.99),
    errors,
    errorCodes,
    errorMessages,
    used: Math.max(nextSession, ...cursors) - options.offset,
  };
}
