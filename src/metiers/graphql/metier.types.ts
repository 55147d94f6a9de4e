import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/connections';
import type { FieldRowKeys } from '../../graphql/look-ahead';
import type { MetierRow } from '../queries/metiers';
import { CompetenceNature, CompetenceRelevance } from '../rules/competence-relevance';

@ObjectType('GrandDomaine', { description: 'ROME grand domaine (one letter, e.g. F = Construction, Bâtiment et Travaux publics).', simpleResolvers: true })
export class GrandDomaineType {
  @Field({ description: 'Its letter, e.g. F.' })
  code!: string;

  @Field({ description: 'Its label, e.g. "Construction, Bâtiment et Travaux publics".' })
  label!: string;
}

@ObjectType('DomaineProfessionnel', { description: 'ROME domaine professionnel (three characters, e.g. F17 = Travaux et gros œuvre).', simpleResolvers: true })
export class DomaineType {
  @Field({ description: 'Its code: the grand domaine\'s letter and two digits, e.g. F17.' })
  code!: string;

  @Field({ description: 'Its label, e.g. "Travaux et gros œuvre".' })
  label!: string;

  @Field(() => GrandDomaineType, { nullable: true, description: 'The grand domaine it belongs to.' })
  grandDomaine!: GrandDomaineType | null;
}

@ObjectType('Metier', {
  implements: Node,
  description: 'A fiche métier of the ROME 4.0 (Répertoire Opérationnel des Métiers et des Emplois of France Travail).',
  simpleResolvers: true,
})
export class MetierType {
  @Field({ description: 'ROME code, e.g. F1701.' })
  code!: string;

  @Field({ description: 'Label of the fiche, inclusive ("Coffreur / Coffreuse").' })
  label!: string;

  @Field(() => Int, { description: 'OGR code of the fiche.' })
  ogrCode!: number;

  @Field(() => String, { nullable: true, description: 'The ROME v3 code this fiche descends from.' })
  romeV3Code!: string | null;

  @Field(() => String, { nullable: true, description: 'France Travail ecological-transition label ("Emploi Vert", "Emploi Blanc"...).' })
  transitionEco!: string | null;

  @Field({ description: 'Emploi réglementé (regulated occupation).' })
  regulated!: boolean;

  @Field({ description: 'Emploi cadre (executive position).' })
  executive!: boolean;

  @Field(() => DomaineType, { nullable: true, description: 'The domaine professionnel of the fiche (its first three characters).' })
  domaine!: DomaineType | null;
}

@ObjectType('Appellation', { implements: Node, description: 'A ROME appellation: a job title with its OGR code, attached to one fiche métier.', simpleResolvers: true })
export class AppellationType {
  @Field(() => Int, { description: 'OGR code, e.g. 12680 (Coffreur bancheur / Coffreuse bancheuse).' })
  code!: number;

  @Field({ description: 'Full job title, both genders (libellé long: "Coffreur bancheur / Coffreuse bancheuse").' })
  label!: string;

  @Field({ description: 'Short job title (libellé court of the ROME file).' })
  shortLabel!: string;

  @Field({ description: 'The main title of its fiche (PRINCIPALE) rather than a synonym.' })
  principal!: boolean;

  @Field({ description: 'Marked "peu usité" (rarely used) by France Travail.' })
  rarelyUsed!: boolean;

  @Field(() => MetierType, { nullable: true, description: 'The fiche métier it is attached to.' })
  metier!: MetierType | null;
}

@ObjectType('Competence', { description: 'A ROME 4.0 compétence (savoir-faire or savoir-être professionnel), by its OGR code.', simpleResolvers: true })
export class CompetenceType {
  @Field(() => Int, { description: 'OGR code, e.g. 100023 ("Abattre un arbre").' })
  code!: number;

  @Field({ description: 'Its label.' })
  label!: string;

  @Field(() => CompetenceNature, { description: 'One skill or a macro-compétence.' })
  nature!: CompetenceNature;

  @Field({ description: '"Savoir-faire" or "Savoir-être professionnel".' })
  category!: string;

  @Field(() => String, { nullable: true, description: '"Technique", "Technique expert", "Transverse"...; null when the file gives none.' })
  subCategory!: string | null;
}

@ObjectType('MetierCompetence', { description: 'A compétence of a fiche métier, with how it belongs to the fiche.', simpleResolvers: true })
export class MetierCompetenceType extends CompetenceType {
  @Field(() => CompetenceRelevance, { description: 'Core of the métier, emerging, or another compétence of the fiche.' })
  relevance!: CompetenceRelevance;

  @Field({ description: 'Whether it is a core compétence of the métier (relevance CORE): those an immersion\'s evaluation grid lists.' })
  core!: boolean;
}

/**
 * What each field of Metier reads of its row (the default resolvers, MetierResolver, the Node id, which reads the
 * code), so that a list embeds only what the fields asked read (look-ahead.ts `embeddedRowKeys`; a field missing here
 * gets the whole row). A field resolver that comes to read another key must say so here.
 */
export const METIER_FIELD_KEYS = {
  id: ['code'], code: ['code'], label: ['label'], ogrCode: ['ogrCode'], romeV3Code: ['romeV3Code'], transitionEco: ['transitionEco'],
  regulated: ['regulated'], executive: ['executive'], domaine: ['domaineCode'], appellations: ['code'], competences: ['code'], sessions: ['code'],
} as const satisfies FieldRowKeys<MetierRow>;
