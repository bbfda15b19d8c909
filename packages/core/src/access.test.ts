import { describe, expect, it } from 'vitest';
import { collapsePaths, pathInScope, ROLE_PERMISSIONS, ROLES, roleAllows, scopeFor } from './access.js';

describe('permission table', () => {
  it('gives every role org.read and no role both exact and suppressed reports', () => {
    for (const role of ROLES) {
      expect(roleAllows(role, 'org.read')).toBe(true);
      expect(roleAllows(role, 'report.read') && roleAllows(role, 'report.read.suppressed')).toBe(false);
    }
  });

  it('keeps record-level client data away from admins, advocates and donors', () => {
    for (const role of [
      'admin',
      'advocate',
      'donor_viewer',
      'programme_manager',
      'rights_responder',
    ] as const) {
      expect(ROLE_PERMISSIONS[role]).not.toContain('client.read');
    }
  });

  it('lets only rights responders read rights cases', () => {
    expect(ROLES.filter((r) => roleAllows(r, 'rights.case'))).toEqual(['rights_responder']);
  });
});

describe('scopes', () => {
  const grants = [
    { role: 'site_staff' as const, orgUnitId: 'b', orgUnitPath: '/a/b/' },
    { role: 'site_manager' as const, orgUnitId: 'a', orgUnitPath: '/a/' },
    { role: 'site_staff' as const, orgUnitId: 'c', orgUnitPath: '/a/b/c/' },
  ];

  it('collapses nested grants to the widest subtree', () => {
    expect(scopeFor(grants, 'client.read')).toEqual(['/a/']);
    expect(scopeFor(grants, 'ost.dispense')).toEqual(['/a/']);
    expect(scopeFor(grants, 'user.manage')).toEqual([]);
    expect(collapsePaths(['/a/b/', '/x/', '/a/b/c/'])).toEqual(['/x/', '/a/b/']);
  });

  it('matches a unit inside a subtree but not a sibling whose id shares a prefix', () => {
    expect(pathInScope('/a/b/c/', ['/a/b/'])).toBe(true);
    expect(pathInScope('/a/bb/', ['/a/b/'])).toBe(false);
    expect(pathInScope('/a/', ['/a/b/'])).toBe(false);
  });
});
