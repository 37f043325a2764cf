import { describe, expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { insertAppRow, insertOrgRow, insertUserRow, useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import type { Db } from '../storage/db.js';
import {
  type AuthorizationCode,
  type Consent,
  createOAuthStore,
  type GrantFamily,
  type GrantScope,
  type Interaction,
  type RefreshToken,
} from './store.js';

const DAY = 24 * 3600 * 1000;
const SCOPE: GrantScope = {
  oidc: ['openid', 'email', 'offline_access'],
  roles: { allRoles: false, orgRoles: ['org_member'], serviceRoles: ['billing:viewer'], permissions: [] },
  resources: ['https://billing.example.test/'],
};

/** A user, an org and an app of that org: what every family, consent and interaction hangs from. */
async function parties(db: Db): Promise<{ userId: string; orgId: string; appId: string }> {
  const orgId = await insertOrgRow(db);
  return { userId: await insertUserRow(db), orgId, appId: await insertAppRow(db, orgId) };
}

function aFamily(p: { userId: string; orgId: string; appId: string }, overrides: Partial<GrantFamily> = {}) {
  return {
    id: newId(),
    ...p,
    scope: SCOPE,
    authTime: 1_000,
    createdAt: 1_000,
    expiresAt: 1_000 + 90 * DAY,
    revokedAt: null,
    revokedReason: null,
    ...overrides,
  } satisfies GrantFamily;
}

function aCode(familyId: string, overrides: Partial<AuthorizationCode> = {}): AuthorizationCode {
  return {
    codeHash: `code-${newId()}`,
    familyId,
    redirectUri: 'https://app.example.test/cb',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    nonce: 'n-0S6_WzA2Mj',
    createdAt: 1_000,
    expiresAt: 61_000,
    consumedAt: null,
    ...overrides,
  };
}

function aRefreshToken(familyId: string, overrides: Partial<RefreshToken> = {}): RefreshToken {
  return {
    id: newId(),
    tokenHash: `rt-${newId()}`,
    familyId,
    createdAt: 1_000,
    rotatedAt: null,
    dpopJkt: null,
    ...overrides,
  };
}

describeEachDatabase('OAuthStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createOAuthStore(database().kysely);

  describe('interactions', () => {
    async function anInteraction(overrides: Partial<Interaction> = {}): Promise<Interaction> {
      const { appId, orgId } = await parties(database());
      return {
        id: newId(),
        bindingHash: `binding-${newId()}`,
        appId,
        request: {
          clientId: appId,
          redirectUri: 'https://app.example.test/cb',
          redirectUriSent: true,
          state: 'xyz',
          nonce: null,
          scope: SCOPE,
          codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          prompt: ['consent'],
          orgId,
        },
        userId: null,
        orgId: null,
        createdAt: 1_000,
        expiresAt: 601_000,
        completedAt: null,
        ...overrides,
      };
    }

    it('stores one with its request, and reads it back', async () => {
      const interaction = await anInteraction();
      await store().insertInteraction(interaction);
      expect(await store().findInteraction(interaction.id)).toEqual(interaction);
      expect(await store().findInteraction(newId())).toBeUndefined();
    });

    it('records who signed in and which org they chose, each on its own', async () => {
      const interaction = await anInteraction();
      await store().insertInteraction(interaction);
      const userId = await insertUserRow(database());
      const orgId = await insertOrgRow(database());
      await store().updateInteraction(interaction.id, { userId });
      expect(await store().findInteraction(interaction.id)).toMatchObject({ userId, orgId: null });
      await store().updateInteraction(interaction.id, { orgId });
      expect(await store().findInteraction(interaction.id)).toMatchObject({ userId, orgId });
      await store().updateInteraction(interaction.id, {}); // nothing to change
      expect(await store().findInteraction(interaction.id)).toMatchObject({ userId, orgId });
    });

    it('completes once: a second completion, even from another node, is refused', async () => {
      const db = database();
      const interaction = await anInteraction();
      await store().insertInteraction(interaction);
      const results = await withSecondPool(db, (other) =>
        Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            createOAuthStore((i % 2 ? other : db).kysely).completeInteraction(interaction.id, 2_000 + i),
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store().findInteraction(interaction.id))?.completedAt).toBe(
        2_000 + results.indexOf(true),
      );
      expect(await store().completeInteraction(newId(), 3_000)).toBe(false);
    });
  });

  describe('grant families', () => {
    it('stores a family with its scope, and reads it back', async () => {
      const family = aFamily(await parties(database()));
      await store().insertFamily(family);
      expect(await store().findFamily(family.id)).toEqual(family);
      const noResources = aFamily(await parties(database()), { scope: { oidc: [], roles: SCOPE.roles } });
      await store().insertFamily(noResources);
      expect(await store().findFamily(noResources.id)).toEqual(noResources);
      expect(await store().findFamily(newId())).toBeUndefined();
    });

    it('revokes once, keeping the first time and reason', async () => {
      const family = aFamily(await parties(database()));
      await store().insertFamily(family);
      expect(await store().revokeFamily(family.id, 5_000, 'refresh_token_reuse')).toBe(true);
      expect(await store().revokeFamily(family.id, 6_000, 'consent_revoked')).toBe(false);
      expect(await store().findFamily(family.id)).toMatchObject({
        revokedAt: 5_000,
        revokedReason: 'refresh_token_reuse',
      });
      expect(await store().revokeFamily(newId(), 5_000, 'x')).toBe(false);
    });

    it('revokes a user’s live families with an app, in one org or in all, and names them', async () => {
      const db = database();
      const p = await parties(db);
      const secondOrg = await insertOrgRow(db);
      const inOrg = [aFamily(p), aFamily(p)];
      const elsewhere = aFamily({ ...p, orgId: secondOrg });
      const revoked = aFamily(p, { revokedAt: 500, revokedReason: 'logout' });
      const otherApp = aFamily({ ...p, appId: await insertAppRow(db, p.orgId) });
      const otherUser = aFamily({ ...p, userId: await insertUserRow(db) });
      for (const f of [...inOrg, elsewhere, revoked, otherApp, otherUser]) await store().insertFamily(f);

      const ids = await store().revokeFamiliesOf(p.userId, p.appId, p.orgId, 7_000, 'consent_revoked');
      expect(ids.sort()).toEqual(inOrg.map((f) => f.id).sort());
      for (const f of inOrg) {
        expect(await store().findFamily(f.id)).toMatchObject({
          revokedAt: 7_000,
          revokedReason: 'consent_revoked',
        });
      }
      expect((await store().findFamily(elsewhere.id))?.revokedAt).toBeNull();
      expect(await store().findFamily(revoked.id)).toMatchObject({ revokedAt: 500, revokedReason: 'logout' });
      expect((await store().findFamily(otherApp.id))?.revokedAt).toBeNull();
      expect((await store().findFamily(otherUser.id))?.revokedAt).toBeNull();

      expect(await store().revokeFamiliesOf(p.userId, p.appId, null, 8_000, 'app_access_removed')).toEqual([
        elsewhere.id,
      ]);
      expect(await store().revokeFamiliesOf(p.userId, p.appId, null, 9_000, 'again')).toEqual([]);
    });
  });

  describe('authorization codes', () => {
    it('stores a code and finds it by its hash', async () => {
      const family = aFamily(await parties(database()));
      await store().insertFamily(family);
      const code = aCode(family.id);
      const bare = aCode(family.id, { codeChallenge: null, nonce: null });
      await store().insertCode(code);
      await store().insertCode(bare);
      expect(await store().findCode(code.codeHash)).toEqual(code);
      expect(await store().findCode(bare.codeHash)).toEqual(bare);
      expect(await store().findCode(`code-${newId()}`)).toBeUndefined();
    });

    it('is consumed once: among simultaneous redemptions on two nodes exactly one wins', async () => {
      const db = database();
      const family = aFamily(await parties(db));
      await store().insertFamily(family);
      const code = aCode(family.id);
      await store().insertCode(code);
      const results = await withSecondPool(db, (other) =>
        Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            createOAuthStore((i % 2 ? other : db).kysely).consumeCode(code.codeHash, 2_000),
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store().findCode(code.codeHash))?.consumedAt).toBe(2_000);
      expect(await store().consumeCode(code.codeHash, 3_000)).toBe(false);
      expect(await store().consumeCode(`code-${newId()}`, 3_000)).toBe(false);
    });

    it('go with their family', async () => {
      const db = database();
      const family = aFamily(await parties(db));
      await store().insertFamily(family);
      const code = aCode(family.id);
      const token = aRefreshToken(family.id);
      await store().insertCode(code);
      await store().insertRefreshToken(token);
      await db.kysely.deleteFrom('grant_families').where('id', '=', family.id).execute();
      expect(await store().findCode(code.codeHash)).toBeUndefined();
      expect(await store().findRefreshToken(token.tokenHash)).toBeUndefined();
    });
  });

  describe('refresh tokens', () => {
    it('stores a token, with or without a DPoP key, and finds it by its hash', async () => {
      const family = aFamily(await parties(database()));
      await store().insertFamily(family);
      const bearer = aRefreshToken(family.id);
      const bound = aRefreshToken(family.id, { dpopJkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' });
      await store().insertRefreshToken(bearer);
      await store().insertRefreshToken(bound);
      expect(await store().findRefreshToken(bearer.tokenHash)).toEqual(bearer);
      expect(await store().findRefreshToken(bound.tokenHash)).toEqual(bound);
      expect(await store().findRefreshToken(`rt-${newId()}`)).toBeUndefined();
    });

    it('rotates once: a token used twice at the same moment on two nodes is a reuse the second time', async () => {
      const db = database();
      const family = aFamily(await parties(db));
      await store().insertFamily(family);
      const token = aRefreshToken(family.id);
      await store().insertRefreshToken(token);
      const results = await withSecondPool(db, (other) =>
        Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            createOAuthStore((i % 2 ? other : db).kysely).rotateRefreshToken(token.id, 4_000),
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store().findRefreshToken(token.tokenHash))?.rotatedAt).toBe(4_000);
      expect(await store().rotateRefreshToken(token.id, 5_000)).toBe(false);
    });
  });

  describe('consents', () => {
    function aConsent(p: { userId: string; orgId: string; appId: string }, overrides: Partial<Consent> = {}) {
      return { ...p, scope: SCOPE, createdAt: 1_000, updatedAt: 1_000, ...overrides } satisfies Consent;
    }

    it('put creates a consent, and again replaces its scope but keeps when it was first given', async () => {
      const p = await parties(database());
      const consent = aConsent(p);
      await store().putConsent(consent);
      expect(await store().findConsent(p.userId, p.appId, p.orgId)).toEqual(consent);
      const widened: GrantScope = { oidc: ['openid', 'profile'], roles: SCOPE.roles };
      await store().putConsent(aConsent(p, { scope: widened, createdAt: 3_000, updatedAt: 3_000 }));
      expect(await store().findConsent(p.userId, p.appId, p.orgId)).toEqual({
        ...consent,
        scope: widened,
        updatedAt: 3_000,
      });
    });

    it('is per user, app and org', async () => {
      const db = database();
      const p = await parties(db);
      await store().putConsent(aConsent(p));
      expect(await store().findConsent(p.userId, p.appId, await insertOrgRow(db))).toBeUndefined();
      expect(await store().findConsent(p.userId, await insertAppRow(db, p.orgId), p.orgId)).toBeUndefined();
      expect(await store().findConsent(await insertUserRow(db), p.appId, p.orgId)).toBeUndefined();
    });

    it('lists a user’s consents, most recently given first', async () => {
      const db = database();
      const userId = await insertUserRow(db);
      const consents = [];
      for (const updatedAt of [2_000, 9_000, 5_000]) {
        const orgId = await insertOrgRow(db);
        const consent = aConsent({ userId, orgId, appId: await insertAppRow(db, orgId) }, { updatedAt });
        consents.push(consent);
        await store().putConsent(consent);
      }
      await store().putConsent(aConsent(await parties(db))); // someone else's
      expect(await store().listConsents(userId)).toEqual(
        [...consents].sort((a, b) => b.updatedAt - a.updatedAt),
      );
      expect(await store().listConsents(await insertUserRow(db))).toEqual([]);
    });

    it('delete says whether there was a consent', async () => {
      const p = await parties(database());
      await store().putConsent(aConsent(p));
      expect(await store().deleteConsent(p.userId, p.appId, p.orgId)).toBe(true);
      expect(await store().findConsent(p.userId, p.appId, p.orgId)).toBeUndefined();
      expect(await store().deleteConsent(p.userId, p.appId, p.orgId)).toBe(false);
    });
  });

  describe('revoked access tokens and expiry', () => {
    it('lists revoked token ids until they would have expired; revoking twice is harmless', async () => {
      const [soon, later] = [newId(), newId()];
      await store().revokeAccessToken(soon, 10_000);
      await store().revokeAccessToken(later, 20_000);
      await store().revokeAccessToken(later, 20_000);
      expect(await store().liveRevokedAccessTokens(9_999)).toEqual(expect.arrayContaining([soon, later]));
      const atExpiry = await store().liveRevokedAccessTokens(10_000);
      expect(atExpiry).toContain(later);
      expect(atExpiry).not.toContain(soon);
    });

    it('deleteExpired clears what is past its lifetime, keeps codes a day for replay detection', async () => {
      const db = database();
      const now = 1_000 * DAY;
      const family = aFamily(await parties(db));
      await store().insertFamily(family);
      const { appId } = family;
      const interaction = (id: string, expiresAt: number): Interaction => ({
        id,
        bindingHash: 'b',
        appId,
        request: {
          clientId: appId,
          redirectUri: 'https://app.example.test/cb',
          redirectUriSent: false,
          state: null,
          nonce: null,
          scope: SCOPE,
          codeChallenge: null,
          prompt: [],
          orgId: null,
        },
        userId: null,
        orgId: null,
        createdAt: 0,
        expiresAt,
        completedAt: null,
      });
      const [oldInteraction, liveInteraction] = [newId(), newId()];
      await store().insertInteraction(interaction(oldInteraction, now));
      await store().insertInteraction(interaction(liveInteraction, now + 1));
      const staleCode = aCode(family.id, { expiresAt: now - DAY });
      const recentCode = aCode(family.id, { expiresAt: now - DAY + 1 });
      await store().insertCode(staleCode);
      await store().insertCode(recentCode);
      const [goneJti, keptJti] = [newId(), newId()];
      await store().revokeAccessToken(goneJti, now);
      await store().revokeAccessToken(keptJti, now + 1);
      const [goneKey, keptKey] = [`jti:${newId()}`, `jti:${newId()}`];
      await db.kysely
        .insertInto('used_jtis')
        .values([
          { key: goneKey, expires_at: now },
          { key: keptKey, expires_at: now + 1 },
        ])
        .execute();

      expect(await store().deleteExpired(now)).toBeGreaterThanOrEqual(4);
      expect(await store().findInteraction(oldInteraction)).toBeUndefined();
      expect(await store().findInteraction(liveInteraction)).toBeDefined();
      expect(await store().findCode(staleCode.codeHash)).toBeUndefined();
      expect(await store().findCode(recentCode.codeHash)).toBeDefined();
      const revoked = await store().liveRevokedAccessTokens(0);
      expect(revoked).toContain(keptJti);
      expect(revoked).not.toContain(goneJti);
      const keys = (await db.kysely.selectFrom('used_jtis').select('key').execute()).map((r) => r.key);
      expect(keys).toContain(keptKey);
      expect(keys).not.toContain(goneKey);
      expect(await store().findFamily(family.id)).toEqual(family);
    });
  });
});
