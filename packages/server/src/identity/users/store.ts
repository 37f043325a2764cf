import type { Selectable } from 'kysely';
import { ApiError } from '../../core/errors.js';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { PlatformRole } from '../../core/roles.js';
import { type Executor, fromJson, isUniqueViolation, toJson } from '../../storage/db.js';
import { readPage } from '../../storage/paging.js';
import type { UsersTable } from '../../storage/schema.js';

export interface User {
  id: string;
  email: string;
  name: string;
  platformRoles: PlatformRole[];
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
  /** The user followed a link sent to `email` (a verification or a password reset). */
  emailVerified: boolean;
  /** Present when the password was set by someone else (the first run) and must be replaced at sign-in. */
  mustChangePassword?: true;
}

export interface UserWithPassword extends User {
  passwordHash: string | null;
}

export interface UserStore {
  insert(user: UserWithPassword): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<UserWithPassword | undefined>;
  findWithPasswordById(id: string): Promise<UserWithPassword | undefined>;
  list(page: PageRequest): Promise<PageResult<User>>;
  count(): Promise<number>;
  /** Sets a new password hash; the user chose it, so no change is required any more. */
  updatePasswordHash(id: string, passwordHash: string, now: number): Promise<void>;
  /** The user must choose a new password before doing anything else (a password someone else has seen). */
  requirePasswordChange(id: string): Promise<void>;
  updateDisabledAt(id: string, disabledAt: number | null, now: number): Promise<void>;
  /**
   * Marks the address verified, only while it is still `email` (a link proves the address it was sent to);
   * true when it is.
   */
  markEmailVerified(id: string, email: string, now: number): Promise<boolean>;
  /** A new address, not verified yet; `user.email_taken` when another account uses it. */
  updateEmail(id: string, email: string, now: number): Promise<void>;
}

export function createUserStore(db: Executor): UserStore {
  return {
    async insert(user) {
      try {
        await db
          .insertInto('users')
          .values({
            id: user.id,
            email: user.email,
            name: user.name,
            password_hash: user.passwordHash,
            platform_roles: toJson(user.platformRoles),
            created_at: user.createdAt,
            updated_at: user.updatedAt,
            disabled_at: user.disabledAt,
            email_verified: user.emailVerified ? 1 : 0,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ApiError('user.email_taken', `an account with e-mail ${user.email} already exists`);
        }
        throw error;
      }
    },

    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async findByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    async findWithPasswordById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    list(page) {
      return readPage(db.selectFrom('users'), (base) => base.selectAll().orderBy('email'), page, toUser);
    },

    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async updatePasswordHash(id, passwordHash, now) {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: now, must_change_password: 0 })
        .where('id', '=', id)
        .execute();
    },

    async requirePasswordChange(id) {
      await db.updateTable('users').set({ must_change_password: 1 }).where('id', '=', id).execute();
    },

    async markEmailVerified(id, email, now) {
      const result = await db
        .updateTable('users')
        .set({ email_verified: 1, updated_at: now })
        .where('id', '=', id)
        .where('email', '=', email)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async updateEmail(id, email, now) {
      try {
        await db
          .updateTable('users')
          .set({ email, email_verified: 0, updated_at: now })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ApiError('user.email_taken', `an account with e-mail ${email} already exists`);
        }
        throw error;
      }
    },

    async updateDisabledAt(id, disabledAt, now) {
      await db
        .updateTable('users')
        .set({ disabled_at: disabledAt, updated_at: now })
        .where('id', '=', id)
        .execute();
    },
  };
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    platformRoles: fromJson<PlatformRole[]>(row.platform_roles),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
    emailVerified: row.email_verified === 1,
    ...(row.must_change_password === 1 ? { mustChangePassword: true as const } : {}),
  };
}
