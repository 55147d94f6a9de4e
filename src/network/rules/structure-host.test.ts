import { HOST_KINDS, StructureKind, structureHostProblem } from './structure-kind';

describe('structureHostProblem', () => {
  it('lets an MFR or an SIAE with a SIRET host', () => {
    expect(structureHostProblem({ kind: StructureKind.MFR, siret: '38842015000020' })).toBeNull();
    expect(structureHostProblem({ kind: StructureKind.ACI, siret: '90467231800014' })).toBeNull();
    expect(structureHostProblem({ kind: StructureKind.ETTI, siret: '75320986500041' })).toBeNull();
  });

  it('refuses a hosting kind without a SIRET', () => {
    expect(structureHostProblem({ kind: StructureKind.EI, siret: null })).toMatch(/without a SIRET/);
  });

  it('refuses prescribers, clubs and public services, SIRET or not', () => {
    for (const kind of [StructureKind.ML, StructureKind.PLIE, StructureKind.FT, StructureKind.CREPI, StructureKind.CCAS]) {
      expect(structureHostProblem({ kind, siret: '38842015000020' })).toMatch(new RegExp(`kind ${kind}, which does not host`));
    }
  });

  it('holds the SIAE kinds, the MFR, the entreprises adaptées and the GEIQ, and nothing else', () => {
    expect([...HOST_KINDS].sort()).toEqual(['ACI', 'ACIPHC', 'AI', 'EA', 'EATT', 'EI', 'EITI', 'ETTI', 'GEIQ', 'MFR']);
  });
});
