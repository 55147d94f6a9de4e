import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Structure } from '../entities/structure';
import { parentProblem } from '../rules/structure-parent';
import { PRESCRIBER_KINDS, StructureKind } from '../rules/structure-kind';
import { AccountRole, isNetworkAdmin, type Viewer } from '../../access';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, optionalText, parseInput, phoneNumber, text, z } from '../../common/validate';
import { resolveLocation, locationInput } from '../../territories';
import { siret } from './company-fields';
import { requireNetworkEditor } from './network-rights';

const id = z.number().int().positive();

const structureFields = {
  name: text(200),
  kind: z.nativeEnum(StructureKind, { errorMap: () => ({ message: 'must be a structure kind of the typology (data·inclusion codes, CREPI, MFR)' }) }),
  canPrescribe: z.boolean().nullish(),
  siret: siret.nullish(),
  email: z.string().trim().toLowerCase().email('must be an email address').max(200).nullish(),
  // Blank clears it, as for the other optional texts.
  phone: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), phoneNumber.nullish()),
  website: optionalText(500),
  description: optionalText(5000),
  parentId: id.nullish(),
  ...locationInput,
};

const CreateInput = z.object({ ...structureFields, idempotencyKey });

export type CreateStructureInput = z.input<typeof CreateInput>;

/** Changing who may prescribe, what a structure is or whose antenna it is: network admins only. */
const ADMIN_ONLY_FIELDS = ['kind', 'canPrescribe', 'parentId'] as const;

/** Serialises changes of parents: two concurrent moves could otherwise close a cycle that neither saw. */
const PARENT_LOCK_SQL = `select pg_advisory_xact_lock(hashtext('relais.structure-parents'))`;

/**
 * The parent named for structure `structureId` (null for a new one): it exists, and the chain of parents stays
 * without a cycle (rules/structure-parent.ts).
 */
async function checkedParent(tx: EntityManager, structureId: number | null, parentId: number): Promise<Structure> {
  await tx.getConnection().execute(PARENT_LOCK_SQL, [], 'all', tx.getTransactionContext());
  const parent = await tx.findOne(Structure, parentId);
  if (!parent) throw new NotFoundError('input.parentId', 'structure');
  // `union` (not `union all`) ends even on a cycle written by hand in the table.
  const ancestors = await tx.getConnection().execute<{ id: number }[]>(
    `with recursive up (id, parent_id) as (
       select id, parent_id from structure where id = ?
       union
       select s.id, s.parent_id from structure s join up on s.id = up.parent_id
     ) select id from up`,
    [parentId],
    'all',
    tx.getTransactionContext(),
  );
  const problem = parentProblem(structureId, parentId, ancestors.map((a) => a.id));
  if (problem) throw new BadInputError('input.parentId', problem);
  return parent;
}

/** One structure per SIRET, as one company per SIRET: another structure holding it is a CONFLICT naming it. */
async function checkStructureSiretFree(tx: EntityManager, siret: string, exceptId: number | null): Promise<void> {
  const holder = await tx.findOne(Structure, { siret }, { fields: ['id', 'name'] });
  if (holder && holder.id !== exceptId) throw new DuplicateStructureSiretError(holder, siret);
}

/** The CONFLICT of a SIRET another structure holds, naming it (the GraphQL adapter names it by its global id too). */
export class DuplicateStructureSiretError extends ConflictError {
  readonly existingStructureId: number;
  readonly existingStructureName: string;

  constructor(holder: Pick<Structure, 'id' | 'name'>, readonly siretValue: string) {
    super(`a structure with SIRET ${siretValue} already exists: ${holder.name} (structure ${holder.id})`, 'input.siret');
    this.existingStructureId = holder.id;
    this.existingStructureName = holder.name;
  }
}

/**
 * A write that lost a race for its SIRET to a concurrent one meets the unique index, not checkStructureSiretFree: its
 * CONFLICT names the structure that won, as a sequential second attempt's does.
 */
async function namingTheHolder(em: EntityManager, error: unknown, siret: string | null | undefined): Promise<never> {
  if (siret && error instanceof ConflictError && !(error instanceof DuplicateStructureSiretError) && error.field === 'input.siret') {
    const holder = await em.fork().findOne(Structure, { siret }, { fields: ['id', 'name'] });
    if (holder) throw new DuplicateStructureSiretError(holder, siret);
  }
  throw error;
}

/**
 * A network admin registers a structure of the typology (its kind decides whether it prescribes, unless
 * `canPrescribe` says otherwise), optionally as the antenna of another; one structure per SIRET (CONFLICT naming the
 * one that has it). The same idempotency key replayed returns the first structure.
 */
export function createStructure(em: EntityManager, viewer: Viewer, raw: CreateStructureInput): Promise<number> {
  const input = parseInput(CreateInput, raw);
  if (!isNetworkAdmin(viewer)) throw new ForbiddenError('only a network admin may create structures');
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createStructure', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      if (input.siret) await checkStructureSiretFree(tx, input.siret, null);
      const parent = input.parentId != null ? await checkedParent(tx, null, input.parentId) : null;
      const structure = tx.create(Structure, {
        name: input.name,
        kind: input.kind,
        canPrescribe: input.canPrescribe ?? PRESCRIBER_KINDS.has(input.kind),
        siret: input.siret ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        website: input.website,
        description: input.description,
        parent,
        ...(await resolveLocation(tx, input, null)),
      });
      await tx.flush();
      return structure.id;
    }),
    'input.siret',
  ).catch((error: unknown) => namingTheHolder(em, error, input.siret));
}

const UpdateInput = z.object({
  structureId: id,
  ...z.object(structureFields).partial().shape,
  // Required fields may be left out, not cleared.
  name: structureFields.name.optional(),
  kind: structureFields.kind.optional(),
});

export type UpdateStructureInput = z.input<typeof UpdateInput>;

/**
 * Updates a structure: a network admin anything, the structure's own admin its public details (name, contact,
 * address, description, SIRET) but not its kind, its prescriber right nor its parent. Fields left out stay as they
 * are; nullable ones given as null are cleared; the location is taken as a whole, as for companies.
 */
export function updateStructure(em: EntityManager, viewer: Viewer, raw: UpdateStructureInput): Promise<number> {
  const input = parseInput(UpdateInput, raw);
  requireNetworkEditor(viewer, [AccountRole.STRUCTURE_ADMIN], 'update structures');
  if (!isNetworkAdmin(viewer)) {
    if (viewer.structureId !== input.structureId) throw new ForbiddenError('a structure’s admin may update only its own structure', 'input.structureId');
    const field = ADMIN_ONLY_FIELDS.find((f) => input[f] !== undefined);
    if (field) throw new ForbiddenError(`only a network admin may change input.${field}`, `input.${field}`);
  }
  return inTransaction(em, async (tx) => {
    const structure = await tx.findOne(Structure, input.structureId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!structure) throw new NotFoundError('input.structureId', 'structure');
    if (input.parentId !== undefined) structure.parent = input.parentId === null ? null : await checkedParent(tx, structure.id, input.parentId);
    if (input.name !== undefined) structure.name = input.name;
    if (input.kind !== undefined) structure.kind = input.kind;
    if (input.canPrescribe !== undefined) structure.canPrescribe = input.canPrescribe ?? PRESCRIBER_KINDS.has(structure.kind);
    if (input.siret !== undefined && input.siret !== structure.siret) {
      if (input.siret !== null) await checkStructureSiretFree(tx, input.siret, structure.id);
      structure.siret = input.siret;
    }
    if (input.email !== undefined) structure.email = input.email;
    if (input.phone !== undefined) structure.phone = input.phone;
    if (input.website !== undefined) structure.website = input.website;
    if (input.description !== undefined) structure.description = input.description;
    if (input.address !== undefined || input.postalCode !== undefined || input.communeCode !== undefined) {
      Object.assign(structure, await resolveLocation(tx, input, null));
    }
    await tx.flush();
    return structure.id;
  }, 'input.siret').catch((error: unknown) => namingTheHolder(em, error, input.siret));
}
