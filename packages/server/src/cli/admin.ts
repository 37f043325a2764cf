import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { parseIssuerUrl } from '../config/load.js';
import { ApiError } from '../core/errors.js';
import { systemCaller } from '../core/principal.js';
import { isOrgRole, type OrgRole } from '../core/roles.js';
import { changeIssuer } from '../deployment-issuer.js';
import { memberView } from '../identity/members/schemas.js';
import { orgView } from '../identity/orgs/schemas.js';
import { serviceView } from '../identity/services/schemas.js';
import { generatedPassword } from '../identity/users/passwords.js';
import { userView } from '../identity/users/schemas.js';
import { addDatabaseOptions, printResult, splitList, type ToolOptions, withToolRuntime } from './common.js';

/** The operator's caller: actions are audited as `system` with the OS account that ran them. */
function cliCaller() {
  let account = 'unknown';
  try {
    account = userInfo().username;
  } catch {}
  return systemCaller(`cli:${account}`);
}

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description('operator commands that open the database directly (each audited)');

  addDatabaseOptions(
    admin
      .command('create-user')
      .description('create an account')
      .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
      .option('--password <password>', 'initial password (8+ characters, not a common one)')
      .option('--password-stdin', 'read the password from standard input instead')
      .option('--name <name>', 'display name')
      .option('--operator', 'grant the platform_operator role')
      .option('--json', 'print the created user as JSON'),
  ).action(
    async (
      options: ToolOptions & {
        email: string;
        password?: string;
        passwordStdin?: boolean;
        name?: string;
        operator?: boolean;
      },
    ) => {
      const password = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : options.password;
      await withToolRuntime(options, async ({ container }) => {
        const user = await container.users.create(cliCaller(), {
          email: options.email,
          name: options.name,
          password,
          platformRoles: options.operator ? ['platform_operator'] : [],
        });
        printResult(options, userView(user), 'user created');
      });
    },
  );

  addDatabaseOptions(
    admin
      .command('create-org')
      .description('create an organization owned by an existing user')
      .requiredOption('--name <name>', 'organization name')
      .requiredOption('--owner <email>', 'e-mail of the first owner')
      .option('--display-name <name>', 'display name (defaults to the name)')
      .option('--json', 'print the created organization as JSON'),
  ).action(async (options: ToolOptions & { name: string; owner: string; displayName?: string }) => {
    await withToolRuntime(options, async ({ container }) => {
      const owner = await container.storage.stores.users.findByEmail(options.owner.trim().toLowerCase());
      if (!owner)
        throw new ApiError('user.not_found', `no user has e-mail ${options.owner}; create it first`);
      const org = await container.orgs.create(cliCaller(), {
        name: options.name,
        displayName: options.displayName,
        ownerUserId: owner.id,
      });
      printResult(options, orgView(org), 'organization created');
    });
  });

  addDatabaseOptions(
    admin
      .command('add-member')
      .description('add an existing user to an organization')
      .requiredOption('--org <id>', 'organization id')
      .requiredOption('--email <email>', "the user's e-mail")
      .requiredOption(
        '--roles <roles>',
        'comma-separated org roles: org_owner, org_admin, org_member, developer',
      )
      .option('--service-roles <roles>', 'comma-separated service roles, e.g. billing:viewer')
      .option('--json', 'print the membership as JSON'),
  ).action(
    async (options: ToolOptions & { org: string; email: string; roles: string; serviceRoles?: string }) => {
      const roles = splitList(options.roles);
      const unknown = roles.filter((role) => !isOrgRole(role));
      if (unknown.length > 0) {
        throw new ApiError(
          'role.unknown',
          `unknown org role ${unknown.join(', ')}; use org_owner, org_admin, org_member or developer`,
        );
      }
      await withToolRuntime(options, async ({ container }) => {
        const member = await container.members.add(cliCaller(), options.org, {
          email: options.email,
          orgRoles: roles as OrgRole[],
          serviceRoles: splitList(options.serviceRoles),
        });
        printResult(options, { orgId: member.orgId, ...memberView(member, true) }, 'member added');
      });
    },
  );

  addDatabaseOptions(
    admin
      .command('create-service')
      .description('register a protected service with its roles and permissions')
      .requiredOption('--id <id>', 'service id, e.g. billing')
      .requiredOption('--name <name>', 'display name')
      .option('--description <text>', 'what the service is')
      .option('--role <name=perms>', 'a role and its comma-separated permissions (repeatable)', collect, [])
      .option('--permission <id[=description]>', 'a permission no role uses yet (repeatable)', collect, [])
      .option('--resource <uri>', 'its resource URI (RFC 8707): the audience of tokens requested for it')
      .option('--json', 'print the service as JSON'),
  ).action(
    async (
      options: ToolOptions & {
        id: string;
        name: string;
        description?: string;
        role: string[];
        permission: string[];
        resource?: string;
      },
    ) => {
      const roles = options.role.map((text) => {
        const [name, perms] = splitOnce(text, '=');
        if (!name || perms === undefined) {
          throw new ApiError(
            'service.invalid',
            `--role "${text}" must be name=perm1,perm2 (e.g. viewer=billing:read)`,
          );
        }
        return { name, permissions: splitList(perms) };
      });
      const permissions = options.permission.map((text) => {
        const [id, description] = splitOnce(text, '=');
        return { id: id ?? text, description };
      });
      await withToolRuntime(options, async ({ container }) => {
        const service = await container.services.create(cliCaller(), {
          id: options.id,
          name: options.name,
          description: options.description,
          roles,
          permissions,
          resource: options.resource,
        });
        printResult(options, serviceView(service), 'service created');
      });
    },
  );

  addDatabaseOptions(
    admin
      .command('reset-password')
      .description("set a user's password (a new one is generated when none is given) and end their sessions")
      .requiredOption('--email <email>', "the user's e-mail")
      .option('--password <password>', 'the new password (8+ characters, not a common one)')
      .option('--password-stdin', 'read the new password from standard input instead')
      .option('--json', 'print the user, and a generated password, as JSON'),
  ).action(async (options: ToolOptions & { email: string; password?: string; passwordStdin?: boolean }) => {
    const given = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : options.password;
    const generated = given === undefined ? generatedPassword() : null;
    await withToolRuntime(options, async ({ container }) => {
      const user = await container.storage.stores.users.findByEmail(options.email.trim().toLowerCase());
      if (!user) throw new ApiError('user.not_found', `no user has e-mail ${options.email}`);
      // A generated password was seen by whoever ran this: it is for one sign-in. A chosen one is the person's own.
      const updated = await container.users.resetPassword(cliCaller(), user.id, given ?? generated ?? '', {
        temporary: given === undefined,
      });
      // A generated password is shown this once, never logged.
      printResult(
        options,
        { ...userView(updated), ...(generated ? { password: generated } : {}) },
        generated ? 'password reset; the new password is shown only this once' : 'password reset',
      );
    });
  });

  addDatabaseOptions(
    admin
      .command('set-issuer')
      .description(
        "change the deployment's issuer (the public URL in every token and link); restart every node after",
      )
      .argument('<url>', 'the new issuer: an https origin, e.g. https://id.example.com')
      .option('--json', 'print the change as JSON'),
  ).action(async (url: string, options: ToolOptions) => {
    const issuer = parseIssuerUrl(url);
    await withToolRuntime(options, async ({ container }) => {
      const change = await changeIssuer(container.storage, cliCaller(), issuer, container.clock.now());
      printResult(
        options,
        change,
        'issuer changed. Restart every node (a node started with KEYWARD_ISSUER needs it set to the new URL or ' +
          'unset). Access and ID tokens issued under the old issuer are no longer accepted; clients get new ones ' +
          'with their API tokens, client secrets, refresh tokens and consumer keys, which keep working',
      );
    });
  });

  for (const [name, disabled] of [
    ['disable-user', true],
    ['enable-user', false],
  ] as const) {
    addDatabaseOptions(
      admin
        .command(name)
        .description(disabled ? 'disable an account and end its sessions' : 're-enable a disabled account')
        .requiredOption('--email <email>', "the user's e-mail")
        .option('--json', 'print the user as JSON'),
    ).action(async (options: ToolOptions & { email: string }) => {
      await withToolRuntime(options, async ({ container }) => {
        const user = await container.storage.stores.users.findByEmail(options.email.trim().toLowerCase());
        if (!user) throw new ApiError('user.not_found', `no user has e-mail ${options.email}`);
        const updated = await container.users.setDisabled(cliCaller(), user.id, disabled);
        printResult(options, userView(updated), disabled ? 'user disabled' : 'user enabled');
      });
    });
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function splitOnce(text: string, separator: string): [string | undefined, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
