// The logger's type, in a neutral place: graphql, db, cli and the capabilities log without importing the server
// (which makes the logger: src/server/logger.ts).
export type { Logger } from 'pino';
