import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLFormattedError, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { AuditOperation, participantSubject, recordAudit, type AuditSubject } from '../use-cases/record-audit';
import { ServiceError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { GraphQLContext } from '../../graphql/context';
import { fromGlobalId, type DecodedId } from '../../graphql/global-id';

/**
 * The audit log, as the GraphQL layer feeds it (docs/architecture.md, "How a request flows"). Two kinds of entries:
 * - every root mutation, by a wrapper of the Mutation type's fields (auditEveryMutation, schema.ts), whichever
 *   transport carried it;
 * - every participant whose personal data went out in an answer, collected by the `personalData` resolver and
 *   written once per request (HTTP: the Apollo plugin below; graphql-ws: per result, in app.ts).
 * When an entry cannot be written the request fails (INTERNAL_SERVER_ERROR, logged): no personal data goes out unrecorded.
 */

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

const NOTHING: AuditSubject = { participantId: null, target: null };

/**
 * What a mutation produced: the first object of its payload (`{ referral }` → the referral), typed by the payload's
 * GraphQL field. Its participant is the object itself (a Participant) or the one it carries (`participantId`).
 */
function producedSubject(result: unknown, info: GraphQLResolveInfo): AuditSubject | null {
  const payloadType = getNamedType(info.returnType);
  if (!isObjectType(payloadType) || !isFields(result)) return null;
  for (const [name, field] of Object.entries(payloadType.getFields())) {
    const row = result[name];
    if (!isFields(row) || (typeof row.id !== 'number' && typeof row.id !== 'string')) continue;
    const type = getNamedType(field.type).name;
    const participantId = type === 'Participant' ? Number(row.id) : typeof row.participantId === 'number' ? row.participantId : null;
    return { participantId, target: { type, key: String(row.id) } };
  }
  return null;
}

function decodedOrNull(id: string): DecodedId | null {
  try {
    return fromGlobalId(id, 'input');
  } catch {
    return null;
  }
}

/**
 * What a mutation named in its input, for refusals (nothing was produced): the first global id among the input's
 * `…Id` fields is the target; `participantId`, if given, is the participant. Ids are taken as given, unchecked: a
 * probe with someone else's or a made-up id is just what the log is for.
 */
function namedSubject(args: Fields): AuditSubject {
  const input = args.input;
  if (!isFields(input)) return NOTHING;
  const subject: AuditSubject = { ...NOTHING };
  for (const [name, value] of Object.entries(input)) {
    const decoded = name.endsWith('Id') && typeof value === 'string' ? decodedOrNull(value) : null;
    if (!decoded) continue;
    subject.target ??= { type: decoded.type, key: String(decoded.key) };
    if (name === 'participantId' && decoded.type === 'Participant') subject.participantId = Number(decoded.key);
  }
  return subject;
}

/**
 * Records each root mutation, once it answered — under its field name, with the object it produced, or refused
 * with its error code — by wrapping every field of the Mutation type of the built schema. Mutations are recorded
 * from here, not in each use case, so that a new mutation is audited without anyone remembering to. (Not a
 * type-graphql global middleware: that would wrap every field of every type in an async call, the read paths'
 * largest cost, to act on mutations only.)
 *
 * The entry is written right after the mutation's own transaction commits, not inside it: every use case opens and
 * commits its transaction itself (inTransaction), and the object it produced — the target — is only known here,
 * once it returns. The gap is a crash between the two commits, which would lose the entry of a change made. If the
 * entry cannot be written, the client gets INTERNAL_SERVER_ERROR (the change stands) and the error is logged with
 * the mutation's path. Only names and ids are recorded, never input values: no secret nor personal data in the log.
 */
export function auditEveryMutation(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root: unknown, args: Fields, context: GraphQLContext, info: GraphQLResolveInfo) => {
      let result: unknown;
      try {
        result = await resolve(root, args, context, info);
      } catch (error) {
        // Unexpected errors are recorded too (a refusal we cannot name), and still answered as they were.
        const code = error instanceof ServiceError ? error.code : 'INTERNAL_SERVER_ERROR';
        await recordAudit(context.em, context.viewer, info.fieldName, [namedSubject(args)], code);
        throw error;
      }
      await recordAudit(context.em, context.viewer, info.fieldName, [producedSubject(result, info) ?? namedSubject(args)]);
      return result;
    };
  }
}

/** Participants whose personal data is in the answer being built, per request context (the context is the request). */
const personalDataReads = new WeakMap<GraphQLContext, Set<number>>();

/** Notes that a participant's personal data is part of this request's answer (the `personalData` resolver). */
export function notePersonalDataRead(ctx: GraphQLContext, participantId: number): void {
  const ids = personalDataReads.get(ctx);
  if (ids) ids.add(participantId);
  else personalDataReads.set(ctx, new Set([participantId]));
}

/** Whether personal data was read for this request's answer and is not yet recorded. */
export function hasPersonalDataReads(ctx: GraphQLContext): boolean {
  return (personalDataReads.get(ctx)?.size ?? 0) > 0;
}

const AUDIT_FAILED: GraphQLFormattedError = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

/**
 * Writes the personal-data reads noted during a request, one entry per participant, in one statement, and forgets
 * them (a subscription's next event starts afresh). Called once the answer is built: by the plugin below over HTTP,
 * for each result over graphql-ws (app.ts, onNext). Returns the error to answer instead of the data when the
 * entries could not be written: personal data does not go out unrecorded.
 */
export async function recordPersonalDataReads(ctx: GraphQLContext, logger: Logger): Promise<GraphQLFormattedError | null> {
  const ids = personalDataReads.get(ctx);
  if (!ids?.size) return null;
  personalDataReads.delete(ctx);
  try {
    await recordAudit(ctx.em, ctx.viewer, AuditOperation.READ_PERSONAL_DATA, [...ids].map(participantSubject));
    return null;
  } catch (error) {
    logger.error({ err: error, participants: [...ids], accountId: ctx.viewer.accountId }, 'personal-data reads could not be audited; answer withheld');
    return AUDIT_FAILED;
  }
}

/**
 * Over HTTP: records the request's personal-data reads when execution ends — before `willSendResponse`, so that
 * the statement is in the request's count and a failure can still replace the answer.
 */
export function personalDataAuditPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart(requestContext) {
          return {
            async executionDidEnd() {
              const failure = await recordPersonalDataReads(requestContext.contextValue, logger);
              if (failure) requestContext.response.body = { kind: 'single', singleResult: { errors: [failure] } };
            },
          };
        },
      };
    },
  };
}
