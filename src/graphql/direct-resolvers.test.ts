import 'reflect-metadata';
import { graphql, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Ctx, Field, FieldResolver, Info, InterfaceType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { callFieldResolversDirectly } from './direct-resolvers';

// A small schema of its own: an interface whose field a resolver answers for every type, one type that declares
// that field again (type-graphql then answers it as a plain field), resolvers with and without arguments.

@InterfaceType('DirectNamed')
abstract class Named {
  @Field()
  label!: string;
}

@ObjectType('DirectPlain', { implements: Named })
class Plain {
  @Field()
  name!: string;
}

@ObjectType('DirectOwnLabel', { implements: Named })
class OwnLabel {
  @Field()
  label!: string;
}

@Resolver(() => Named)
class NamedResolver {
  @FieldResolver(() => String)
  label(@Root() row: { name?: string; label?: string }, @Info() info: GraphQLResolveInfo): string {
    return `${info.parentType.name}:${row.name ?? row.label}`;
  }
}

@Resolver(() => Plain)
class PlainResolver {
  private readonly suffix = '!';

  @FieldResolver(() => String)
  shout(@Root('name') name: string, @Ctx('punctuation') punctuation: string): string {
    return `${name.toUpperCase()}${punctuation}${this.suffix}`;
  }

  @FieldResolver(() => String)
  repeat(@Root() row: { name: string }, @Arg('times', () => Number) times: number): string {
    return row.name.repeat(times);
  }

  @Query(() => [Named])
  everything(): object[] {
    return [Object.assign(new Plain(), { name: 'ana' }), Object.assign(new OwnLabel(), { label: 'kept' })];
  }

  @Query(() => Plain)
  plain(): Plain {
    return Object.assign(new Plain(), { name: 'léa' });
  }
}

const RESOLVERS = [NamedResolver, PlainResolver] as const;
const build = () =>
  buildSchema({
    resolvers: RESOLVERS,
    validate: false,
    orphanedTypes: [Plain, OwnLabel],
    emitSchemaFile: false,
  });
const QUERY = '{ everything { label ... on DirectPlain { shout repeat(times: 2) } } plain { name label shout } }';
const run = (schema: GraphQLSchema) => graphql({ schema, source: QUERY, contextValue: { punctuation: '?' } });

describe('callFieldResolversDirectly', () => {
  it('calls the field resolvers without arguments directly, and answers as type-graphql does', async () => {
    const theirs = await build();
    const ours = await build();
    const before = ours.getTypeMap();
    expect(callFieldResolversDirectly(ours, RESOLVERS)).toBe(2); // DirectPlain.label and DirectPlain.shout
    expect(ours.getTypeMap()).toBe(before);
    const expected = await run(theirs);
    expect(expected.errors).toBeUndefined();
    expect(await run(ours)).toEqual(expected);
    expect(expected.data).toEqual({
      everything: [{ label: 'DirectPlain:ana', shout: 'ANA?!', repeat: 'anaana' }, { label: 'kept' }],
      plain: { name: 'léa', label: 'DirectPlain:léa', shout: 'LÉA?!' },
    });
  });

  it('leaves the field a type declares again, and a resolver with arguments, to type-graphql', async () => {
    const schema = await build();
    const own = schema.getType('DirectOwnLabel') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const plain = schema.getType('DirectPlain') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const [ownLabel, repeat] = [own.getFields().label!.resolve, plain.getFields().repeat!.resolve];
    callFieldResolversDirectly(schema, RESOLVERS);
    expect(own.getFields().label!.resolve).toBe(ownLabel);
    expect(plain.getFields().repeat!.resolve).toBe(repeat);
  });
});
