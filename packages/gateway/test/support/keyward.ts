// Keyward for the gateway's tests: the verifier's cast (a billing service, a member with an API token, a
// server-to-server app), plus the gateway's own app, listed by the operator as allowed to check OVH-signed
// requests, and a consumer key of the member whose rules allow GET /billing only.
import { systemCaller } from '../../../server/src/core/principal.js';
import { type GrantedKey, grantConsumerKey } from '../../../server/test/support/ovh.js';
import { type Keyward, startKeyward } from '../../../verify/test/support/keyward.js';

export const GATEWAY_CLIENT_ID = 'billing-gateway';

export interface GatewayKeyward extends Keyward {
  gatewayClient: { clientId: string; clientSecret: string };
  consumerKey: GrantedKey;
}

export async function startGatewayKeyward(): Promise<GatewayKeyward> {
  const keyward = await startKeyward({ env: { KEYWARD_SIGNED_REQUEST_CHECKERS: GATEWAY_CLIENT_ID } });
  const { container } = keyward.server;
  const made = await container.apps.create(systemCaller('gateway-test'), keyward.orgId, {
    type: 'server',
    name: 'Billing gateway',
    clientId: GATEWAY_CLIENT_ID,
    scopes: { allRoles: true },
  });
  const consumerKey = await grantConsumerKey(container, {
    developerId: keyward.member.id,
    userId: keyward.member.id,
    rules: [{ method: 'GET', path: '/billing' }],
  });
  return {
    ...keyward,
    gatewayClient: { clientId: GATEWAY_CLIENT_ID, clientSecret: made.secret as string },
    consumerKey,
  };
}
