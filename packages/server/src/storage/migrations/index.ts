import type { Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { foundation } from './0001-foundation.js';
import { apiTokensAndOutbox } from './0002-api-tokens-and-outbox.js';
import { oauth } from './0003-oauth.js';
import { consumerKeys } from './0004-consumer-keys.js';
import { serviceResources } from './0005-service-resources.js';
import { deviceAndPushedRequests } from './0006-device-and-pushed-requests.js';
import { clientKeysAndDpop } from './0007-client-keys-and-dpop.js';
import { revocationFeed } from './0008-revocation-feed.js';
import { secondFactors } from './0009-second-factors.js';
import { lockoutsAndDevices } from './0010-lockouts-and-devices.js';
import { emailLinks } from './0011-email-links.js';

/**
 * Every migration, in order. Forward-only: a released migration is never edited; a change is a new entry.
 * Names sort in application order.
 */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-api-tokens-and-outbox': apiTokensAndOutbox(dialect),
    '0003-oauth': oauth(dialect),
    '0004-consumer-keys': consumerKeys(dialect),
    '0005-service-resources': serviceResources(dialect),
    '0006-device-and-pushed-requests': deviceAndPushedRequests(dialect),
    '0007-client-keys-and-dpop': clientKeysAndDpop(dialect),
    '0008-revocation-feed': revocationFeed(dialect),
    '0009-second-factors': secondFactors(dialect),
    '0010-lockouts-and-devices': lockoutsAndDevices(dialect),
    '0011-email-links': emailLinks(dialect),
  };
}
