import { Field } from 'type-graphql';
import { criteriaOn, type Criteria } from '../common/criteria';

/**
 * Declares on a GraphQL input (or stored-filter output) class one nullable field per criterion of `surface`: the
 * declaration in the capability's rules is the only place a criterion is written (src/common/criteria.ts). Call it
 * right after the class; the class declares the fields' TypeScript types by merging an interface
 * (`interface X extends CriteriaValues<...> {}`).
 */
export function addCriteriaFields(target: abstract new () => object, criteria: Criteria, surface: 'list' | 'event'): void {
  for (const [name, criterion] of criteriaOn(criteria, surface)) {
    const type = criterion.kind === 'boolean' ? () => Boolean : () => [criterion.enum];
    Field(type, { nullable: true, description: criterion[surface]?.description })(target.prototype, name);
  }
}
