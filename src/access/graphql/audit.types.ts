import { Field, ObjectType } from 'type-graphql';
import { AccountRole } from '../rules/account-role';
import { DateTime } from '../../graphql/scalars';

@ObjectType('AuditEntry', {
  description: 'One line of the audit log: who did or read what, when, about which participant. Mutations are recorded (refusals too, with their error code), as are reads of personal data and the retention job\'s erasures.',
  simpleResolvers: true,
})
export class AuditEntryType {
  @Field(() => DateTime, { description: 'When the operation was done or refused.' })
  at!: Date;

  @Field({ description: 'The mutation (`referParticipant`...), `read:personalData`, or `retention:erase`.' })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'Null when the operation was done; the error code (`FORBIDDEN`, `NOT_FOUND`...) when it was refused.' })
  errorCode!: string | null;

  @Field(() => AccountRole, { nullable: true, description: 'The role of the account at the time; null for the system (retention job).' })
  role!: AccountRole | null;

  @Field(() => String, { nullable: true, description: 'GraphQL type of the object the operation produced or named (`Referral`, `Participant`...).' })
  targetType!: string | null;
}
