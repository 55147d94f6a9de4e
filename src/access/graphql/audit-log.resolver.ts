import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf, NODE_TYPES, toGlobalId, type NodeTypeName } from '../../graphql/global-id';
import { AuditEntryType } from './audit.types';
import { CompanyType, StructureType, type CompanyRow, type StructureRow } from '../../network';
import { ParticipantType, type ParticipantRow } from '../../participants';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { DateTime } from '../../graphql/scalars';
import { listAuditLog, type AuditEntryRow } from '../queries/audit-log';

@ObjectType({ description: 'A page of the audit log.' })
class AuditEntryConnection extends Connection(AuditEntryType, 'A page of the audit log.') {}

@InputType('AuditLogFilter', { description: 'Which entries (among those you may read); all conditions must hold.' })
class AuditLogFilterInput {
  @Field(() => ID, { nullable: true, description: 'Entries concerning this participant (a global id).' })
  participantId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The account that acted (viewer.id).' })
  accountId?: string | null;

  @Field(() => String, { nullable: true, description: 'Exactly: `referParticipant`, `read:personalData`, `retention:erase`...' })
  operation?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'Entries at or after this instant.' })
  from?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'Entries before this instant.' })
  to?: Date | null;
}

@ArgsType()
class AuditLogArgs extends PageArgsType {
  @Field(() => AuditLogFilterInput, { nullable: true, description: 'Which entries; all you may read when absent.' })
  filter?: AuditLogFilterInput | null;
}

@Resolver(() => AuditEntryType)
export class AuditLogResolver {
  @Query(() => AuditEntryConnection, {
    description: 'The audit log, newest first: network admins read all of it; the staff of a structure the entries about the participants it follows; anyone else is FORBIDDEN.',
  })
  async auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: GraphQLContext) {
    const { participantId, accountId, ...f } = args.filter ?? {};
    const filter = {
      ...f,
      participantId: participantId == null ? null : idOf('Participant', participantId, 'filter.participantId'),
      accountId: accountId == null ? null : idOf('Account', accountId, 'filter.accountId'),
    };
    return toConnection(await listAuditLog(ctx.em, ctx.viewer, filter, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The account that acted (an Account id); null for the system.' })
  accountId(@Root() row: AuditEntryRow): string | null {
    return row.accountId === null ? null : toGlobalId('Account', row.accountId);
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure the account acted for.' })
  structure(@Root() row: AuditEntryRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | null {
    return row.structureId === null ? null : ctx.loaders.structure.load(row.structureId);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company the account acted for.' })
  company(@Root() row: AuditEntryRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> | null {
    return row.companyId === null ? null : ctx.loaders.company.load(row.companyId);
  }

  @FieldResolver(() => ParticipantType, { nullable: true, description: 'The participant concerned, if any.' })
  participant(@Root() row: AuditEntryRow, @Ctx() ctx: GraphQLContext): Promise<ParticipantRow | null> | null {
    // The entries a viewer may read are about participants it may read: the unrestricted loader is enough.
    return row.participantId === null ? null : ctx.loaders.participant.load(row.participantId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The id of the object the operation produced or named (a global id for Node types).' })
  targetId(@Root() row: AuditEntryRow): string | null {
    if (row.targetType === null || row.targetKey === null) return null;
    return Object.hasOwn(NODE_TYPES, row.targetType) ? toGlobalId(row.targetType as NodeTypeName, row.targetKey) : row.targetKey;
  }
}
