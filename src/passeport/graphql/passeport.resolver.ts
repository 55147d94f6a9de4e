import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { notePersonalDataRead } from '../../access';
import type { GraphQLContext } from '../../graphql/context';
import { ListItems } from '../../graphql/list-size';
import { AppellationType, MetierType, type AppellationRow, type MetierRow } from '../../metiers';
import { CompanyType, StructureType, type CompanyRow, type StructureRow } from '../../network';
import { ImmersionOfferType, type ImmersionOfferRow } from '../../offers';
import { ParticipantType, type ParticipantRow } from '../../participants';
import { SessionType, type SessionRow } from '../../sessions';
import { CommuneType, type CommuneRow } from '../../territories';
import { mayReadPasseport } from '../rules/passeport-access';
import { MAX_PASSEPORT_SESSION_METIERS, type CompanyMet, type DiscoveredMetier, type HostStructureMet, type Passeport, type PasseportImmersionRow, type PasseportSessionRow } from '../rules/passeport';
import { PasseportCompanyType, PasseportHostStructureType, PasseportImmersionType, PasseportMetierType, PasseportSessionType, PasseportType } from './passeport.types';

const present = <T>(rows: readonly (T | Error | null)[]): T[] => rows.filter((r): r is T => r !== null && !(r instanceof Error));

@Resolver(() => ParticipantType)
export class ParticipantPasseportResolver {
  @FieldResolver(() => PasseportType, {
    nullable: true,
    description: 'Their passeport métiers (journey in the network): for the participant, network admins, their referent structure and the prescriber of one of their referrals; null for everyone else (hosts, companies, portals). Each read is audited as a personal-data read.',
  })
  async passeport(@Root() row: ParticipantRow, @Ctx() ctx: GraphQLContext): Promise<Passeport | null> {
    if (!mayReadPasseport(await ctx.loaders.personalDataAccess.load(row.id))) return null;
    const passeport = await ctx.loaders.passeport.load(row.id);
    // Audited like personalData: once per participant and request, written when execution ends.
    notePersonalDataRead(ctx, row.id);
    return passeport;
  }
}

@Resolver(() => PasseportSessionType)
export class PasseportSessionResolver {
  @FieldResolver(() => SessionType, { nullable: true, description: 'The session itself, as you may read it (null if you may not).' })
  session(@Root() row: PasseportSessionRow, @Ctx() ctx: GraphQLContext): Promise<SessionRow | null> {
    return ctx.loaders.session.load(row.sessionId);
  }

  @FieldResolver(() => StructureType, { description: 'The structure that organised it.' })
  async organiser(@Root() row: PasseportSessionRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.organiserId);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company that opened its doors; null when there was none (or a structure did: `hostStructure`).' })
  hostCompany(@Root() row: PasseportSessionRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> | null {
    return row.hostCompanyId === null ? null : ctx.loaders.company.load(row.hostCompanyId);
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that opened its doors instead of a company (an MFR, an SIAE); null when there was none.' })
  hostStructure(@Root() row: PasseportSessionRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | null {
    return row.hostStructureId === null ? null : ctx.loaders.structure.load(row.hostStructureId);
  }

  @FieldResolver(() => CommuneType, { nullable: true, description: 'The commune where it took place; null when not given.' })
  commune(@Root() row: PasseportSessionRow, @Ctx() ctx: GraphQLContext): Promise<CommuneRow | null> | null {
    return row.communeCode === null ? null : ctx.loaders.commune.load(row.communeCode);
  }

  @FieldResolver(() => [MetierType], { description: 'The ROME métiers it was about.' })
  @ListItems(MAX_PASSEPORT_SESSION_METIERS)
  async metiers(@Root() row: PasseportSessionRow, @Ctx() ctx: GraphQLContext): Promise<MetierRow[]> {
    return present(await ctx.loaders.metier.loadMany(row.metiers.map((m) => m.code)));
  }
}

@Resolver(() => PasseportImmersionType)
export class PasseportImmersionResolver {
  @FieldResolver(() => ImmersionOfferType, { nullable: true, description: 'The offer itself, as you may read it (null if you may not).' })
  immersionOffer(@Root() row: PasseportImmersionRow, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferRow | null> {
    return ctx.loaders.immersionOffer.load(row.immersionOfferId);
  }

  @FieldResolver(() => CompanyType, { description: 'The company that hosted them.' })
  company(@Root() row: PasseportImmersionRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> {
    return ctx.loaders.company.load(row.companyId);
  }

  @FieldResolver(() => MetierType, { description: 'The ROME métier of the immersion.' })
  metier(@Root() row: PasseportImmersionRow, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(row.metier.code);
  }

  @FieldResolver(() => AppellationType, { nullable: true, description: 'The job title (ROME appellation) it offered; null when the offer named only the métier.' })
  appellation(@Root() row: PasseportImmersionRow, @Ctx() ctx: GraphQLContext): Promise<AppellationRow | null> | null {
    return row.appellationCode === null ? null : ctx.loaders.appellation.load(row.appellationCode);
  }
}

@Resolver(() => PasseportMetierType)
export class PasseportMetierResolver {
  @FieldResolver(() => MetierType, { description: 'The ROME fiche métier (code and label).' })
  metier(@Root() row: DiscoveredMetier, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(row.code);
  }
}

@Resolver(() => PasseportCompanyType)
export class PasseportCompanyResolver {
  @FieldResolver(() => CompanyType, { description: 'The company.' })
  company(@Root() row: CompanyMet, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> {
    return ctx.loaders.company.load(row.companyId);
  }
}

@Resolver(() => PasseportHostStructureType)
export class PasseportHostStructureResolver {
  @FieldResolver(() => StructureType, { description: 'The structure.' })
  structure(@Root() row: HostStructureMet, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.structureId);
  }
}

export const PASSEPORT_RESOLVERS = [
  ParticipantPasseportResolver, PasseportSessionResolver, PasseportImmersionResolver, PasseportMetierResolver, PasseportCompanyResolver, PasseportHostStructureResolver,
] as const;
