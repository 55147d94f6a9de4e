import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf, toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';
import { ConflictError } from '../../common/errors';
import { AddressInput } from '../../territories';
import { CompanyType } from './company.types';
import { StructureType } from './structure.types';
import { CompanySizeBand } from '../rules/company-size-band';
import { StructureKind } from '../rules/structure-kind';
import { createCompany, updateCompany } from '../use-cases/companies';
import { DuplicateSiretError } from '../use-cases/company-fields';
import { addClubMember, removeClubMember } from '../use-cases/club-members';
import { createStructure, DuplicateStructureSiretError, updateStructure } from '../use-cases/structures';
import { currentMembershipRow, pastMembershipRow, type ClubMembershipRow } from '../queries/memberships';
import type { CompanyRow } from '../queries/companies';
import type { StructureRow } from '../queries/structures';

const IDEMPOTENCY = 'Replaying the same key returns the first result and creates nothing; the same key with another input is a CONFLICT.';

// ——— companies ———

@InputType('CompanyFieldsInput', { description: 'The details of a company (not used on its own).' })
abstract class CompanyFieldsInput extends AddressInput {
  @Field(() => String, { nullable: true, description: 'NAF rév. 2 subclass (code APE), `43.99C` or `4399C`: it must be in the imported nomenclature (npm run cli -- import-naf).' })
  nafCode?: string | null;

  @Field(() => CompanySizeBand, { nullable: true, description: 'Headcount band.' })
  sizeBand?: CompanySizeBand | null;

  @Field(() => String, { nullable: true, description: 'Web address (http or https), up to 500 characters.' })
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  description?: string | null;
}

@InputType('CreateCompanyInput', { description: 'A company joining the network.' })
class CreateCompanyInput extends CompanyFieldsInput {
  @Field({ description: 'SIRET: 14 digits passing the Luhn check (spaces allowed). One company per SIRET: a second one is a CONFLICT naming the company that has it.' })
  siret!: string;

  @Field({ description: 'Up to 200 characters.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The CRÉPI club the company joins at once. A CRÉPI\'s admin creates members of its own club (the default); network admins may leave it out.' })
  clubId?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The day it joined the club (default today; not in the future).' })
  joinedOn?: string | null;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY })
  idempotencyKey?: string | null;
}

@InputType('UpdateCompanyInput', { description: 'Changes to a company: fields left out stay as they are, nullable ones set to null are cleared; given any of address, postal code or commune, the location is set from those given.' })
class UpdateCompanyInput extends CompanyFieldsInput {
  @Field(() => ID, { description: 'The company.' })
  companyId!: string;

  @Field(() => String, { nullable: true, description: 'A new SIRET (checked as at creation).' })
  siret?: string;

  @Field(() => String, { nullable: true, description: 'A new name.' })
  name?: string;
}

@ObjectType('CompanyPayload', { description: 'The company after the change.', simpleResolvers: true })
class CompanyPayload {
  @Field(() => CompanyType, { description: 'The company.' })
  company!: CompanyRow;
}

// ——— structures ———

@InputType('StructureFieldsInput', { description: 'The details of a structure (not used on its own).' })
abstract class StructureFieldsInput extends AddressInput {
  @Field(() => Boolean, { nullable: true, description: 'Whether it may refer participants: by default, as its kind does (missions locales, PLIE, France Travail, SIAE...). Network admins only.' })
  canPrescribe?: boolean | null;

  @Field(() => String, { nullable: true, description: 'SIRET, when it has one (14 digits passing the Luhn check); one structure per SIRET (CONFLICT naming the structure that has it). A structure hosts sessions only with one.' })
  siret?: string | null;

  @Field(() => String, { nullable: true, description: 'Public contact email.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Public phone number: French as dialled in France (01 49 33 10 20) or international with its country code (+32 2 555 12 12); stored and answered in E.164 (+33149331020). Null or blank clears it.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Web address, up to 500 characters.' })
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The structure it is an antenna of (no cycle). Network admins only.' })
  parentId?: string | null;
}

@InputType('CreateStructureInput', { description: 'A structure joining the network (network admins).' })
class CreateStructureInput extends StructureFieldsInput {
  @Field({ description: 'Up to 200 characters.' })
  name!: string;

  @Field(() => StructureKind, { description: 'Its kind in the typology (data·inclusion codes, plus CREPI and MFR).' })
  kind!: StructureKind;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY })
  idempotencyKey?: string | null;
}

@InputType('UpdateStructureInput', { description: 'Changes to a structure: fields left out stay as they are, nullable ones set to null are cleared. Its own admin may change its public details; kind, prescriber right and parent: network admins only.' })
class UpdateStructureInput extends StructureFieldsInput {
  @Field(() => ID, { description: 'The structure.' })
  structureId!: string;

  @Field(() => String, { nullable: true, description: 'A new name.' })
  name?: string;

  @Field(() => StructureKind, { nullable: true, description: 'A new kind (network admins only).' })
  kind?: StructureKind;
}

@ObjectType('StructurePayload', { description: 'The structure after the change.', simpleResolvers: true })
class StructurePayload {
  @Field(() => StructureType, { description: 'The structure.' })
  structure!: StructureRow;
}

// ——— club membership ———

@InputType('AddClubMemberInput', { description: 'A company joins a CRÉPI club.' })
class AddClubMemberInput {
  @Field(() => ID, { description: 'The company.' })
  companyId!: string;

  @Field(() => ID, { description: 'The club: a CRÉPI.' })
  clubId!: string;

  @Field(() => LocalDate, { nullable: true, description: 'The day it joined (default today; not in the future).' })
  joinedOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A standing hosting agreement: the club\'s sessions at the company are confirmed from the start (default false).' })
  hostingAgreement?: boolean | null;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY })
  idempotencyKey?: string | null;
}

@InputType('RemoveClubMemberInput', { description: 'A company leaves a CRÉPI club.' })
class RemoveClubMemberInput {
  @Field(() => ID, { description: 'The company.' })
  companyId!: string;

  @Field(() => ID, { description: 'The club: a CRÉPI.' })
  clubId!: string;

  @Field(() => LocalDate, { nullable: true, description: 'The day it left (default today): on or after the day it joined, not in the future.' })
  leftOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Replaying the same key after a success answers the same past membership (not "is not a member") and changes nothing; the same key with another input is a CONFLICT.',
  })
  idempotencyKey?: string | null;
}

@ObjectType('ClubMembershipPayload', { description: 'A company\'s membership of a club after the change.', simpleResolvers: true })
class ClubMembershipPayload {
  @Field(() => CompanyType, { description: 'The member company.' })
  company!: CompanyRow;

  @Field(() => StructureType, { description: 'The club.' })
  club!: StructureRow;

  @Field(() => LocalDate, { nullable: true, description: 'The day it joined (null when not recorded).' })
  joinedOn!: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The day it left; null while it is a member.' })
  leftOn!: string | null;

  @Field({ description: 'Whether a standing hosting agreement holds (never after leaving).' })
  hostingAgreement!: boolean;
}

/** A duplicate SIRET names the company or structure that has it by its global id, which clients can read with node(id:). */
async function namingDuplicate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DuplicateSiretError) {
      throw new ConflictError(`${error.field} ${error.siretValue} is the SIRET of a company already registered: ${toGlobalId('Company', error.existingCompanyId)}`, error.field);
    }
    if (error instanceof DuplicateStructureSiretError) {
      throw new ConflictError(
        `${error.field} ${error.siretValue} is the SIRET of a structure already registered: ${error.existingStructureName} (${toGlobalId('Structure', error.existingStructureId)})`,
        error.field,
      );
    }
    throw error;
  }
}

const optionalId = (type: 'Company' | 'Structure', id: string | null | undefined, field: string): number | null | undefined =>
  id === undefined ? undefined : id === null ? null : idOf(type, id, field);

async function membershipPayload(ctx: GraphQLContext, membership: ClubMembershipRow): Promise<ClubMembershipPayload> {
  const [company, club] = await Promise.all([reloaded(ctx.loaders.company, membership.companyId), reloaded(ctx.loaders.structure, membership.clubId)]);
  return { company, club, joinedOn: membership.joinedOn, leftOn: membership.leftOn, hostingAgreement: membership.hostingAgreement };
}

@Resolver()
export class NetworkMutationResolver {
  @Mutation(() => CompanyPayload, { description: 'A network admin, or a CRÉPI\'s admin for its club, registers a company (and with a club, makes it a member).' })
  async createCompany(@Arg('input', INPUT_ARG) input: CreateCompanyInput, @Ctx() ctx: GraphQLContext): Promise<CompanyPayload> {
    const id = await namingDuplicate(() =>
      createCompany(ctx.em, ctx.viewer, { ...input, clubId: optionalId('Structure', input.clubId, 'input.clubId') }),
    );
    return { company: await reloaded(ctx.loaders.company, id) };
  }

  @Mutation(() => CompanyPayload, { description: 'A network admin, the company\'s admin or the admin of its CRÉPI updates a company.' })
  async updateCompany(@Arg('input', INPUT_ARG) input: UpdateCompanyInput, @Ctx() ctx: GraphQLContext): Promise<CompanyPayload> {
    const id = await namingDuplicate(() =>
      updateCompany(ctx.em, ctx.viewer, { ...input, companyId: idOf('Company', input.companyId, 'input.companyId') }),
    );
    return { company: await reloaded(ctx.loaders.company, id) };
  }

  @Mutation(() => StructurePayload, { description: 'A network admin registers a structure of the typology, possibly as the antenna of another.' })
  async createStructure(@Arg('input', INPUT_ARG) input: CreateStructureInput, @Ctx() ctx: GraphQLContext): Promise<StructurePayload> {
    const id = await namingDuplicate(() => createStructure(ctx.em, ctx.viewer, { ...input, parentId: optionalId('Structure', input.parentId, 'input.parentId') }));
    return { structure: await reloaded(ctx.loaders.structure, id) };
  }

  @Mutation(() => StructurePayload, { description: 'A network admin updates a structure; its own admin, its public details.' })
  async updateStructure(@Arg('input', INPUT_ARG) input: UpdateStructureInput, @Ctx() ctx: GraphQLContext): Promise<StructurePayload> {
    const id = await namingDuplicate(() =>
      updateStructure(ctx.em, ctx.viewer, {
        ...input,
        structureId: idOf('Structure', input.structureId, 'input.structureId'),
        parentId: optionalId('Structure', input.parentId, 'input.parentId'),
      }),
    );
    return { structure: await reloaded(ctx.loaders.structure, id) };
  }

  @Mutation(() => ClubMembershipPayload, { description: 'A network admin or a CRÉPI\'s admin adds a company to the club. Already a member: CONFLICT.' })
  async addClubMember(@Arg('input', INPUT_ARG) input: AddClubMemberInput, @Ctx() ctx: GraphQLContext): Promise<ClubMembershipPayload> {
    const companyId = idOf('Company', input.companyId, 'input.companyId');
    const clubId = idOf('Structure', input.clubId, 'input.clubId');
    await addClubMember(ctx.em, ctx.viewer, { ...input, companyId, clubId });
    // A replayed key after the company left the club finds no current membership: what is known is said.
    const membership = await currentMembershipRow(ctx.em, companyId, clubId);
    return membershipPayload(ctx, membership ?? { companyId, clubId, joinedOn: null, leftOn: null, hostingAgreement: false });
  }

  @Mutation(() => ClubMembershipPayload, { description: 'A network admin or a CRÉPI\'s admin records that a company left the club; the membership is kept with both dates.' })
  async removeClubMember(@Arg('input', INPUT_ARG) input: RemoveClubMemberInput, @Ctx() ctx: GraphQLContext): Promise<ClubMembershipPayload> {
    const pastId = await removeClubMember(ctx.em, ctx.viewer, {
      ...input,
      companyId: idOf('Company', input.companyId, 'input.companyId'),
      clubId: idOf('Structure', input.clubId, 'input.clubId'),
    });
    return membershipPayload(ctx, (await pastMembershipRow(ctx.em, pastId))!);
  }
}
