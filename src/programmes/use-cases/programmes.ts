import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Programme } from '../entities/programme';
import { ProgrammeKind } from '../rules/programme-kind';
import { MAX_PROGRAMME_TARGET, programmePeriodProblem, TARGET_NAMES, type ProgrammeTargets } from '../rules/programme-rules';
import { Structure } from '../../network';
import { BadInputError, ForbiddenError, NotFoundError } from '../../common/errors';
import { AccountRole, isNetworkAdmin, type Viewer } from '../../access';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, localDate, optionalText, parseInput, text, z } from '../../common/validate';

const id = z.number().int().positive();
const target = z.number().int().min(0, 'must be at least 0').max(MAX_PROGRAMME_TARGET, `must be at most ${MAX_PROGRAMME_TARGET}`).nullish().transform((v) => v ?? null);

const TargetsInput = z.object({ participants: target, sessions: target, immersionsCompleted: target, durableOutcomes: target });

const CreateProgrammeInput = z
  .object({
    structureId: id.nullish(),
    kind: z.nativeEnum(ProgrammeKind),
    name: text(200),
    description: optionalText(5000),
    startsOn: localDate,
    endsOn: localDate,
    targets: TargetsInput.nullish().transform((t) => t ?? { participants: null, sessions: null, immersionsCompleted: null, durableOutcomes: null }),
    idempotencyKey,
  })
  .superRefine((i, ctx) => {
    const problem = programmePeriodProblem(i.startsOn, i.endsOn);
    if (problem) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: problem.replace('startsOn', 'input.startsOn') });
  });

export type CreateProgrammeInput = z.input<typeof CreateProgrammeInput>;

/**
 * Who runs programmes: a network admin for any structure, a structure's admin for its own. Staff do not: a
 * programme commits its structure to targets that funders read.
 */
function requireProgrammeManager(viewer: Viewer, structureId: number, what: string): void {
  if (isNetworkAdmin(viewer)) return;
  if (viewer.role === AccountRole.STRUCTURE_ADMIN && viewer.structureId === structureId) return;
  throw new ForbiddenError(`only a network admin or an admin of the structure concerned may ${what}`);
}

/** The structure a new programme belongs to: the admin's own, or the one a network admin names. */
function owningStructureId(viewer: Viewer, named: number | null | undefined): number {
  if (isNetworkAdmin(viewer)) {
    if (named == null) throw new BadInputError('input.structureId', 'is required when a network admin creates a programme');
    return named;
  }
  if (viewer.role !== AccountRole.STRUCTURE_ADMIN || viewer.structureId === null) throw new ForbiddenError('only a network admin or a structure admin may create programmes');
  if (named != null && named !== viewer.structureId) throw new ForbiddenError('a structure admin creates programmes for its own structure only', 'input.structureId');
  return viewer.structureId;
}

function targetColumns(targets: ProgrammeTargets): Pick<Programme, 'targetParticipants' | 'targetSessions' | 'targetImmersionsCompleted' | 'targetDurableOutcomes'> {
  return {
    targetParticipants: targets.participants,
    targetSessions: targets.sessions,
    targetImmersionsCompleted: targets.immersionsCompleted,
    targetDurableOutcomes: targets.durableOutcomes,
  };
}

/**
 * A network admin (naming the structure) or a structure admin (for its own) creates a programme with its period and
 * targets. The same idempotency key replayed returns the first programme.
 */
export function createProgramme(em: EntityManager, viewer: Viewer, raw: CreateProgrammeInput): Promise<number> {
  const input = parseInput(CreateProgrammeInput, raw);
  const structureId = owningStructureId(viewer, input.structureId);
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createProgramme', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      const structure = await tx.findOne(Structure, structureId);
      if (!structure) throw new NotFoundError('input.structureId', 'structure');
      const programme = tx.create(Programme, {
        structure,
        kind: input.kind,
        name: input.name,
        description: input.description,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        ...targetColumns(input.targets),
      });
      await tx.flush();
      return programme.id;
    }),
  );
}

const UpdateProgrammeInput = z.object({
  programmeId: id,
  kind: z.nativeEnum(ProgrammeKind).nullish(),
  name: text(200).nullish(),
  // Absent leaves the description; an empty text clears it.
  description: z.string().trim().max(5000, 'must be at most 5000 characters').nullish(),
  startsOn: localDate.nullish(),
  endsOn: localDate.nullish(),
  targets: TargetsInput.partial().nullish(),
});

export type UpdateProgrammeInput = z.input<typeof UpdateProgrammeInput>;

/**
 * Outside the new period: sessions of the programme that would start outside it, or offers whose availability
 * window would lie outside it. A programme is narrowed only around what already counts in it.
 */
async function linkedOutside(tx: EntityManager, programmeId: number, startsOn: string, endsOn: string): Promise<{ sessions: number; offers: number }> {
  const [row] = await tx.getConnection().execute<{ sessions: string; offers: string }[]>(
    `select (select count(*) from session s where s.programme_id = ?
               and ((s.starts_at at time zone 'Europe/Paris')::date < ?::date or (s.starts_at at time zone 'Europe/Paris')::date > ?::date)) as sessions,
            (select count(*) from immersion_offer o where o.programme_id = ?
               and (o.available_until < ?::date or o.available_from > ?::date)) as offers`,
    [programmeId, startsOn, endsOn, programmeId, startsOn, endsOn],
    'all',
    tx.getTransactionContext(),
  );
  return { sessions: Number(row?.sessions ?? 0), offers: Number(row?.offers ?? 0) };
}

/**
 * A network admin or the structure's admin changes a programme: what is given replaces what was (a target given
 * as null removes it). The period cannot leave out sessions or offers already in the programme.
 */
export function updateProgramme(em: EntityManager, viewer: Viewer, raw: UpdateProgrammeInput): Promise<number> {
  const input = parseInput(UpdateProgrammeInput, raw);
  return inTransaction(em, async (tx) => {
    const programme = await tx.findOne(Programme, input.programmeId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!programme) throw new NotFoundError('input.programmeId', 'programme');
    requireProgrammeManager(viewer, programme.structure.id, 'change this programme');
    const startsOn = input.startsOn ?? programme.startsOn;
    const endsOn = input.endsOn ?? programme.endsOn;
    const problem = programmePeriodProblem(startsOn, endsOn);
    if (problem) throw new BadInputError(input.endsOn != null ? 'input.endsOn' : 'input.startsOn', problem.replace('startsOn', `input.startsOn (${startsOn})`));
    if (startsOn !== programme.startsOn || endsOn !== programme.endsOn) {
      const outside = await linkedOutside(tx, programme.id, startsOn, endsOn);
      if (outside.sessions + outside.offers > 0) {
        throw new BadInputError(
          input.startsOn != null ? 'input.startsOn' : 'input.endsOn',
          `would leave out ${outside.sessions} session(s) and ${outside.offers} offer(s) of the programme: the period must still hold them`,
        );
      }
    }
    if (input.kind != null) programme.kind = input.kind;
    if (input.name != null) programme.name = input.name;
    if (input.description !== undefined && input.description !== null) programme.description = input.description === '' ? null : input.description;
    programme.startsOn = startsOn;
    programme.endsOn = endsOn;
    if (input.targets) {
      const current: ProgrammeTargets = {
        participants: programme.targetParticipants ?? null,
        sessions: programme.targetSessions ?? null,
        immersionsCompleted: programme.targetImmersionsCompleted ?? null,
        durableOutcomes: programme.targetDurableOutcomes ?? null,
      };
      // A target left out keeps its value; one given as null is removed.
      for (const name of TARGET_NAMES) if (name in input.targets && input.targets[name] !== undefined) current[name] = input.targets[name] ?? null;
      Object.assign(programme, targetColumns(current));
    }
    await tx.flush();
    return programme.id;
  });
}

/** The programme a session or an offer is linked to, locked FOR SHARE so that its period cannot change meanwhile. */
export async function findProgrammeForLink(tx: EntityManager, programmeId: number, field: string): Promise<Programme> {
  const programme = await tx.findOne(Programme, programmeId, { lockMode: LockMode.PESSIMISTIC_READ });
  if (!programme) throw new NotFoundError(field, 'programme');
  return programme;
}
