import { ApiError } from '../core/errors.js';
import type { OrgRole } from '../core/roles.js';
import type { OAuthApp, OAuthAppStore } from './store.js';

/** Who manages an org's apps (creates, edits, reads their secrets' list). */
export const APP_MANAGERS: readonly OrgRole[] = ['org_owner', 'org_admin', 'developer'];

/** The app `appId` that `orgId` owns; app.not_found otherwise (another org's app is reported as missing). */
export async function findOwned(
  stores: { apps: Pick<OAuthAppStore, 'findById'> },
  orgId: string,
  appId: string,
): Promise<OAuthApp> {
  const app = await stores.apps.findById(appId);
  if (!app || app.ownerOrgId !== orgId) {
    throw new ApiError('app.not_found', `organization ${orgId} owns no app ${appId}`);
  }
  return app;
}
