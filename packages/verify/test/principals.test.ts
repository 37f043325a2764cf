// The seed's line, drawn by a resource server: each kind of Keyward credential becomes the right principal
// (a user for API tokens and sign-ins, an app for client_credentials) with the permissions its roles expand
// to, and each requirement type lets the right callers in and names what the others lack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Denial, type Principal, type Verifier } from '../src/index.js';
import { type Keyward, startKeyward } from './support/keyward.js';

let keyward: Keyward;
let verifier: Verifier;
let apiTokenUser: Principal;
let app: Principal;
let signedInUser: Principal;

beforeAll(async () => {
  keyward = await startKeyward();
  verifier = createVerifier({ issuer: keyward.url, audience: 'billing' });
  apiTokenUser = await verifier.verify((await keyward.apiTokenAccess()).accessToken);
  app = await verifier.verify(await keyward.clientCredentialsAccess());
  signedInUser = await verifier.verify((await keyward.authorizationCodeAccess()).accessToken);
});
afterAll(async () => keyward.close());

function denial(principal: Principal, requirement: Parameters<Verifier['require']>[1]): Denial {
  const decision = verifier.require(principal, requirement);
  expect(decision.allowed).toBe(false);
  return decision as Denial;
}

describe('principals', () => {
  it('an exchanged API token is its user, in its org, with roles and the permissions they expand to', () => {
    expect(apiTokenUser).toMatchObject({
      kind: 'user',
      subject: keyward.member.id,
      orgId: keyward.orgId,
      clientId: 'api-token',
      credential: { type: 'api_token' },
    });
    expect([...apiTokenUser.roles].sort()).toEqual(['accounts:self', 'billing:viewer', 'org_member']);
    expect([...apiTokenUser.permissions].sort()).toEqual(['accounts:password', 'billing:read']);
    expect(apiTokenUser.claims.perms).toContain('external/billing/billing:read');
  });

  it('a client_credentials token is the app acting as itself, with the roles its org granted it', () => {
    expect(app).toMatchObject({
      kind: 'app',
      subject: keyward.serverApp.app.id,
      clientId: keyward.serverApp.app.id,
      orgId: keyward.orgId,
      credential: { type: 'client', id: keyward.serverApp.app.id },
      roles: ['billing:viewer'],
      permissions: ['billing:read'],
    });
  });

  it('an authorization-code token is the signed-in user, through the app, from their grant', () => {
    expect(signedInUser).toMatchObject({
      kind: 'user',
      subject: keyward.operatorId,
      clientId: keyward.webApp.app.id,
      credential: { type: 'grant' },
    });
    expect([...signedInUser.permissions].sort()).toEqual([
      'accounts:password',
      'billing:read',
      'billing:write',
    ]);
    expect(signedInUser.roles).toContain('org_owner');
  });
});

describe('requirements', () => {
  it('permission: allowed when held; otherwise the missing permission is named, as the scope to ask for', () => {
    expect(verifier.require(apiTokenUser, { permission: 'billing:read' })).toEqual({ allowed: true });
    expect(verifier.require(app, { permission: 'billing:read' })).toEqual({ allowed: true });
    expect(verifier.require(signedInUser, { permission: 'billing:write' })).toEqual({ allowed: true });
    for (const principal of [apiTokenUser, app]) {
      const refused = denial(principal, { permission: 'billing:write' });
      expect(refused).toMatchObject({
        rule: 'permission',
        missing: ['billing:write'],
        scope: ['billing:write'],
      });
      expect(refused.message).toContain('billing:write');
      expect(refused.message).toContain('billing:read'); // what the token does grant
    }
    // CSP's spelling of the same permission.
    expect(verifier.require(apiTokenUser, { permission: 'external/billing/billing:read' }).allowed).toBe(
      true,
    );
  });

  it('role: org, service and CSP spellings; a missing role is named', () => {
    expect(verifier.require(signedInUser, { role: 'org_owner' }).allowed).toBe(true);
    expect(verifier.require(signedInUser, { role: 'csp:org_owner' }).allowed).toBe(true);
    expect(verifier.require(apiTokenUser, { role: 'external/billing/viewer' }).allowed).toBe(true);
    expect(denial(apiTokenUser, { role: 'csp:org_owner' })).toMatchObject({
      rule: 'role',
      missing: ['org_owner'],
      scope: ['org_owner'],
    });
  });

  it('userOnly (changing a password): API-token users and signed-in users pass, the app is refused', () => {
    const changePassword = { userOnly: true, permission: 'accounts:password' };
    expect(verifier.require(apiTokenUser, changePassword).allowed).toBe(true);
    expect(verifier.require(signedInUser, changePassword).allowed).toBe(true);
    const refused = denial(app, { userOnly: true });
    expect(refused).toMatchObject({ rule: 'user_only', missing: ['user'], scope: [] });
    expect(refused.message).toContain(keyward.serverApp.app.id);
    expect(refused.message).toMatch(/only a user/);
  });

  it('several fields at once must all hold; every failure is named', () => {
    const refused = denial(app, { userOnly: true, permission: 'accounts:password' });
    expect(refused.rule).toBe('user_only');
    expect(refused.missing).toEqual(['user', 'accounts:password']);
    expect(refused.scope).toEqual(['accounts:password']);
  });

  it('anyOf (billing): an API token or a server-to-server app passes; a denial lists each alternative', () => {
    const billing = { anyOf: [{ permission: 'billing:read' }, { method: 'GET', path: '/billing' }] };
    expect(verifier.require(apiTokenUser, billing).allowed).toBe(true);
    expect(verifier.require(app, billing).allowed).toBe(true);
    const refused = denial(app, { anyOf: [{ permission: 'billing:write' }, { role: 'org_owner' }] });
    expect(refused).toMatchObject({
      rule: 'any_of',
      missing: ['billing:write', 'org_owner'],
      scope: ['billing:write', 'org_owner'],
    });
    expect(refused.message).toMatch(/any one of: \(1\).*billing:write.*\(2\).*org_owner/);
  });

  it('method + path: access tokens carry no consumer-key rules, so the rule is refused and named', () => {
    const refused = denial(signedInUser, { method: 'get', path: '/billing' });
    expect(refused).toMatchObject({ rule: 'request_rule', missing: ['GET /billing'], scope: [] });
    expect(refused.message).toMatch(/consumer-key access rules/);
  });

  it('refuses misuse instead of guessing', () => {
    expect(() => verifier.require(app, { anyOf: [] })).toThrow(TypeError);
    expect(() => verifier.require(app, { method: 'GET' })).toThrow(TypeError);
    expect(verifier.require(app, {})).toEqual({ allowed: true });
  });
});
