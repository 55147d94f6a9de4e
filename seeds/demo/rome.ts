/**
 * The ROME 4.0 rows the demo network points to, copied from France Travail's v460 files (cr_gd_dp_v4,
 * referentiel_code_rome, referentiel_appellation): the seed carries them so that it runs without those files.
 */

export interface GrandDomaineSeed {
  code: string;
  label: string;
}

export interface DomaineSeed {
  code: string;
  label: string;
  grandDomaine: string;
}

export interface AppellationSeed {
  /** OGR code. */
  code: number;
  label: string;
  shortLabel: string;
  principal: boolean;
  rarelyUsed: boolean;
}

export interface MetierSeed {
  code: string;
  label: string;
  ogrCode: number;
  domaine: string;
  romeV3Code: string;
  transitionEco: string;
  regulated: boolean;
  executive: boolean;
  appellations: readonly AppellationSeed[];
}

export const DEMO_GRANDS_DOMAINES = [
  { code: 'A', label: 'Agriculture et Pêche, Espaces naturels et Espaces verts, Soins aux animaux' },
  { code: 'D', label: 'Commerce, Vente et Grande distribution' },
  { code: 'F', label: 'Construction, Bâtiment et Travaux publics' },
  { code: 'K', label: 'Services à la personne et à la collectivité' },
  { code: 'N', label: 'Transport et Logistique' },
] as const satisfies readonly GrandDomaineSeed[];

export const DEMO_DOMAINES = [
  { code: 'A14', label: 'Production', grandDomaine: 'A' },
  { code: 'D11', label: 'Commerce alimentaire et métiers de bouche', grandDomaine: 'D' },
  { code: 'F16', label: 'Second oeuvre', grandDomaine: 'F' },
  { code: 'F17', label: 'Travaux et gros oeuvre', grandDomaine: 'F' },
  { code: 'K22', label: 'Nettoyage et propreté industriels', grandDomaine: 'K' },
  { code: 'N11', label: 'Magasinage, manutention des charges et déménagement', grandDomaine: 'N' },
  { code: 'N41', label: 'Personnel de conduite du transport routier', grandDomaine: 'N' },
] as const satisfies readonly DomaineSeed[];

export const DEMO_METIERS = [
  {
    code: 'A1418', label: 'Viticulteur / Viticultrice', ogrCode: 403953, domaine: 'A14', romeV3Code: 'A1405',
    transitionEco: 'Emploi Blanc', regulated: false, executive: false,
    appellations: [
      { code: 20713, label: 'Viticulteur / Viticultrice', shortLabel: 'Viticulteur / Viticultrice', principal: true, rarelyUsed: false },
      { code: 17540, label: 'Ouvrier viticole / Ouvrière viticole', shortLabel: 'Ouvrier viticole / Ouvrière viticole', principal: false, rarelyUsed: false },
      { code: 19624, label: 'Tailleur / Tailleuse de vigne', shortLabel: 'Tailleur / Tailleuse de vigne', principal: false, rarelyUsed: false },
      { code: 404034, label: 'Salarié / Salariée viticole', shortLabel: 'Salarié / Salariée viticole', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'D1102', label: 'Boulanger / Boulangère', ogrCode: 81, domaine: 'D11', romeV3Code: 'D1102',
    transitionEco: 'Emploi Blanc', regulated: false, executive: false,
    appellations: [
      { code: 11573, label: 'Boulanger / Boulangère', shortLabel: 'Boulanger / Boulangère', principal: true, rarelyUsed: false },
      { code: 10868, label: 'Aide-boulanger / Aide-boulangère', shortLabel: 'Aide-boulanger / Aide-boulangère', principal: false, rarelyUsed: false },
      { code: 17407, label: 'Ouvrier boulanger / Ouvrière boulangère', shortLabel: 'Ouvrier boulanger / Ouvrière boulangère', principal: false, rarelyUsed: false },
      { code: 11574, label: 'Boulanger-pâtissier / Boulangère-pâtissière', shortLabel: 'Boulanger-pâtissier / Boulangère-pâtissière', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'F1612', label: 'Tailleur / Tailleuse de pierre', ogrCode: 172, domaine: 'F16', romeV3Code: 'F1612',
    transitionEco: 'Emploi Blanc', regulated: false, executive: false,
    appellations: [
      { code: 19619, label: 'Tailleur / Tailleuse de pierre', shortLabel: 'Tailleur / Tailleuse de pierre', principal: true, rarelyUsed: false },
      { code: 19620, label: 'Tailleur de pierre restaurateur / Tailleuse de pierre restauratrice', shortLabel: 'Tailleur(se) de pierre restaurateur(trice)', principal: false, rarelyUsed: false },
      { code: 18291, label: 'Ravaleur / Ravaleuse de pierre de taille', shortLabel: 'Ravaleur / Ravaleuse de pierre de taille', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'F1701', label: 'Coffreur / Coffreuse', ogrCode: 174, domaine: 'F17', romeV3Code: 'F1701',
    transitionEco: 'Emploi stratégique pour la Transition écologique', regulated: false, executive: false,
    appellations: [
      { code: 12679, label: 'Coffreur / Coffreuse', shortLabel: 'Coffreur / Coffreuse', principal: true, rarelyUsed: false },
      { code: 12680, label: 'Coffreur bancheur / Coffreuse bancheuse', shortLabel: 'Coffreur bancheur / Coffreuse bancheuse', principal: false, rarelyUsed: false },
      { code: 11490, label: 'Bancheur-coffreur / Bancheuse-coffreuse', shortLabel: 'Bancheur-coffreur / Bancheuse-coffreuse', principal: false, rarelyUsed: false },
      { code: 15071, label: 'Ferrailleur / Ferrailleuse du BTP', shortLabel: 'Ferrailleur / Ferrailleuse du BTP', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'F1703', label: 'Maçon / Maçonne', ogrCode: 176, domaine: 'F17', romeV3Code: 'F1703',
    transitionEco: 'Emploi stratégique pour la Transition écologique', regulated: false, executive: false,
    appellations: [
      { code: 16250, label: 'Maçon / Maçonne', shortLabel: 'Maçon / Maçonne', principal: true, rarelyUsed: false },
      { code: 16254, label: 'Maçon / Maçonne en rénovation', shortLabel: 'Maçon / Maçonne en rénovation', principal: false, rarelyUsed: false },
      { code: 16263, label: 'Maçon-coffreur / Maçonne-coffreuse', shortLabel: 'Maçon-coffreur / Maçonne-coffreuse', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'K2205', label: 'Agent / Agente de propreté de locaux', ogrCode: 488581, domaine: 'K22', romeV3Code: 'K2204',
    transitionEco: 'Emploi Blanc', regulated: false, executive: false,
    appellations: [
      { code: 10571, label: 'Agent / Agente de propreté de locaux', shortLabel: 'Agent / Agente de propreté de locaux', principal: true, rarelyUsed: false },
      { code: 10688, label: "Agent / Agente d'entretien-propreté de locaux", shortLabel: "Agent / Agente d'entretien-propreté de locaux", principal: false, rarelyUsed: false },
      { code: 10687, label: "Agent / Agente d'entretien-propreté de bureaux", shortLabel: "Agent / Agente d'entretien-propreté de bureaux", principal: false, rarelyUsed: false },
      { code: 19928, label: 'Technicien / Technicienne de surface', shortLabel: 'Technicien / Technicienne de surface', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'N1101', label: 'Cariste', ogrCode: 500, domaine: 'N11', romeV3Code: 'N1101',
    transitionEco: 'Emploi Blanc', regulated: true, executive: false,
    appellations: [
      { code: 11679, label: 'Cariste', shortLabel: 'Cariste', principal: true, rarelyUsed: false },
      { code: 11684, label: "Cariste d'entrepôt", shortLabel: "Cariste d'entrepôt", principal: false, rarelyUsed: false },
      { code: 11686, label: 'Cariste manutentionnaire', shortLabel: 'Cariste manutentionnaire', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'N1103', label: 'Préparateur / Préparatrice de commandes', ogrCode: 502, domaine: 'N11', romeV3Code: 'N1103',
    transitionEco: 'Emploi Blanc', regulated: false, executive: false,
    appellations: [
      { code: 17993, label: 'Préparateur / Préparatrice de commandes', shortLabel: 'Préparateur / Préparatrice de commandes', principal: true, rarelyUsed: false },
      { code: 18032, label: 'Préparateur / Préparatrice logistique en entrepôt', shortLabel: 'Préparateur / Préparatrice logistique en entrepôt', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'N1105', label: 'Manutentionnaire', ogrCode: 504, domaine: 'N11', romeV3Code: 'N1105',
    transitionEco: 'Emploi Blanc', regulated: false, executive: false,
    appellations: [
      { code: 16361, label: 'Manutentionnaire', shortLabel: 'Manutentionnaire', principal: true, rarelyUsed: false },
      { code: 16365, label: 'Manutentionnaire en transport logistique', shortLabel: 'Manutentionnaire en transport logistique', principal: false, rarelyUsed: false },
      { code: 16366, label: 'Manutentionnaire expéditeur / Manutentionnaire expéditrice', shortLabel: 'Manutentionnaire expéditeur / Manutentionnaire expéditrice', principal: false, rarelyUsed: false },
    ],
  },
  {
    code: 'N4103', label: 'Conducteur / Conductrice de bus', ogrCode: 525, domaine: 'N41', romeV3Code: 'N4103',
    transitionEco: 'Emploi stratégique pour la Transition écologique', regulated: true, executive: false,
    appellations: [
      { code: 12896, label: 'Conducteur / Conductrice de bus', shortLabel: 'Conducteur / Conductrice de bus', principal: true, rarelyUsed: false },
      { code: 12874, label: "Conducteur / Conductrice d'autobus", shortLabel: "Conducteur / Conductrice d'autobus", principal: false, rarelyUsed: false },
      { code: 12898, label: 'Conducteur / Conductrice de bus urbain et interurbain', shortLabel: 'Conducteur / Conductrice de bus urbain et interurbain', principal: false, rarelyUsed: false },
      { code: 38796, label: 'Chauffeur / Chauffeuse de bus', shortLabel: 'Chauffeur / Chauffeuse de bus', principal: false, rarelyUsed: false },
    ],
  },
] as const satisfies readonly MetierSeed[];

/** A ROME code the demo network carries. */
export type DemoRomeCode = (typeof DEMO_METIERS)[number]['code'];

/** An OGR code of an appellation the demo network carries. */
export type DemoAppellationCode = (typeof DEMO_METIERS)[number]['appellations'][number]['code'];
