import 'reflect-metadata';
import { printType, type GraphQLInputObjectType } from 'graphql';
import { Arg, buildSchema, ID, InputType, Query, Resolver, registerEnumType } from 'type-graphql';
import { z } from '../common/validate';
import { addZodFields } from './zod-input';

enum Shade {
  LIGHT = 'LIGHT',
  DARK = 'DARK',
}
registerEnumType(Shade, { name: 'ZodInputTestShade' });

const Schema = z
  .object({
    name: z.string().trim().min(1).describe('A name.'),
    count: z.number().int().min(1),
    ratio: z.number().nullish(),
    shade: z.nativeEnum(Shade).default(Shade.LIGHT).describe('Light unless said.'),
    minimum: z.number().int().nullish().transform((v) => v ?? 16).describe('16 when left out.'),
    tags: z.array(z.string()).max(3).optional(),
    ownerId: z.number().int().positive().nullish(),
    declared: z.string(),
  })
  .superRefine(() => undefined);

@InputType('ZodInputTest')
class ZodInputTest {}
addZodFields(ZodInputTest, Schema, { skip: ['declared'], types: { ownerId: ID } });

@Resolver()
class ZodInputTestResolver {
  @Query(() => Boolean)
  zodInputTest(@Arg('input', () => ZodInputTest) _input: ZodInputTest): boolean {
    return true;
  }
}

describe('addZodFields', () => {
  it('derives the GraphQL input from the zod schema: types, nullability and descriptions', async () => {
    const schema = await buildSchema({ resolvers: [ZodInputTestResolver], validate: false });
    const printed = printType(schema.getType('ZodInputTest') as GraphQLInputObjectType);
    expect(printed).toBe(
      [
        'input ZodInputTest {',
        '  """A name."""',
        '  name: String!',
        '  count: Int!',
        '  ratio: Float',
        '',
        '  """Light unless said."""',
        '  shade: ZodInputTestShade',
        '',
        '  """16 when left out."""',
        '  minimum: Int',
        '  tags: [String!]',
        '  ownerId: ID',
        '}',
      ].join('\n'),
    );
  });

  it('refuses a field whose GraphQL type it cannot tell', () => {
    @InputType('ZodInputTestUnknown')
    class Unknown {}
    expect(() => addZodFields(Unknown, z.object({ when: z.date() }))).toThrow(/when: no GraphQL type for ZodDate/);
  });
});
