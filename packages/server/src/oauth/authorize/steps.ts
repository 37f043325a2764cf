import type { OAuthApp } from '../../apps/store.js';
import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import type { Config } from '../../config/load.js';
import type { Caller } from '../../core/principal.js';
import { normalizeScopeSet } from '../../core/scopes.js';
import { PageError } from '../../http/page-error.js';
import type { OrgStore, OrgWithRoles } from '../../identity/orgs/store.js';
import type { ActiveSession } from '../../identity/sessions/service.js';
import type { AuthorizationInteractions } from '../interactions.js';
import type { OAuthProvider } from '../provider.js';
import { consentCovers, orderOidc, scopeText } from '../scope.js';
import type { GrantScope, Interaction, OAuthStore } from '../store.js';
import type { PendingRequest } from './request.js';
import { AuthorizationFailure, returnUrl } from './response.js';

/** What the authorization steps use. */
export interface AuthorizeStepDeps {
  config: Pick<Config, 'issuer'>;
  oauth: Pick<OAuthProvider, 'issueAuthorizationCode'>;
  interactions: Pick<
    AuthorizationInteractions,
    'orgsOf' | 'findConsent' | 'completeInteraction' | 'recordConsent'
  >;
}

/** The stores the authorization steps read and write. */
export interface AuthorizeStores {
  orgs: OrgStore;
  audit: AuditStore;
  oauth: OAuthStore;
}

/** What the browser needs next: a page, or the redirect that ends the authorization. */
export type Step =
  | { kind: 'sign-in' }
  | { kind: 'fail'; failure: AuthorizationFailure }
  | { kind: 'choose-org'; orgs: OrgWithRoles[]; foreignOrgAsked: boolean }
  | { kind: 'consent'; org: OrgWithRoles; session: ActiveSession }
  | { kind: 'approve'; org: OrgWithRoles; session: ActiveSession };

/**
 * The next step of an authorization, derived afresh on every page and form post from the stored request and
 * the browser's session: signIn → (deferred failure) → chooseOrg → consent, or approve when a remembered
 * consent covers the request. `interaction` is null for prompt=none, which never shows a page.
 */
export async function planStep(
  c: AuthorizeStepDeps,
  input: {
    app: OAuthApp;
    request: PendingRequest;
    session: ActiveSession | undefined;
    interaction: Interaction | null;
  },
): Promise<Step> {
  const { app, request, session, interaction } = input;
  if (!session || needsSignIn(request, session, interaction)) return { kind: 'sign-in' };
  if (request.failure) {
    return {
      kind: 'fail',
      failure: new AuthorizationFailure(request.failure.error, request.failure.description),
    };
  }
  const userId = session.principal.subjectId;
  const orgs = await c.interactions.orgsOf(userId);
  if (orgs.length === 0) {
    return {
      kind: 'fail',
      failure: new AuthorizationFailure(
        'access_denied',
        'the user belongs to no organization; an organization owner must add them first',
      ),
    };
  }
  const org = pickOrg(orgs, request, interaction);
  if (!org) {
    const foreignOrgAsked = request.orgId !== null && !orgs.some((mine) => mine.id === request.orgId);
    return { kind: 'choose-org', orgs, foreignOrgAsked };
  }
  const remembered = await isConsentRemembered(c, app, userId, org.id, request);
  return { kind: remembered ? 'approve' : 'consent', org, session };
}

/** prompt=login asks for a sign-in within this interaction; a session switched to another user does too. */
function needsSignIn(
  request: PendingRequest,
  session: ActiveSession,
  interaction: Interaction | null,
): boolean {
  if (interaction === null) return false;
  if (interaction.userId === null) return request.prompt.includes('login');
  return interaction.userId !== session.principal.subjectId;
}

/**
 * The org the app will act in: the user's choice on the page, else the requested org when it is theirs,
 * else their only org. select_account always shows the choice.
 */
function pickOrg(
  orgs: OrgWithRoles[],
  request: PendingRequest,
  interaction: Interaction | null,
): OrgWithRoles | undefined {
  const chosen = orgs.find((org) => org.id === interaction?.orgId);
  if (chosen) return chosen;
  if (request.prompt.includes('select_account')) return undefined;
  if (request.orgId !== null) return orgs.find((org) => org.id === request.orgId);
  return orgs.length === 1 ? orgs[0] : undefined;
}

/**
 * Whether an earlier consent lets this request through without a page. RFC 8252 §8.6 and ASVS 10.7.1: a
 * native app is a public client whose identity cannot be assured, so it asks every time.
 */
async function isConsentRemembered(
  c: AuthorizeStepDeps,
  app: OAuthApp,
  userId: string,
  orgId: string,
  request: PendingRequest,
): Promise<boolean> {
  if (app.type !== 'web' || request.prompt.includes('consent')) return false;
  const consent = await c.interactions.findConsent(userId, app.id, orgId);
  return consent !== undefined && consentCovers(consent.scope, request.scope);
}

/** Marks the interaction answered; a second answer (a replayed form, a second tab) gets an error page. */
export async function completeOnce(c: AuthorizeStepDeps, interactionId: string): Promise<void> {
  if (!(await c.interactions.completeInteraction(interactionId))) {
    throw new PageError(
      400,
      'This sign-in is already finished',
      'Each sign-in request can be answered once. Go back to the application and start again.',
    );
  }
}

/** Remembers and audits the consent the user just gave (AuthorizationInteractions.recordConsent). */
export async function recordConsent(
  c: AuthorizeStepDeps,
  caller: Caller,
  input: { app: OAuthApp; orgId: string; scope: GrantScope },
): Promise<void> {
  await c.interactions.recordConsent(caller, input);
}

/**
 * recordConsent's work inside a caller's transaction; `details` adds to the audit event (a device approval says
 * so). Consents for a user's web apps are remembered; every consent is audited.
 */
export async function rememberConsent(
  stores: AuthorizeStores,
  caller: Caller,
  now: number,
  input: { app: OAuthApp; orgId: string; scope: GrantScope },
  details: Record<string, unknown> = {},
): Promise<void> {
  const { app, orgId, scope } = input;
  const userId = caller.principal.subjectId;
  const remembered = app.type === 'web';
  if (remembered) {
    const previous = await stores.oauth.findConsent(userId, app.id, orgId);
    await stores.oauth.putConsent({
      userId,
      appId: app.id,
      orgId,
      scope: mergeScopes(previous?.scope, scope),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
  }
  await stores.audit.insert([
    auditEvent(caller, now, {
      action: 'oauth.consent_given',
      orgId,
      target: { kind: 'app', id: app.id },
      details: { scope: scopeText(scope), allRoles: scope.roles.allRoles, remembered, ...details },
    }),
  ]);
}

/**
 * Mints the single-use code for the approved request (bound to client, redirect URI and PKCE challenge by
 * OAuthProvider.issueAuthorizationCode) and returns the redirect that carries it, with state and iss.
 */
export async function issueCode(
  c: AuthorizeStepDeps,
  input: { app: OAuthApp; request: PendingRequest; orgId: string; session: ActiveSession },
): Promise<string> {
  const { app, orgId, session } = input;
  const { failure: _none, ...request } = input.request;
  const code = await c.oauth.issueAuthorizationCode({
    app,
    userId: session.principal.subjectId,
    orgId,
    request,
    authTime: session.signedInAt,
    amr: session.amr,
    scope: request.scope,
  });
  return returnUrl(c.config.issuer, request, { code });
}

function mergeScopes(previous: GrantScope | undefined, added: GrantScope): GrantScope {
  // Consents for different resources (RFC 8707) do not add up: the roles of one were approved for its
  // resources only. The newest replaces the other then.
  if (!previous || !sameResources(previous, added)) return added;
  const [a, b] = [previous.roles, added.roles];
  return {
    ...(added.resources?.length ? { resources: added.resources } : {}),
    oidc: orderOidc([...previous.oidc, ...added.oidc]),
    roles:
      a.allRoles || b.allRoles
        ? normalizeScopeSet({ allRoles: true })
        : normalizeScopeSet({
            orgRoles: [...a.orgRoles, ...b.orgRoles],
            serviceRoles: [...a.serviceRoles, ...b.serviceRoles],
            permissions: [...a.permissions, ...b.permissions],
          }),
  };
}

function sameResources(a: GrantScope, b: GrantScope): boolean {
  const [x, y] = [[...(a.resources ?? [])].sort(), [...(b.resources ?? [])].sort()];
  return x.length === y.length && x.every((uri, i) => uri === y[i]);
}
