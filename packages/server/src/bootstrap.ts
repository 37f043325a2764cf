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

/** Meta key recording the first run: `pending` from its first write until its last, then `done`. */
const FIRST_RUN_KEY = 'first_run';

/**
 * On the first start with an empty database: a platform operator (KEYWARD_ADMIN_EMAIL / _PASSWORD, or a
 * generated password) who owns a first organization. Does nothing once any account exists, unless a first run
 * was cut off halfway (the process killed between the operator and the organization): the next start finishes
 * it, with a new generated password since the earlier one was never shown. Runs under the start-up lock.
 */
export async function bootstrapFirstRun(c: Container, caller: Caller): Promise<FirstRun | null> {
  const { meta, users, orgs } = c.storage.stores;
  const resuming = (await meta.get(FIRST_RUN_KEY)) === 'pending';
  if (!resuming && (await users.count()) > 0) return null;
  await meta.set(FIRST_RUN_KEY, 'pending');
  const { email: configuredEmail, password: configuredPassword } = c.config.bootstrapAdmin;
  const email = configuredEmail ?? DEFAULT_ADMIN_EMAIL;
  const generatedPassword = configuredPassword === null ? randomBase62(24) : null;
  const password = configuredPassword ?? generatedPassword ?? '';
  try {
    const earlier = resuming ? await users.findByEmail(email) : undefined;
    const user = earlier
      ? await c.users.resetPassword(caller, earlier.id, password, { temporary: generatedPassword !== null })
      : await c.users.create(caller, {
          email,
          name: 'Platform operator',
          password,
          platformRoles: ['platform_operator'],
          // The address may be a placeholder (admin@keyward.local); the operator asks for a link when it is not.
          sendVerification: false,
        });
    // A generated password was printed on the console: the operator replaces it at first sign-in (ASVS 6.4.1).
    if (generatedPassword !== null) await users.requirePasswordChange(user.id);
    const owned = await orgs.listForUser(user.id, { pageStart: 1, pageLimit: 1 });
    const org =
      owned.items[0] ?? (await c.orgs.create(caller, { name: 'Default organization', ownerUserId: user.id }));
    await meta.set(FIRST_RUN_KEY, 'done');
    c.logger.info(
      { userId: user.id, email: user.email, orgId: org.id, resumed: resuming },
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
