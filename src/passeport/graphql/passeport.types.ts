import { Field, Int, ObjectType } from 'type-graphql';
import { ListItems } from '../../graphql/list-size';
import { DateTime, LocalDate } from '../../graphql/scalars';
import { ImmersionObjective } from '../../offers';
import { SessionKind } from '../../sessions';
import { MAX_PASSEPORT_COMPANIES, MAX_PASSEPORT_IMMERSIONS, MAX_PASSEPORT_METIERS, MAX_PASSEPORT_SESSIONS, MAX_PASSEPORT_SHARED_NOTES } from '../rules/passeport';

// The nested objects (session, organiser, company, commune, métiers) are resolved by passeport.resolver.ts through
// the request's loaders; these types hold the passeport's own values.

@ObjectType('PasseportSession', { description: 'A session the participant attended (their referral ATTENDED or COMPLETED).', simpleResolvers: true })
export class PasseportSessionType {
  @Field({ description: 'Its title.' })
  title!: string;

  @Field(() => SessionKind, { description: 'What kind of session it was.' })
  kind!: SessionKind;

  @Field(() => DateTime, { description: 'When it started (an instant, output in UTC).' })
  startsAt!: Date;

  @Field(() => DateTime, { description: 'When it ended (an instant, output in UTC).' })
  endsAt!: Date;
}

@ObjectType('PasseportImmersion', { description: 'An immersion (PMSMP) the participant completed (their referral to the offer ATTENDED or COMPLETED).', simpleResolvers: true })
export class PasseportImmersionType {
  @Field({ description: 'The offer\'s title.' })
  title!: string;

  @Field(() => ImmersionObjective, { description: 'What the immersion was for.' })
  objective!: ImmersionObjective;

  @Field(() => LocalDate, { nullable: true, description: 'The day (in France) the company agreed to host them (the referral accepted); null if not logged.' })
  agreedOn!: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The day (in France) the immersion was recorded as done (attendance); the hub does not record each day of presence.' })
  attendedOn!: string | null;
}

@ObjectType('PasseportMetier', { description: 'A ROME métier the participant discovered, in a session or an immersion.', simpleResolvers: true })
export class PasseportMetierType {
  @Field(() => Int, { description: 'Sessions attended about this métier.' })
  sessionCount!: number;

  @Field(() => Int, { description: 'Immersions completed in this métier.' })
  immersionCount!: number;

  @Field(() => LocalDate, { description: 'The day (in France) it was first met.' })
  firstMetOn!: string;
}

@ObjectType('PasseportCompany', { description: 'A company the participant met: the host of a session they attended, or where they completed an immersion.', simpleResolvers: true })
export class PasseportCompanyType {
  @Field(() => Int, { description: 'Times met: sessions it hosted that they attended, and immersions there.' })
  visits!: number;

  @Field(() => LocalDate, { description: 'The day (in France) they first met it.' })
  firstMetOn!: string;
}

@ObjectType('PasseportHostStructure', { description: 'A structure the participant met as the host of a session they attended (an MFR, an SIAE that opened its doors), as a company is met.', simpleResolvers: true })
export class PasseportHostStructureType {
  @Field(() => Int, { description: 'Times met: sessions it hosted that they attended.' })
  visits!: number;

  @Field(() => LocalDate, { description: 'The day (in France) they first met it.' })
  firstMetOn!: string;
}

@ObjectType('PasseportSharedNote', { description: 'A note shared with the participant: a debrief its author marked as shared, or an immersion evaluation once the prescriber shared it; in French, as the PDF prints it.', simpleResolvers: true })
export class PasseportSharedNoteType {
  @Field({ description: 'What the note is: "Débrief" or "Évaluation d’immersion".' })
  heading!: string;

  @Field(() => LocalDate, { description: 'The day (in France) it was written (a debrief) or shared (an evaluation).' })
  on!: string;

  @Field({ description: 'What it is about: the session\'s or the immersion offer\'s title.' })
  about!: string;

  @Field(() => [String], { description: 'Its lines, in French: interest per métier, wishes and comment of a debrief; each compétence\'s level, the attitudes, both satisfactions and the comment of an evaluation. A comment erased with the participant is left out.' })
  lines!: string[];
}

@ObjectType('Passeport', {
  description: 'A participant\'s journey in the network (passeport métiers): sessions attended, immersions completed, the métiers and companies discovered, the notes shared with them. Also as a PDF: GET /participants/{id}/passeport.pdf with the same token.',
  simpleResolvers: true,
})
export class PasseportType {
  @Field(() => LocalDate, { description: 'The day (in France) it is issued: today.' })
  issuedOn!: string;

  @Field(() => Int, { description: 'Sessions attended, all of them (`sessions` lists the most recent ones).' })
  sessionCount!: number;

  @Field(() => Int, { description: 'Immersions completed, all of them (`immersions` lists the most recent ones).' })
  immersionCount!: number;

  @Field(() => [PasseportSessionType], { description: `Sessions attended, oldest first: the ${MAX_PASSEPORT_SESSIONS} most recent.` })
  @ListItems(MAX_PASSEPORT_SESSIONS)
  sessions!: unknown[];

  @Field(() => [PasseportImmersionType], { description: `Immersions completed, oldest first: the ${MAX_PASSEPORT_IMMERSIONS} most recent.` })
  @ListItems(MAX_PASSEPORT_IMMERSIONS)
  immersions!: unknown[];

  @Field(() => [PasseportMetierType], { description: `Métiers discovered, each once, in the order first met (at most ${MAX_PASSEPORT_METIERS}).` })
  @ListItems(MAX_PASSEPORT_METIERS)
  metiers!: unknown[];

  @Field(() => [PasseportCompanyType], { description: `Companies met, each once, in the order first met (at most ${MAX_PASSEPORT_COMPANIES}).` })
  @ListItems(MAX_PASSEPORT_COMPANIES)
  companies!: unknown[];

  @Field(() => [PasseportHostStructureType], { description: `Structures met as hosts of sessions (an MFR, an SIAE), each once, in the order first met (at most ${MAX_PASSEPORT_COMPANIES}); the companies met are in \`companies\`.` })
  @ListItems(MAX_PASSEPORT_COMPANIES)
  hostStructures!: unknown[];

  @Field(() => [PasseportSharedNoteType], { description: `Debriefs and immersion evaluations shared with the participant, oldest first: the ${MAX_PASSEPORT_SHARED_NOTES} most recent. Comments are personal data: the passeport's read is audited.` })
  @ListItems(MAX_PASSEPORT_SHARED_NOTES)
  sharedNotes!: unknown[];
}
