// The public surface of passeport: what other capabilities may import from it (dependency-cruiser checks it).
export { type Passeport, type SharedNote } from './rules/passeport';
export { passeportsOf } from './queries/passeports';
export { type SharedNotesSource } from './queries/shared-notes';
export { passeportPdf } from './use-cases/passeport-pdf';
export { PASSEPORT_RESOLVERS } from './graphql/passeport.resolver';
