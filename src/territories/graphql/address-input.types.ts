import { Field, InputType } from 'type-graphql';

/** The address fields of inputs that place something on the map (sessions, immersion offers). */
@InputType('AddressFieldsInput', { description: 'Address fields shared by inputs (not used on its own).' })
export abstract class AddressInput {
  @Field(() => String, { nullable: true, description: 'Street address (needs `communeCode`).' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (5 digits), one of the commune\'s; given automatically when the commune has only one.' })
  postalCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'INSEE code of the commune (not a postal code): département, latitude and longitude are taken from it.',
  })
  communeCode?: string | null;
}
