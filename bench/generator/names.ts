import type { Random } from './prng';

/** Fictional text content: people's names, streets, company names, free texts. */

export const FIRST_NAMES = [
  'Adam', 'Aïcha', 'Alexandre', 'Alice', 'Amadou', 'Amina', 'Aminata', 'Anaïs', 'Antoine', 'Arthur', 'Awa', 'Bilal', 'Camille',
  'Céline', 'Chloé', 'Christophe', 'Clara', 'Claire', 'Damien', 'David', 'Dylan', 'Élodie', 'Emma', 'Enzo', 'Fatima', 'Fatoumata',
  'Florian', 'Gabriel', 'Hugo', 'Ibrahim', 'Inès', 'Isabelle', 'Jade', 'Jean', 'Jérôme', 'Julie', 'Julien', 'Karim', 'Kevin',
  'Khadija', 'Laura', 'Léa', 'Léo', 'Lina', 'Louis', 'Lucas', 'Manon', 'Marie', 'Mathieu', 'Mehdi', 'Mohamed', 'Moussa', 'Myriam',
  'Nadia', 'Nathalie', 'Nicolas', 'Nora', 'Océane', 'Omar', 'Pauline', 'Pierre', 'Rachid', 'Rayan', 'Sabrina', 'Samir', 'Sandrine',
  'Sarah', 'Sébastien', 'Sofiane', 'Sophie', 'Stéphanie', 'Théo', 'Thomas', 'Valentin', 'Vanessa', 'Yacine', 'Yanis', 'Yasmine',
  'Youssef', 'Zoé', 'Mamadou', 'Salimata', 'Kenza', 'Ilyes', 'Maëlys', 'Noah', 'Jules', 'Lou', 'Mathis', 'Inaya',
];

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre',
  'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont',
  'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry',
  'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin',
  'Benali', 'Diallo', 'Traoré', 'Haddad', 'Benkhelifa', 'Nguyen', 'Da Silva', 'Ferreira', 'Pereira', 'Kone', 'Cissé', 'Belkacem',
  'Mansouri', 'Bouzid', 'Diop', 'Ndiaye', 'Camara', 'Sow', 'Lopes', 'Marchal', 'Vandamme', 'Delattre', 'Lacoste', 'Castaing',
  'Dumas', 'Baudin', 'Darriet', 'Boulanger', 'Lemaire', 'Duhamel', 'Hamidi', 'Yilmaz', 'Kaya', 'Rossi', 'Santos', 'Mendy', 'Gomis',
];

const STREET_TYPES = ['rue', 'rue', 'rue', 'avenue', 'boulevard', 'place', 'chemin', 'allée', 'impasse', 'route'];
const STREET_NAMES = [
  'de la République', 'Victor Hugo', 'Jean Jaurès', 'Pasteur', 'de la Gare', 'du Général de Gaulle', 'Jules Ferry', 'de la Paix',
  'des Écoles', 'du Moulin', 'Gambetta', 'de l’Église', 'Voltaire', 'Émile Zola', 'des Lilas', 'de Verdun', 'du Stade',
  'Anatole France', 'Paul Vaillant-Couturier', 'Gabriel Péri', 'Louise Michel', 'Simone Veil', 'des Artisans', 'de l’Industrie',
  'du Commerce', 'des Entrepreneurs', 'de la Liberté', 'Aristide Briand', 'Marcel Cachin', 'Pierre Brossolette',
];

const COMPANY_ROOTS = [
  'Atlantique', 'Horizon', 'Avenir', 'Plaine', 'Vallée', 'Étoile', 'Rivage', 'Garonne', 'Hainaut', 'Provence', 'Rhône', 'Flandres',
  'Océan', 'Méridien', 'Cèdre', 'Chêne', 'Granit', 'Lumière', 'Azur', 'Boréal', 'Terroir', 'Confluence', 'Phare', 'Rempart',
  'Alliance', 'Sillon', 'Colline', 'Estuaire', 'Canal', 'Lavande', 'Olivier', 'Tilleul', 'Ardoise', 'Ancre', 'Forge', 'Source',
];
const COMPANY_TRADES = [
  'Propreté', 'Logistique', 'Bâtiment', 'Restauration', 'Services', 'Transports', 'Maçonnerie', 'Espaces Verts', 'Distribution',
  'Industrie', 'Menuiserie', 'Électricité', 'Boulangerie', 'Aide à Domicile', 'Conditionnement', 'Travaux Publics', 'Hôtellerie',
  'Métallerie', 'Paysages', 'Sécurité', 'Plomberie', 'Imprimerie', 'Mécanique', 'Commerce', 'Santé', 'Numérique',
];
const LEGAL_FORMS = ['SAS', 'SARL', 'SA', 'SASU', 'EURL', 'SCOP'];

export function personName(rng: Random): { firstName: string; lastName: string } {
  return { firstName: rng.pick(FIRST_NAMES), lastName: rng.pick(LAST_NAMES) };
}

export function streetAddress(rng: Random): string {
  return `${rng.int(1, 180)} ${rng.pick(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`;
}

export function companyName(rng: Random, communeName: string): string {
  const root = rng.pick(COMPANY_ROOTS);
  const trade = rng.pick(COMPANY_TRADES);
  const shape = rng.int(0, 3);
  const form = rng.pick(LEGAL_FORMS);
  if (shape === 0) return `${trade} ${root} ${form}`;
  if (shape === 1) return `${root} ${trade} ${form}`;
  if (shape === 2) return `${trade} de ${communeName} ${form}`;
  return `${rng.pick(LAST_NAMES)} ${trade} ${form}`;
}

/** `jean.martin` from names, for email addresses. */
export function emailLocalPart(firstName: string, lastName: string): string {
  return `${slug(firstName, '')}.${slug(lastName, '-')}`;
}

/**
 * Lower-case ASCII words joined by `separator`. Folded here, not by the database's relais_search_text: the generator
 * makes addresses before any row is written, and only from the French names of its own lists.
 */
export function slug(text: string, separator = '-'): string {
  const words = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/gi, 'oe').replace(/æ/gi, 'ae').toLowerCase().match(/[a-z0-9]+/g);
  return (words ?? []).join(separator);
}

/** A mobile number in the range ARCEP keeps for fiction (06 39 98 xx xx), in E.164 as the hub stores phones. */
export function fictionPhone(rng: Random): string {
  return `+3363998${String(rng.int(0, 99)).padStart(2, '0')}${String(rng.int(0, 99)).padStart(2, '0')}`;
}

/** A landline-looking number of a structure, in the same fiction range style (01 99 00 xx xx), in E.164. */
export function officePhone(rng: Random): string {
  return `+33${rng.int(1, 5)}9900${String(rng.int(0, 99)).padStart(2, '0')}${String(rng.int(0, 99)).padStart(2, '0')}`;
}

export const PARTICIPANT_NOTES = [
  'Projet professionnel à confirmer ; disponible en semaine.',
  'Sans permis de conduire : privilégier les transports en commun.',
  'Expérience en restauration, souhaite se réorienter.',
  'Sortie de formation qualifiante, cherche une première expérience.',
  'Garde d’enfants à organiser : disponible le matin.',
  'Très motivé(e) par les métiers manuels.',
  'Reprise d’activité après une longue période sans emploi.',
  'Bonne maîtrise du français écrit à consolider.',
  'Intéressé(e) par l’alternance.',
  'A déjà fait une immersion concluante dans le secteur.',
];

export const REFERRAL_MOTIVES = [
  'Découvrir le métier avant de s’engager dans une formation.',
  'Confirmer le projet professionnel en situation réelle.',
  'Rencontrer des employeurs qui recrutent localement.',
  'Remobilisation : reprendre le rythme d’une journée de travail.',
  'Explorer un secteur qui recrute près de chez lui / chez elle.',
  'Valider les compétences acquises lors d’une précédente expérience.',
  'Préparer une candidature en alternance.',
  'Reconversion : vérifier que le métier lui correspond.',
  'Élargir les pistes de recherche d’emploi.',
  'Suite d’une session Ambassadeurs des métiers : approfondir.',
];

export const REFUSAL_DETAILS: Readonly<Record<string, string>> = {
  NO_SEAT: 'Plus de place sur cette date.',
  NOT_ELIGIBLE: 'Ne remplit pas les conditions de la session.',
  NOT_MOBILE: 'Lieu de la visite inaccessible sans véhicule.',
  LACKING_SKILLS: 'Prérequis techniques non acquis à ce stade.',
  INCOMPATIBLE_DATES: 'Dates incompatibles avec ses contraintes.',
  DUPLICATE: 'Déjà orienté(e) par une autre structure.',
  OTHER: 'Visite réservée à un public déjà en formation dans le secteur.',
};

export const OUTCOME_NOTES = [
  'Souhaite poursuivre par une immersion.',
  'Intéressé(e), à revoir en entretien.',
  'Le métier ne lui correspond pas finalement.',
  'Inscription en formation qualifiante.',
  'Embauche à l’issue de la démarche.',
];
