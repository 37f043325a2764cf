import { newId } from '../../src/core/ids-and-secrets.js';
import type { Org } from '../../src/identity/orgs/store.js';
import type { UserWithPassword } from '../../src/identity/users/store.js';
import type { Stores } from '../../src/stores.js';

export function aUser(overrides: Partial<UserWithPassword> = {}): UserWithPassword {
  const id = newId();
  return {
    id,
    email: `${id}@example.test`,
    name: 'Ada',
    passwordHash: '$argon2id$fake',
    platformRoles: [],
    createdAt: 1_000,
    updatedAt: 1_000,
    disabledAt: null,
    emailVerified: false,
    ...overrides,
  };
}

export function anOrg(overrides: Partial<Org> = {}): Org {
  return {
    id: newId(),
    name: 'Acme',
    displayName: 'Acme Inc.',
    createdAt: 1_000,
    updatedAt: 1_000,
    requireMfa: false,
    ...overrides,
  };
}

/** Inserts a user and an org with that user as member holding `orgRoles`. */
export async function seedMember(
  stores: Stores,
  orgRoles: ('org_owner' | 'org_admin' | 'org_member' | 'developer')[] = ['org_owner'],
): Promise<{ user: UserWithPassword; org: Org }> {
  const user = aUser();
  const org = anOrg();
  await stores.users.insert(user);
  await stores.orgs.insert(org);
  await stores.members.insert({
    orgId: org.id,
    userId: user.id,
    orgRoles,
    serviceRoles: [],
    createdAt: 1,
    updatedAt: 1,
  });
  return { user, org };
}
