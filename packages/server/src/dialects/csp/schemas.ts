import { type TSchema, Type } from '@sinclair/typebox';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type PageRequest } from '../../core/pagination.js';
import { ORG_ROLES } from '../../core/roles.js';

/**
 * The pieces CSP request schemas are made of. Lenient as CSP clients are: unknown fields are ignored, `null` is
 * the same as leaving a field out, and every refusal (dialects/refusals.ts) names the field and shows what to send.
 */

/** `/orgs/{orgId}/...` */
export const OrgPath = Type.Object({ orgId: Type.String() });

/** Optional, and `null` means the same as absent. */
export const orNull = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/** Text without control characters, of at most `maxLength` characters. */
export const CspText = (name: string, maxLength: number) =>
  Type.String({
    maxLength,
    pattern: '^\\P{Cc}*$',
    refusal: `${name} must be text of at most ${maxLength} characters`,
  });

/** A name people see: at least one visible character, no control characters. */
export const CspName = (maxLength: number, refusal: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '^(?=.*\\S)\\P{Cc}*$', refusal });

/** A list of up to 200 entries; `example` shows one in the refusal. */
export const CspList = <T extends TSchema>(name: string, item: T, example: string) =>
  Type.Array(item, { maxItems: 200, refusal: `${name} is a list of up to 200 entries, e.g. ${example}` });

/** A role entry: CSP wraps the name in an object ({"name": "org_member"}), never a bare string. */
export const RoleEntry = <T extends TSchema>(list: string, shape: string, name: T) =>
  Type.Object(
    { name },
    { refusal: `each entry of ${list} is an object ${shape}, not a bare name: send {"name": "{value}"}` },
  );

/** An org role name (docs/wire/csp.md#organization-roles). */
export const OrgRoleName = (list: string) =>
  Type.Union(
    ORG_ROLES.map((role) => Type.Literal(role)),
    { refusal: `${list}: "{value}" is not an org role; use org_owner, org_admin, org_member or developer` },
  );

/** A role name within a service, bare or qualified. */
export const RoleName = (list: string, shape: string) =>
  Type.String({
    minLength: 1,
    maxLength: 128,
    pattern: '^\\P{Cc}*$',
    refusal: `${list}[].name must be a role name of 1 to 128 characters: ${shape}`,
  });

const pageNumber = (name: string, max: number) =>
  Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: max }), Type.Literal('')], {
      refusal: `${name} must be a whole number from 1 to ${max}`,
    }),
  );

/** CSP paging (docs/wire/csp.md#paging): pageStart from 1, pageLimit up to 200 (the default). */
export const CspPageQuery = Type.Object({
  pageStart: pageNumber('pageStart', 1_000_000_000),
  pageLimit: pageNumber('pageLimit', MAX_PAGE_LIMIT),
});

export function pageOf(query: { pageStart?: number | ''; pageLimit?: number | '' }): PageRequest {
  return { pageStart: query.pageStart || 1, pageLimit: query.pageLimit || DEFAULT_PAGE_LIMIT };
}
