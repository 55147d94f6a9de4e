import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/connections';
import { DateTime, LocalDate } from '../../graphql/scalars';

@ObjectType('ParticipantPersonalData', {
  description: 'Personal data of a participant: all of it for the referent structure, the prescriber of one of their referrals, the participant and network admins; for the host of a session or offer they are referred to, the first name, the last-name initial and (once accepted) the contact; null for everyone else.',
  simpleResolvers: true,
})
export class ParticipantPersonalDataType {
  @Field({ description: 'First name (prénom).' })
  firstName!: string;

  @Field({ description: 'The initial only ("D.") for a host.' })
  lastName!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Birth date; null when not given, or for a host.' })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Email address; null when not given, or for a host before the referral is accepted.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number in E.164 (+33612345678); null when not given, or for a host before the referral is accepted.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address of residence; null when not given, or for a host.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code of residence (5 digits); null when not given, or for a host.' })
  postalCode!: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the commune of residence.' })
  communeCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Counsellor\'s notes.' })
  notes!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'RQTH (reconnaissance de la qualité de travailleur handicapé): sensitive; null for hosts.' })
  rqth!: boolean | null;
}

@ObjectType('Participant', {
  implements: Node,
  description: 'A person followed by a referent structure (a job seeker, a young person, a person in insertion). Personal data is in `personalData`, guarded.',
  simpleResolvers: true,
})
export class ParticipantType {
  @Field(() => String, { nullable: true, description: 'Age band at registration (14-15, 16-17, 18-25, 26-44, 45+): kept for statistics.' })
  ageBand!: string | null;

  @Field(() => String, { nullable: true, description: 'Département of residence (INSEE code).' })
  departementCode!: string | null;

  @Field(() => DateTime, { description: 'When the participant was registered.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'Last change to their data or last referral sent for them: personal data is erased after a period of inactivity (retention).' })
  lastActivityAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When personal data was erased (GDPR); the record stays, anonymous.' })
  erasedAt!: Date | null;
}
