import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf } from '../../graphql/global-id';
import { connectionNodeSelections, embeddedRowKeys } from '../../graphql/look-ahead';
import { COMPANY_FIELD_KEYS, CompanyType, type CompanyRow } from '../../network';
import { ImmersionOfferType } from './immersion-offer.types';
import { LocationFilterInput } from '../../territories';
import { AppellationType, METIER_FIELD_KEYS, MetierType, type AppellationRow, type MetierRow } from '../../metiers';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { LocalDate } from '../../graphql/scalars';
import { OFFER_CRITERIA } from '../rules/offer-criteria';
import type { CriteriaValues } from '../../common/criteria';
import { addCriteriaFields } from '../../graphql/criteria-fields';
import { listImmersionOffers, type ImmersionOfferRow } from '../queries/immersion-offers';

@ObjectType({ description: 'A page of immersion offers (PMSMP).' })
class ImmersionOfferConnection extends Connection(ImmersionOfferType, 'A page of immersion offers (PMSMP).') {}

@InputType('ImmersionOfferFilter', { description: 'Which immersion offers; all conditions must hold.' })
class ImmersionOfferFilterInput extends LocationFilterInput {
  @Field(() => [String], { nullable: true, description: 'ROME fiches, domaines or grands domaines (F1701, F17, F).' })
  romeCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Offers of any of these companies (global ids).' })
  companies?: string[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'Offers available on or after this day (window overlap).' })
  availableFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Offers available on or before this day (window overlap).' })
  availableUntil?: string | null;
}

// The declared criteria (objectives, statuses...): see src/offers/rules/offer-criteria.ts.
interface ImmersionOfferFilterInput extends CriteriaValues<typeof OFFER_CRITERIA, 'list'> {}
addCriteriaFields(ImmersionOfferFilterInput, OFFER_CRITERIA, 'list');

@ArgsType()
class ImmersionOffersArgs extends PageArgsType {
  @Field(() => ImmersionOfferFilterInput, { nullable: true, description: 'Which offers; all you may see when absent.' })
  filter?: ImmersionOfferFilterInput | null;
}

@Resolver(() => ImmersionOfferType)
export class ImmersionOfferResolver {
  @Query(() => ImmersionOfferConnection, { description: 'Immersion offers you may see (published ones, and your company\'s drafts), newest first (or by distance with `filter.near`).' })
  async immersionOffers(@Args() args: ImmersionOffersArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { companies, ...f } = args.filter ?? {};
    const filter = { ...f, companyIds: idsOf('Company', companies, 'filter.companies') };
    // The company and fiche asked come with the page, each with only what the fields asked of it read.
    const asked = connectionNodeSelections(info);
    const embeds = { company: embeddedRowKeys(asked.get('company'), COMPANY_FIELD_KEYS, ['id']), metier: embeddedRowKeys(asked.get('metier'), METIER_FIELD_KEYS, ['code']) };
    return toConnection(await listImmersionOffers(ctx.em, ctx.viewer, filter, pageArgs(args, ctx.maxPageSize), embeds));
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company offering the immersion.' })
  company(@Root() row: ImmersionOfferRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> | CompanyRow | null {
    return row.companyRow !== undefined ? row.companyRow : ctx.loaders.company.load(row.companyId);
  }

  @FieldResolver(() => MetierType, { nullable: true, description: 'The ROME fiche métier of the immersion.' })
  metier(@Root() row: ImmersionOfferRow, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> | MetierRow | null {
    return row.metierRow !== undefined ? row.metierRow : ctx.loaders.metier.load(row.metierCode);
  }

  @FieldResolver(() => AppellationType, { nullable: true, description: 'The job title, when the offer names one.' })
  appellation(@Root() row: ImmersionOfferRow, @Ctx() ctx: GraphQLContext): Promise<AppellationRow | null> | null {
    return row.appellationCode === null ? null : ctx.loaders.appellation.load(row.appellationCode);
  }
}
