import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { notePersonalDataRead, PersonalDataAccess, personalDataView } from '../../access';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf } from '../../graphql/global-id';
import { ParticipantPersonalDataType, ParticipantType } from './participant.types';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { StructureType, type StructureRow } from '../../network';
import { listParticipants, type ParticipantPersonalRow, type ParticipantRow } from '../queries/participants';

@ObjectType({ description: 'A page of participants.' })
class ParticipantConnection extends Connection(ParticipantType, 'A page of participants.') {}

@InputType('ParticipantFilter', { description: 'Which participants (among those you may see).' })
class ParticipantFilterInput {
  @Field(() => [ID], { nullable: true, description: 'Participants followed by any of these referent structures (global ids).' })
  referentStructures?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Départements of residence (INSEE codes).' })
  departementCodes?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Include erased (anonymised) participants. Default false.' })
  includeErased?: boolean | null;
}

@ArgsType()
class ParticipantsArgs extends PageArgsType {
  @Field(() => ParticipantFilterInput, { nullable: true, description: 'Which participants; all you may see (not erased) when absent.' })
  filter?: ParticipantFilterInput | null;
}

@Resolver(() => ParticipantType)
export class ParticipantResolver {
  @Query(() => ParticipantConnection, { description: 'Participants your structure follows (network admins: all; a participant: themselves), newest first.' })
  async participants(@Args() args: ParticipantsArgs, @Ctx() ctx: GraphQLContext) {
    const { referentStructures, ...f } = args.filter ?? {};
    const filter = { ...f, referentStructureIds: idsOf('Structure', referentStructures, 'filter.referentStructures') };
    return toConnection(await listParticipants(ctx.em, ctx.viewer, filter, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that follows the person.' })
  referentStructure(@Root() row: ParticipantRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.referentStructureId);
  }

  @FieldResolver(() => ParticipantPersonalDataType, { nullable: true, description: 'Names, contact, notes: what your access allows (see ParticipantPersonalData), null otherwise and after erasure.' })
  async personalData(@Root() row: ParticipantRow, @Ctx() ctx: GraphQLContext): Promise<ParticipantPersonalRow | null> {
    const access = await ctx.loaders.personalDataAccess.load(row.id);
    if (access === PersonalDataAccess.NONE) return null;
    const data = await ctx.loaders.personalData.load(row.id);
    const view = data && personalDataView(data, access);
    // Audited: what went out, once per participant and request, written in one statement at the end (audit.ts).
    if (view) notePersonalDataRead(ctx, row.id);
    return view;
  }
}
