import { isInterfaceType, type GraphQLSchema } from 'graphql';
import { ArgsType, Field, ID, Int, InterfaceType, ObjectType, type ClassType } from 'type-graphql';
import { BadInputError } from '../common/errors';
import type { Page, PageArgs } from '../db/page';
import type { NodeTypeName } from './global-id';
import { ListItems } from './list-size';
import { CalledValue } from './jit-execution';
import { CountedByItsEdge, EdgesCountTheirNodes } from './execution-budget';

/*
 * Relay conventions of the API (README, "The API"): the Node interface and cursor connections (edges, pageInfo,
 * totalCount). "Relay" here is the GraphQL client's pagination convention, not the event relay that pushes outbox
 * events to subscribers (events/event-relay.ts).
 */

/** Rows returned by `node(id:)` carry their type name here, for the Node interface's resolveType. */
export const NODE_TYPE = Symbol('nodeType');
export type Tagged<T> = T & { [NODE_TYPE]: NodeTypeName };

/** The type of a row `node(id:)` returned: the name it carries. */
const nodeTypeOf = (value: Tagged<object>) => value[NODE_TYPE];

@InterfaceType('Node', {
  description: 'An object with a global, opaque id (Relay). Fetch any of them with `node(id:)`.',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global, opaque identifier.' })
  id!: string;
}

/**
 * type-graphql wraps a declared `resolveType` in an async function (it accepts classes and promises), which costs
 * graphql-js a promise per node and which graphql-jit cannot take (it reads the type name synchronously: every
 * `node`/`nodes` would fail). The schema's Node gets the declared function itself, which is synchronous.
 */
export function resolveNodeTypeSynchronously(schema: GraphQLSchema): void {
  const node = schema.getType('Node');
  if (isInterfaceType(node)) node.resolveType = nodeTypeOf;
}

@ObjectType({ description: 'Where a page of a connection stands in the whole list (Relay page information).', simpleResolvers: true })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether there are items before this page (true when `after` was given).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of this page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of this page, to pass as `after` for the next page; null when the page is empty.' })
  endCursor!: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;

/**
 * Creates the Edge and Connection types of a node type (Relay cursor connections). `name` prefixes them
 * (`ProgrammeSession` → ProgrammeSessionConnection) when a nested connection needs types of its own.
 */
export function Connection<T extends object>(NodeClass: ClassType<T>, description: string, name = NodeClass.name.replace(/Type$/, '')) {

  @ObjectType(`${name}Edge`, { description: `One item of a page of ${name}Connection, with its cursor.`, simpleResolvers: true })
  class Edge {
    @Field({ description: 'Opaque cursor of this edge, for `after`.' })
    cursor!: string;

    @Field(() => NodeClass, { description: 'The item itself.' })
    @CountedByItsEdge()
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description, simpleResolvers: true })
  class ConnectionClass {
    @Field(() => [Edge], { description: 'The items of this page, in the list\'s order, each with its cursor.' })
    @ListItems(1) // the connection's `first` already counts its edges
    @EdgesCountTheirNodes()
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursors to ask for them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filter (all pages). Costs one more query: ask only when shown.' })
    @CalledValue() // a function of the connection: its query runs only when the field is asked
    totalCount!: () => Promise<number>;
  }
  return ConnectionClass;
}

/** `first` / `after` of every connection field. */
@ArgsType()
export class PageArgsType {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'How many items (1 to the server\'s maximum page size, 100 by default).' })
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item already seen (`pageInfo.endCursor`).' })
  after?: string | null;
}

/** Checks `first` against the configured maximum. */
export function pageArgs(args: PageArgsType, maxPageSize: number): PageArgs {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > maxPageSize) {
    throw new BadInputError('first', `must be between 1 and ${maxPageSize}`);
  }
  return { first: args.first, after: args.after };
}

/**
 * Relay page information whose cursors are encoded only if asked for (db/page.ts). A class: an object literal with
 * getters is kept in dictionary mode by V8.
 */
class LazyPageInfo {
  constructor(
    private readonly edges: readonly { cursor: string }[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** The shape of a Relay connection, from a page of rows. */
export function toConnection<T>(page: Page<T>) {
  return {
    edges: page.edges,
    pageInfo: new LazyPageInfo(page.edges, page.hasNextPage, page.hasPreviousPage),
    totalCount: page.totalCount,
  };
}
