import { AccountRole } from './account-role';
import type { Viewer } from './viewer';
import { visibilityClass } from './visibility-class';

const viewer = (role: AccountRole, structureId: number | null = null, companyId: number | null = null): Viewer => ({
  accountId: 1, tokenId: 1, email: 'x@example.org', displayName: 'X', role, structureId, companyId, participantId: null,
});

describe('visibilityClass', () => {
  it('puts the portals of every structure in one class: they read only what is published', () => {
    expect(visibilityClass(viewer(AccountRole.PARTNER_INTEGRATION, 1))).toBe(visibilityClass(viewer(AccountRole.PARTNER_INTEGRATION, 2)));
  });

  it("separates the people of each structure and company (their drafts), and each role", () => {
    const classes = [
      viewer(AccountRole.STRUCTURE_ADMIN, 1),
      viewer(AccountRole.STRUCTURE_ADMIN, 2),
      viewer(AccountRole.STRUCTURE_STAFF, 1),
      viewer(AccountRole.COMPANY_ADMIN, null, 1),
      viewer(AccountRole.COMPANY_ADMIN, null, 2),
      viewer(AccountRole.COMPANY_STAFF, null, 1),
      viewer(AccountRole.NETWORK_ADMIN),
      viewer(AccountRole.PARTNER_INTEGRATION),
      viewer(AccountRole.PARTICIPANT),
    ].map(visibilityClass);
    expect(new Set(classes).size).toBe(classes.length);
  });
});
