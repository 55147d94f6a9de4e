import type express from 'express';
import { GraphQLError } from 'graphql';
import { ServiceError } from '../common/errors';
import { isDatabaseUnavailable } from '../db/availability';
import type { Orm } from '../db/orm';
import { idOf } from '../graphql/global-id';
import { passeportPdf } from '../passeport';
import type { Admission } from './admission';
import type { Config } from './config';
import type { Logger } from './logger';

/** Where the PDF of a participant's passeport is served: `:id` is the participant's global id, as the API gives it. */
export const PASSEPORT_PDF_PATH = '/participants/:id/passeport.pdf';

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** What to answer for an error: the GraphQL endpoint's codes, as HTTP statuses. */
export function refusalOf(error: unknown, logger: Logger): Refusal {
  if (error instanceof GraphQLError) {
    // Admission's refusals: UNAUTHENTICATED (401) or RATE_LIMITED (429, Retry-After).
    const code = String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR');
    const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
    const headers = Object.fromEntries(http?.headers ?? []);
    if (code === 'UNAUTHENTICATED') return { status: 401, code, message: error.message, headers: { ...headers, 'www-authenticate': 'Bearer' } };
    if (code === 'RATE_LIMITED') return { status: 429, code, message: error.message, headers };
  }
  if (error instanceof ServiceError && error.code === 'NOT_FOUND') return { status: 404, code: 'NOT_FOUND', message: 'no participant with this id' };
  if (isDatabaseUnavailable(error) || (error instanceof GraphQLError && isDatabaseUnavailable(error.originalError))) {
    logger.warn({ err: error }, 'database unavailable');
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'the database is unavailable for the moment; retry later', headers: { 'retry-after': '1' } };
  }
  logger.error({ err: error }, 'unexpected error serving a passeport PDF');
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}

/**
 * GET /participants/:id/passeport.pdf: the passeport as a PDF (passeport/use-cases/passeport-pdf.ts), admitted
 * exactly as POST /graphql is (admission.ts: the bearer token, the rate limit). Refusals answer JSON with the
 * GraphQL endpoint's codes: 401 UNAUTHENTICATED without a valid token; 404 NOT_FOUND for an id that is not a
 * participant's, a participant that does not exist or one the viewer may not read, alike (no confirmation that
 * someone exists); 429, 503 as for GraphQL.
 */
export function passeportPdfRoute(options: { orm: Orm; config: Config; logger: Logger; admission: Admission }): express.RequestHandler {
  const { orm, config, logger, admission } = options;
  return async (req, res) => {
    const em = orm.em.fork();
    try {
      const viewer = await admission.admitHttp(em, req.headers.authorization, req.ip ?? 'unknown');
      let participantId: number;
      try {
        participantId = idOf('Participant', String(req.params.id), 'id');
      } catch {
        throw new ServiceError('NOT_FOUND', 'id: no participant with this id', 'id');
      }
      const pdf = await passeportPdf(em, viewer, participantId, { networkName: config.networkName });
      res.status(200).set({ 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="passeport.pdf"', 'cache-control': 'private, no-store' }).send(pdf);
    } catch (error) {
      const refusal = refusalOf(error, logger);
      res.status(refusal.status).set(refusal.headers ?? {}).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
    }
  };
}
