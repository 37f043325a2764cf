import { auditEvent } from '../audit/service.js';
import { requireUser } from '../core/authorize.js';
import { ApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import { revocationOf } from '../revocations/entries.js';
import { FAMILY_TOPIC, grantTarget, type ProviderDeps } from './provider.js';
import { scopeText } from './scope.js';

export interface ConsentView {
  appId: string;
  appName: string;
  orgId: string;
  scope: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * A user's remembered consents (ASVS 10.7.3): listed, and revoked — which also ends every grant the user gave
 * the app in that org, so its refresh tokens fail and its access tokens turn inactive at once.
 */
export class ConsentService {
  constructor(private readonly deps: Pick<ProviderDeps, 'storage' | 'clock' | 'bus'>) {}

  async list(caller: Caller): Promise<ConsentView[]> {
    const userId = requireUser(caller, 'consents belong to users');
    const { stores } = this.deps.storage;
    const consents = await stores.oauth.listConsents(userId);
    const views: ConsentView[] = [];
    for (const consent of consents) {
      const app = await stores.apps.findById(consent.appId);
      views.push({
        appId: consent.appId,
        appName: app?.name ?? consent.appId,
        orgId: consent.orgId,
        scope: scopeText(consent.scope),
        createdAt: consent.createdAt,
        updatedAt: consent.updatedAt,
      });
    }
    return views;
  }

  async revoke(caller: Caller, appId: string, orgId: string): Promise<void> {
    const userId = requireUser(caller, 'consents belong to users');
    const { storage, clock, bus } = this.deps;
    const now = clock.now();
    const families = await storage.transaction(async (stores) => {
      const existed = await stores.oauth.deleteConsent(userId, appId, orgId);
      const revoked = await stores.oauth.revokeFamiliesOf(
        userId,
        appId,
        orgId,
        now,
        'consent revoked by the user',
      );
      await stores.revocations.append(
        revoked.map((id) =>
          revocationOf(grantTarget(id), now, 'grant revoked: consent withdrawn by the user'),
        ),
      );
      if (!existed && revoked.length === 0) {
        throw new ApiError('consent.not_found', `you gave app ${appId} no consent in organization ${orgId}`);
      }
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'oauth.consent_revoked',
          orgId,
          target: { kind: 'app', id: appId },
          details: { grantsRevoked: revoked.length },
        }),
      ]);
      return revoked;
    });
    for (const id of families) await bus.publish(FAMILY_TOPIC, id);
  }
}
