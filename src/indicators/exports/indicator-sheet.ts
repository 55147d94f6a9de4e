import { IndicatorDimension } from '../rules/dimensions';
import type { CountFigure, IndicatorRowFigures, IndicatorTable, RateFigure } from '../queries/indicator-table';
import { REFERRAL_STATUSES, FOLLOW_UP_MILESTONES, COMMITMENT_AXES } from '../queries/indicators';

/**
 * The indicators as one sheet for spreadsheet users (GET /indicators.csv and .xlsx): French headers, one line per
 * row of the answer, then the total. A count withheld by the small-count rule is written as the API shows it
 * (`< 5`, `hidden`), never as a number; a block the viewer may not read (or that the grouping cannot split) has no
 * columns at all, so a portal's sheet holds only the public figures.
 */
export type SheetCell = string | number | null;
/** `rate`: a ratio from 0 to 1 (the CSV writes the API's display, "80.0 %"; the workbook a percentage). */
export interface SheetColumn { header: string; kind: 'text' | 'number' | 'count' | 'rate' }
export interface IndicatorSheet { columns: SheetColumn[]; lines: { cells: (SheetCell | CountFigure | RateFigure)[] }[] }

const DIMENSION_HEADERS: Record<IndicatorDimension, string> = {
  MONTH: 'Mois', QUARTER: 'Trimestre', YEAR: 'Année', DEPARTEMENT: 'Département', STRUCTURE: 'Structure', PROGRAMME: 'Programme',
  SESSION_KIND: 'Type de séance', ROME_DOMAINE: 'Domaine ROME', AGE_BAND: 'Tranche d\'âge',
};
const LABELLED = new Set<IndicatorDimension>([IndicatorDimension.DEPARTEMENT, IndicatorDimension.STRUCTURE, IndicatorDimension.PROGRAMME, IndicatorDimension.ROME_DOMAINE]);
const STATUS_HEADERS: Record<(typeof REFERRAL_STATUSES)[number], string> = {
  PENDING: 'en attente de réponse', ACCEPTED: 'acceptées', WAITLISTED: 'en liste d\'attente', REFUSED: 'refusées', CANCELLED: 'annulées',
  ATTENDED: 'présents', NO_SHOW: 'absents', COMPLETED: 'terminées',
};
const MILESTONE_HEADERS: Record<string, string> = { MONTH_3: '3 mois', MONTH_6: '6 mois' };
const AXIS_HEADERS: Record<(typeof COMMITMENT_AXES)[number], string> = { SENSIBILISER: 'sensibiliser', FORMER: 'former', RECRUTER: 'recruter', ACHETER: 'acheter' };

interface Part { column: SheetColumn; cell: (row: IndicatorRowFigures) => SheetCell | CountFigure | RateFigure }

/** The sheet of an answer; the total line reads "Total" in its first key column (or alone, without grouping). */
export function indicatorSheet(table: IndicatorTable): IndicatorSheet {
  const parts: Part[] = [];
  const col = (header: string, kind: SheetColumn['kind'], cell: Part['cell']) => parts.push({ column: { header, kind }, cell });
  const total = table.total;
  if (table.groupBy.length === 0) col('Ligne', 'text', () => 'Total');
  table.groupBy.forEach((d, i) => {
    col(DIMENSION_HEADERS[d], 'text', (r) => (r === total ? (i === 0 ? 'Total' : null) : r.keys[i]?.value ?? '(sans)'));
    if (LABELLED.has(d)) col(`${DIMENSION_HEADERS[d]} (libellé)`, 'text', (r) => (r === total ? null : r.keys[i]?.label ?? null));
  });
  if (total.sessions) {
    col('Séances tenues', 'number', (r) => r.sessions?.held ?? null);
    col('Séances annulées', 'number', (r) => r.sessions?.cancelled ?? null);
    col('Places offertes', 'number', (r) => r.sessions?.seatsOffered ?? null);
  }
  if (total.offers) {
    col('Offres d\'immersion publiées', 'number', (r) => r.offers?.published ?? null);
    col('Postes d\'immersion offerts', 'number', (r) => r.offers?.positions ?? null);
  }
  if (total.people) {
    col('Orientations', 'count', (r) => r.people?.referrals ?? null);
    REFERRAL_STATUSES.forEach((status, i) => col(`Orientations ${STATUS_HEADERS[status]}`, 'count', (r) => r.people?.byStatus[i]?.count ?? null));
    col('Participants', 'count', (r) => r.people?.participants ?? null);
    col('Places pourvues', 'count', (r) => r.people?.seatsFilled ?? null);
    col('Présences', 'count', (r) => r.people?.attended ?? null);
    col('Taux de présence', 'rate', (r) => r.people?.attendanceRate ?? null);
    col('Immersions réalisées', 'count', (r) => r.people?.immersionsCompleted ?? null);
    FOLLOW_UP_MILESTONES.forEach((m, i) => {
      col(`Suivis à ${MILESTONE_HEADERS[m]} enregistrés`, 'count', (r) => r.people?.outcomes[i]?.recorded ?? null);
      col(`Emplois durables à ${MILESTONE_HEADERS[m]}`, 'count', (r) => r.people?.outcomes[i]?.durable ?? null);
      col(`Taux d'emploi durable à ${MILESTONE_HEADERS[m]}`, 'rate', (r) => r.people?.outcomes[i]?.durableRate ?? null);
    });
  }
  if (total.commitments) {
    COMMITMENT_AXES.forEach((axis, i) => {
      col(`Engagements ${AXIS_HEADERS[axis]} proposés`, 'number', (r) => r.commitments?.[i]?.proposed ?? null);
      col(`Engagements ${AXIS_HEADERS[axis]} signés`, 'number', (r) => r.commitments?.[i]?.signed ?? null);
      col(`Engagements ${AXIS_HEADERS[axis]} tenus`, 'number', (r) => r.commitments?.[i]?.fulfilled ?? null);
    });
  }
  if (table.groupBy.includes(IndicatorDimension.PROGRAMME)) {
    col('Objectif participants', 'number', (r) => r.programmeTargets?.targetParticipants ?? null);
    col('Objectif séances', 'number', (r) => r.programmeTargets?.targetSessions ?? null);
    col('Objectif immersions réalisées', 'number', (r) => r.programmeTargets?.targetImmersionsCompleted ?? null);
    col('Objectif sorties durables', 'number', (r) => r.programmeTargets?.targetDurableOutcomes ?? null);
  }
  return { columns: parts.map((p) => p.column), lines: [...table.rows, total].map((row) => ({ cells: parts.map((p) => p.cell(row)) })) };
}

/** A figure as a cell: a number when shown, the API's display ("< 5", "hidden", "") when withheld or without value. */
export function cellValue(cell: SheetCell | CountFigure | RateFigure, kind: SheetColumn['kind'], csv: boolean): SheetCell {
  if (cell === null || typeof cell !== 'object') return cell;
  if (cell.suppressed || cell.value === null) return cell.display;
  return kind === 'rate' && csv ? cell.display : cell.value;
}
