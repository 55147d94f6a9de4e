import type express from 'express';
import ExcelJS from 'exceljs';
import { AuditOperation, participantSubject, recordAudit, type Viewer } from '../access';
import { BadInputError, ServiceError } from '../common/errors';
import { CSV_BOM, csvLine, type CsvSeparator } from '../common/csv';
import type { Orm } from '../db/orm';
import { idOf, toGlobalId } from '../graphql/global-id';
import { cellValue, IndicatorDimension, indicatorSheet, readIndicators, type IndicatorFilterArgs } from '../indicators';
import { listReferrals, type ProjectedReferral } from '../referrals';
import { SessionKind } from '../graphql/all-enums';
import type { Admission } from './admission';
import { refusalOf } from './passeport-route';
import type { Logger } from './logger';

/** The exports: the indicators (one rule with `indicators(filter, groupBy)`) and the referrals of a structure. */
export const INDICATORS_EXPORT_PATHS = { csv: '/indicators.csv', xlsx: '/indicators.xlsx' } as const;
export const REFERRALS_EXPORT_PATHS = { csv: '/referrals.csv', xlsx: '/referrals.xlsx' } as const;
type Format = 'csv' | 'xlsx';

/** Referrals read per statement while the referral export streams. */
const REFERRAL_PAGE = 500;

const LIST_PARAMETERS = ['regionCodes', 'departementCodes', 'communeCodes', 'structures', 'programmes', 'sessionKinds', 'romeCodes'] as const;
const INDICATOR_PARAMETERS = new Set(['from', 'to', 'groupBy', 'sep', ...LIST_PARAMETERS]);
const REFERRAL_PARAMETERS = new Set(['structure', 'from', 'to', 'sep']);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A query parameter's values: repeated (`?x=1&x=2`) or comma-separated (`?x=1,2`). */
function listOf(query: express.Request['query'], name: string): string[] | null {
  const raw = query[name];
  if (raw === undefined) return null;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [])).map((v) => v.trim()).filter((v) => v !== '');
  return values;
}

function single(query: express.Request['query'], name: string, required: boolean): string | null {
  const values = listOf(query, name);
  if (values === null || values.length === 0) {
    if (required) throw new BadInputError(name, 'is required');
    return null;
  }
  if (values.length > 1) throw new BadInputError(name, 'must be given once');
  return values[0];
}

/** A calendar day `YYYY-MM-DD` of year 1 or later, as the LocalDate scalar takes it. */
function day(query: express.Request['query'], name: string): string {
  const value = single(query, name, true)!;
  const m = DAY.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || m[1] === '0000' || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
    throw new BadInputError(name, `must be a calendar day YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

function unknownParameters(query: express.Request['query'], known: Set<string>): void {
  const unknown = Object.keys(query).find((k) => !known.has(k));
  if (unknown) throw new BadInputError(unknown, `is not a parameter of this export (known: ${[...known].join(', ')})`);
}

function separatorOf(query: express.Request['query']): CsvSeparator {
  const sep = single(query, 'sep', false);
  if (sep === null || sep === 'comma') return ',';
  if (sep === 'semicolon') return ';';
  throw new BadInputError('sep', 'must be comma or semicolon');
}

/** The indicators' query parameters as the GraphQL field's arguments; enums checked here (GraphQL checks them there). */
function indicatorArguments(query: express.Request['query']): { filter: IndicatorFilterArgs; groupBy: IndicatorDimension[] } {
  unknownParameters(query, INDICATOR_PARAMETERS);
  const filter: IndicatorFilterArgs = { from: day(query, 'from'), to: day(query, 'to') };
  for (const name of LIST_PARAMETERS) filter[name] = listOf(query, name);
  const kinds = Object.values(SessionKind) as string[];
  const badKind = filter.sessionKinds?.find((k) => !kinds.includes(k));
  if (badKind !== undefined) throw new BadInputError('sessionKinds', `contains "${badKind}", which is not one of ${kinds.join(', ')}`);
  const dimensions = Object.values(IndicatorDimension) as string[];
  const groupBy = listOf(query, 'groupBy') ?? [];
  const badDimension = groupBy.find((d) => !dimensions.includes(d));
  if (badDimension !== undefined) throw new BadInputError('groupBy', `contains "${badDimension}", which is not one of ${dimensions.join(', ')}`);
  return { filter, groupBy: groupBy as IndicatorDimension[] };
}

/** The use case names GraphQL's argument paths (`filter.to`, `filter.romeCodes`): here they are query parameters. */
function asParameter(error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.code !== 'BAD_USER_INPUT' || !error.field?.startsWith('filter.')) return error;
  const field = error.field.slice('filter.'.length);
  return new BadInputError(field, error.message.slice(error.field.length + 1).replace(/filter\./g, ''));
}

function refuse(res: express.Response, error: unknown, logger: Logger): void {
  if (error instanceof ServiceError && ['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code)) {
    const status = { BAD_USER_INPUT: 400, FORBIDDEN: 403, NOT_FOUND: 404 }[error.code as 'BAD_USER_INPUT'];
    res.status(status).json({ errors: [{ message: error.message, extensions: { code: error.code, field: error.field } }] });
    return;
  }
  if (res.headersSent) {
    // Mid-stream: the status is gone; cutting the connection tells the client the file is incomplete.
    logger.error({ err: error }, 'export failed while streaming');
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  const refusal = refusalOf(error, logger);
  res.status(refusal.status).set(refusal.headers ?? {}).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

function startFile(res: express.Response, format: Format, name: string): void {
  res.status(200).set({
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${name}.${format}"`,
    'cache-control': 'private, no-store',
  });
}

type Handler = (viewer: Viewer, req: express.Request, res: express.Response, em: ReturnType<Orm['em']['fork']>) => Promise<void>;

function admitted(options: { orm: Orm; logger: Logger; admission: Admission }, handle: Handler): express.RequestHandler {
  return async (req, res) => {
    const em = options.orm.em.fork();
    try {
      const viewer = await options.admission.admitHttp(em, req.headers.authorization, req.ip ?? 'unknown');
      await handle(viewer, req, res, em);
    } catch (error) {
      refuse(res, error, options.logger);
    }
  };
}

/**
 * GET /indicators.csv and /indicators.xlsx: the figures of `indicators(filter, groupBy)` (readIndicators, the same
 * read, rights and small-count rule), admitted as POST /graphql is (token, rate limit). Parameters: `from`, `to`
 * (required), the filter's lists and `groupBy` (comma-separated or repeated), `sep=semicolon` for the CSV. Counts
 * of people only: no personal data, nothing audited.
 */
export function indicatorsExportRoute(format: Format, options: { orm: Orm; logger: Logger; admission: Admission }): express.RequestHandler {
  return admitted(options, async (viewer, req, res, em) => {
    const { filter, groupBy } = indicatorArguments(req.query);
    const separator = format === 'csv' ? separatorOf(req.query) : ',';
    let table;
    try {
      table = await readIndicators(em, viewer, filter, groupBy);
    } catch (error) {
      throw asParameter(error);
    }
    const sheet = indicatorSheet(table);
    startFile(res, format, 'indicateurs');
    if (format === 'csv') {
      res.write(CSV_BOM + csvLine(sheet.columns.map((c) => c.header), separator));
      for (const line of sheet.lines) res.write(csvLine(line.cells.map((c, i) => cellValue(c, sheet.columns[i].kind, true)), separator));
      res.end();
      return;
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
    const ws = workbook.addWorksheet('Indicateurs');
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: Math.max(12, c.header.length + 2), style: c.kind === 'rate' ? { numFmt: '0.0 %' } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const line of sheet.lines) ws.addRow(line.cells.map((c, i) => cellValue(c, sheet.columns[i].kind, false))).commit();
    ws.commit();
    await workbook.commit();
  });
}

const REFERRAL_COLUMNS: { header: string; cell: (r: ProjectedReferral) => string | null }[] = [
  { header: 'Orientation', cell: (r) => toGlobalId('Referral', r.id) },
  { header: 'Participant', cell: (r) => toGlobalId('Participant', r.participantId) },
  { header: 'Structure prescriptrice', cell: (r) => toGlobalId('Structure', r.prescriberStructureId) },
  { header: 'Séance', cell: (r) => (r.sessionId === null ? null : toGlobalId('Session', r.sessionId)) },
  { header: 'Offre d\'immersion', cell: (r) => (r.immersionOfferId === null ? null : toGlobalId('ImmersionOffer', r.immersionOfferId)) },
  { header: 'Statut', cell: (r) => r.status },
  { header: 'Envoyée le', cell: (r) => new Date(r.createdAt).toISOString() },
  { header: 'Répondue le', cell: (r) => (r.answeredAt ? new Date(r.answeredAt).toISOString() : null) },
  { header: 'Motif de refus', cell: (r) => r.refusalReason },
  { header: 'Motif d\'annulation', cell: (r) => r.cancellationReason },
  { header: 'Issue', cell: (r) => r.outcome },
  { header: 'Type de contrat', cell: (r) => r.contractType },
  { header: 'Motif de l\'orientation (données personnelles)', cell: (r) => r.motive },
  { header: 'Détail du refus (données personnelles)', cell: (r) => r.refusalDetail },
  { header: 'Note sur l\'issue (données personnelles)', cell: (r) => r.outcomeNote },
];

/** The free texts of a referral the viewer reads: personal data, audited as the GraphQL fields are. */
const freeTexts = (r: ProjectedReferral) => [r.motive, r.refusalDetail, r.outcomeNote].some((t) => t !== null);

/**
 * GET /referrals.csv and /referrals.xlsx?structure=…&from=…&to=…: the referrals of a structure (prescribed by it or
 * to its sessions) sent on those Paris days, for its funder's file, newest first. Exactly the referrals the viewer
 * may see and the fields it may read (listReferrals: the `referrals` query's visibility and projection); each page
 * of REFERRAL_PAGE is read, then the participants whose free texts it holds are recorded in the audit log
 * (`read:personalData`), then it is written: nothing goes out unrecorded.
 */
export function referralsExportRoute(format: Format, options: { orm: Orm; logger: Logger; admission: Admission }): express.RequestHandler {
  return admitted(options, async (viewer, req, res, em) => {
    unknownParameters(req.query, REFERRAL_PARAMETERS);
    const structure = single(req.query, 'structure', true)!;
    const structureId = idOf('Structure', structure, 'structure');
    const from = day(req.query, 'from');
    const to = day(req.query, 'to');
    if (from > to) throw new BadInputError('to', 'must be on or after from');
    const separator = format === 'csv' ? separatorOf(req.query) : ',';
    const filter = { ofStructureIds: [structureId], createdOn: { from, to } };
    let page = await listReferrals(em, viewer, filter, { first: REFERRAL_PAGE });
    startFile(res, format, 'orientations');
    const workbook = format === 'xlsx' ? new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true }) : null;
    const ws = workbook?.addWorksheet('Orientations');
    if (ws) {
      ws.columns = REFERRAL_COLUMNS.map((c) => ({ header: c.header, width: Math.max(14, Math.min(40, c.header.length + 2)) }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
    } else {
      res.write(CSV_BOM + csvLine(REFERRAL_COLUMNS.map((c) => c.header), separator));
    }
    for (;;) {
      const nodes = page.edges.map((e) => e.node);
      const readers = [...new Set(nodes.filter(freeTexts).map((r) => r.participantId))];
      await recordAudit(em, viewer, AuditOperation.READ_PERSONAL_DATA, readers.map(participantSubject));
      for (const r of nodes) {
        const cells = REFERRAL_COLUMNS.map((c) => c.cell(r));
        if (ws) ws.addRow(cells).commit();
        else res.write(csvLine(cells, separator));
      }
      if (!page.hasNextPage) break;
      page = await listReferrals(em, viewer, filter, { first: REFERRAL_PAGE, after: page.edges[page.edges.length - 1].cursor });
    }
    if (ws && workbook) {
      ws.commit();
      await workbook.commit();
    } else {
      res.end();
    }
  });
}
