import { graphqlRequest, type LoadRequest } from '../harness/http-load';

/**
 * W3: `node(id)` lookups of random entities of every public kind. One query text whatever the type: the fields a
 * client shows on a detail card, through inline fragments.
 */
export const NODE_LOOKUP_QUERY = /* GraphQL */ `
  query NodeCard($id: ID!) {
    node(id: $id) {
      id
      __typename
      ... on Session { title sessionKind: kind startsAt seatsLeft organiser { name } }
      ... on ImmersionOffer { title objective availableFrom company { name } }
      ... on Company { name siret commitmentsCount }
      ... on Structure { name structureKind: kind }
      ... on Metier { code label }
    }
  }
`;

/** Requests cycling over the sample of ids, in a fixed shuffled order. */
export function nodeLookupRequests(ids: readonly string[], token: string): () => LoadRequest {
  const requests = ids.map((id) => graphqlRequest('/graphql', token, NODE_LOOKUP_QUERY, { id }));
  let i = 0;
  return () => requests[i++ % requests.length];
}
