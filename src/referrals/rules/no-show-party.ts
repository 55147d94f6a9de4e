/** Who missed a session recorded as NO_SHOW. */
export enum NoShowParty {
  PARTICIPANT = 'PARTICIPANT',
  HOST = 'HOST',
}
