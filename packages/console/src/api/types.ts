import type { paths } from './schema';

/** The JSON of an operation's success answer (200 or 201). */
type Ok<Op> = Op extends { responses: { 200: { content: { 'application/json': infer T } } } }
  ? T
  : Op extends { responses: { 201: { content: { 'application/json': infer T } } } }
    ? T
    : never;
type Item<PageOf> = PageOf extends { results: (infer T)[] } ? T : never;

export type Me = Ok<paths['/api/v1/me']['get']>;
export type User = Me['user'];
export type Org = Me['memberships'][number];
export type Service = Ok<paths['/api/v1/services/{serviceId}']['get']>;
export type ApiToken = Ok<paths['/api/v1/me/api-tokens/{tokenId}']['get']>;
export type GeneratedApiToken = Ok<paths['/api/v1/me/api-tokens']['post']>;
export type GenerateApiToken = NonNullable<
  paths['/api/v1/me/api-tokens']['post']['requestBody']
>['content']['application/json'];
export type Policy = Ok<paths['/api/v1/orgs/{orgId}/policies']['get']>;
export type Member = Item<Ok<paths['/api/v1/orgs/{orgId}/members']['get']>>;
export type OAuthApp = Ok<paths['/api/v1/orgs/{orgId}/apps/{appId}']['get']>;
export type CreatedApp = Ok<paths['/api/v1/orgs/{orgId}/apps']['post']>;
export type CreateApp = NonNullable<
  paths['/api/v1/orgs/{orgId}/apps']['post']['requestBody']
>['content']['application/json'];
export type AppGrant = Item<Ok<paths['/api/v1/orgs/{orgId}/app-grants']['get']>>;
export type Consent = Item<Ok<paths['/api/v1/me/consents']['get']>>;
export type ConsumerApp = Ok<paths['/api/v1/me/consumer-apps/{applicationId}']['get']>;
export type GrantedCredential = Ok<paths['/api/v1/me/consumer-credentials/{credentialId}']['get']>;
export type AuditEvent = Item<Ok<paths['/api/v1/audit-events']['get']>>;
export type ScopeSet = ApiToken['scopes'];
export type Lockout = Ok<paths['/api/v1/lockouts']['get']>['lockouts'][number];
export type Invitation = Ok<paths['/api/v1/orgs/{orgId}/invitations']['get']>['items'][number];
