import { describe, expect, it } from 'vitest';
import type { Service } from '../identity/services/store.js';
import { exceededBy, fromPerms, grantedScope, holdingsOf, normalizeScopeSet, toPerms } from './scopes.js';

const billing: Service = {
  id: 'billing',
  name: 'Billing',
  description: '',
  permissions: [
    { id: 'billing:read', description: '' },
    { id: 'billing:write', description: '' },
  ],
  roles: [
    { name: 'viewer', description: '', permissions: ['billing:read'] },
    { name: 'admin', description: '', permissions: ['billing:read', 'billing:write'] },
  ],
  resource: null,
  createdAt: 0,
  updatedAt: 0,
};
const services = new Map([['billing', billing]]);
const held = holdingsOf(
  { orgRoles: ['org_member', 'developer'], serviceRoles: ['billing:viewer'] },
  [],
  services,
);

describe('scopes', () => {
  it('expands service roles into permissions', () => {
    expect(held.permissions).toEqual(['billing:read']);
  });

  it('names exactly what a request exceeds', () => {
    const requested = normalizeScopeSet({
      orgRoles: ['org_owner', 'developer'],
      serviceRoles: ['billing:admin'],
      permissions: ['billing:read', 'billing:write'],
    });
    expect(exceededBy(requested, held)).toEqual(['org_owner', 'billing:admin', 'billing:write']);
    expect(exceededBy(normalizeScopeSet({ allRoles: true }), held)).toEqual([]);
  });

  it('grants the intersection with what is held now', () => {
    const requested = normalizeScopeSet({
      orgRoles: ['developer', 'org_admin'],
      permissions: ['billing:read'],
    });
    expect(grantedScope(requested, held, services)).toEqual({
      orgRoles: ['developer'],
      serviceRoles: [],
      permissions: ['billing:read'],
      platformRoles: [],
    });
    const lost = holdingsOf({ orgRoles: ['org_member'], serviceRoles: [] }, [], services);
    expect(
      grantedScope(normalizeScopeSet({ serviceRoles: ['billing:viewer'] }), lost, services).permissions,
    ).toEqual([]);
  });

  it('writes CSP perms and reads them back', () => {
    const granted = grantedScope(
      normalizeScopeSet({ allRoles: true }),
      { ...held, platformRoles: ['platform_operator'] },
      services,
    );
    const perms = toPerms(granted);
    expect(perms).toEqual([
      'csp:platform_operator',
      'csp:org_member',
      'csp:developer',
      'external/billing/viewer',
      'external/billing/billing:read',
    ]);
    expect(fromPerms([...perms, 'something/else'])).toEqual(granted);
  });
});
