import { ConfigError } from './config/load.js';
import type { Container } from './container.js';
import { isApiError } from './core/errors.js';
import { randomBase62 } from './core/ids-and-secrets.js';
import type { Caller } from './core/principal.js';

export interface FirstRun {
  email: string;
  /** Only when generated: shown once in the start-up banner, never logged. */
  generatedPassword: string | null;
  orgId: string;
}

const DEFAULT_ADMIN_EMAIL = 'admin@keyward.local';

/**
 * On the first start with an empty database: a platform operator (KEYWARD_ADMIN_EMAIL / _PASSWORD, or a
 * generated password) who owns a first organization. Does nothing once any account exists.
 */
export async function bootstrapFirstRun(c: Container, caller: Caller): Promise<FirstRun | null> {
  if ((await c.storage.stores.users.count()) > 0) return null;
  const { email: configuredEmail, password: configuredPassword } = c.config.bootstrapAdmin;
  const email = configuredEmail ?? DEFAULT_ADMIN_EMAIL;
  const generatedPassword = configuredPassword === null ? randomBase62(24) : null;
  try {
    const user = await c.users.create(caller, {
      email,
      name: 'Platform operator',
      password: configuredPassword ?? generatedPassword ?? undefined,
      platformRoles: ['platform_operator'],
    });
    const org = await c.orgs.create(caller, { name: 'Default organization', ownerUserId: user.id });
    c.logger.info(
      { userId: user.id, email: user.email, orgId: org.id },
      'first run: created the platform operator',
    );
    return { email: user.email, generatedPassword, orgId: org.id };
  } catch (error) {
    if (isApiError(error) && error.code === 'user.password_rejected') {
      throw new ConfigError('KEYWARD_ADMIN_PASSWORD', error.message);
    }
    throw error;
  }
}
