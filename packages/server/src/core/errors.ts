/**
 * Management-API errors: one class, stable dotted codes, one HTTP status per code.
 * The catalogue below is mirrored in docs/errors.md; a test keeps the two in step.
 * Dialects (CSP, OVH, OAuth) map these to their own shapes at the edge.
 */
export const API_ERRORS = {
  // Requests that cannot be understood.
  'request.invalid': { status: 400, summary: 'The request does not match the documented schema.' },
  'request.malformed_body': { status: 400, summary: 'The body is not valid JSON (or not valid form data).' },
  'request.too_large': { status: 413, summary: 'The body is larger than the configured limit.' },
  'request.unsupported_media_type': {
    status: 415,
    summary: 'The Content-Type is not one this endpoint accepts.',
  },
  'request.header_too_large': { status: 431, summary: 'The request line or headers are too large.' },
  'request.nul_character': {
    status: 400,
    summary: 'A text value contains the NUL character (U+0000), which no value may hold.',
  },
  'request.aborted': {
    status: 400,
    summary: 'The client closed the connection before the whole request had arrived.',
  },
  'route.not_found': { status: 404, summary: 'No endpoint has this method and path.' },

  // Who is calling.
  'auth.required': { status: 401, summary: 'No valid credential was sent, or the session has ended.' },
  'auth.invalid_credentials': {
    status: 401,
    summary: 'The e-mail and password do not match an active account.',
  },
  'auth.csrf_failed': {
    status: 403,
    summary: 'A cookie-authenticated change was sent without the X-CSRF-Token header of its session.',
  },
  'auth.forbidden': { status: 403, summary: 'The caller is known but lacks the role or permission needed.' },
  'auth.rate_limited': { status: 429, summary: 'Too many attempts; wait for the time given in Retry-After.' },
  'auth.invalid_token': {
    status: 401,
    summary: 'The bearer access token is malformed, expired, or its credential was revoked.',
  },
  'auth.invalid_dpop_proof': {
    status: 401,
    summary:
      'The DPoP proof of a DPoP-bound access token is missing, invalid, for another request, or reused.',
  },
  'auth.second_factor_required': {
    status: 401,
    summary:
      'The password was right; finish signing in with a second factor at POST /api/v1/session/second-factor.',
  },
  'auth.step_up_required': {
    status: 403,
    summary:
      'A sensitive action needs a fresh password or second factor: POST /api/v1/session/step-up, then retry.',
  },
  'auth.mfa_enrolment_required': {
    status: 403,
    summary: 'An organization of the user requires a second factor: add one under My account, Security.',
  },
  'auth.password_change_required': {
    status: 403,
    summary: 'The password was generated at first run: choose a new one with PUT /api/v1/me/password first.',
  },
  'auth.use_dpop_nonce': {
    status: 401,
    summary: 'DPoP proofs must carry a nonce of this server: retry with the one in the DPoP-Nonce header.',
  },

  // Users.
  'user.not_found': { status: 404, summary: 'No user has this id or e-mail.' },
  'user.email_taken': { status: 409, summary: 'Another account already uses this e-mail address.' },
  'user.password_rejected': { status: 400, summary: 'The new password does not meet the password policy.' },
  'email_link.invalid': {
    status: 400,
    summary: 'The e-mailed link is unknown, already used, or replaced by a newer one; ask for a new one.',
  },
  'email_link.expired': { status: 400, summary: 'The e-mailed link has expired; ask for a new one.' },

  // Second factors.
  'factor.not_found': { status: 404, summary: 'The caller has no second factor with this id.' },
  'session.not_found': { status: 404, summary: 'The caller has no signed-in session with this id.' },
  'lockout.not_found': {
    status: 404,
    summary: 'No current lockout has this id, or it is not one the caller may lift.',
  },
  'factor.invalid_code': {
    status: 400,
    summary: 'The authenticator or recovery code is wrong, expired or already used.',
  },
  'factor.invalid_passkey': {
    status: 400,
    summary:
      'The passkey response does not verify: unknown credential, wrong challenge or origin, or expired.',
  },
  'factor.required': {
    status: 409,
    summary: 'The action needs a second factor the user does not have yet (recovery codes need one).',
  },

  // Organizations and members.
  'org.not_found': { status: 404, summary: 'No organization with this id is visible to the caller.' },
  'org.limit_reached': { status: 409, summary: 'The caller owns the maximum number of organizations.' },
  'org.last_owner': { status: 409, summary: 'The change would leave the organization without an owner.' },
  'member.not_found': { status: 404, summary: 'The user is not a member of this organization.' },
  'member.exists': { status: 409, summary: 'The user is already a member of this organization.' },
  'invitation.not_found': { status: 404, summary: 'The organization has no open invitation with this id.' },
  'invitation.exists': {
    status: 409,
    summary: 'The address is already invited to this organization; resend or revoke that invitation.',
  },
  'member.owner_only': {
    status: 403,
    summary: 'Only an organization owner may grant, remove or change owners.',
  },
  'member.self_change': { status: 403, summary: 'An admin may not change their own roles.' },
  'role.unknown': { status: 400, summary: 'An org role, service role or permission does not exist.' },

  // Services.
  'service.not_found': { status: 404, summary: 'No service has this id.' },
  'service.exists': { status: 409, summary: 'A service with this id already exists.' },
  'service.invalid': {
    status: 400,
    summary: 'A role refers to a permission the service does not define, or the resource URI is not valid.',
  },
  'service.resource_taken': { status: 409, summary: 'Another service already has this resource URI.' },
  'service.role_in_use': {
    status: 409,
    summary: 'An edit would remove a role that members or apps still hold.',
  },

  // API tokens: generation and management.
  'api_token.not_found': { status: 404, summary: 'The caller has no API token with this id.' },
  'api_token.scope_exceeded': {
    status: 400,
    summary: 'The requested scopes include roles or permissions the user does not hold.',
  },
  'api_token.scope_empty': {
    status: 400,
    summary: 'No scope was chosen: pick roles, permissions, or all roles.',
  },
  'api_token.limit_reached': {
    status: 409,
    summary: 'The user holds the maximum number of live API tokens in this org.',
  },
  'api_token.ttl_not_allowed': {
    status: 400,
    summary: "The lifetime exceeds the org's maximum token TTL policy.",
  },
  // API tokens: exchange (OAuth `invalid_grant`, CSP 400).
  'api_token.malformed': {
    status: 400,
    summary: 'The value is not a Keyward API token (length, characters or checksum).',
  },
  'api_token.unknown': { status: 400, summary: 'No API token has this value.' },
  'api_token.revoked': { status: 400, summary: 'The API token was revoked or regenerated.' },
  'api_token.expired': { status: 400, summary: 'The API token has expired.' },
  'api_token.deactivated': { status: 400, summary: 'An org owner deactivated the API token.' },
  'api_token.idle': {
    status: 400,
    summary: "The API token was unused longer than the org's idle policy allows.",
  },
  'api_token.user_disabled': { status: 400, summary: "The token's user is disabled." },
  'api_token.not_member': {
    status: 400,
    summary: "The token's user is no longer a member of its organization.",
  },

  // OAuth apps and their grants to orgs.
  'app.not_found': { status: 404, summary: 'No app with this id is visible to the caller.' },
  'app.exists': { status: 409, summary: 'An app with this client id already exists.' },
  'app.invalid': { status: 400, summary: 'The app settings are inconsistent (redirect URIs, TTLs, type).' },
  'app.scope_exceeded': { status: 403, summary: 'The app or grant asks for roles its creator may not give.' },
  'app.not_server': { status: 400, summary: 'Only server-to-server apps are added to organizations.' },
  'app.public_client': { status: 400, summary: 'A native (public) app has no secret and no keys.' },
  'app.invalid_keys': {
    status: 400,
    summary: 'The JWKS or jwksUri given for private_key_jwt cannot be used, or is missing.',
  },
  'app_grant.not_found': { status: 404, summary: 'The app is not added to this organization.' },
  'consent.not_found': { status: 404, summary: 'The caller has no consent for this app in this org.' },

  // OVH-style consumer keys. The OVH dialect answers these in its own shape (docs/wire/ovh.md#error-body).
  'consumer_app.not_found': { status: 404, summary: 'The caller owns no consumer application with this id.' },
  'consumer_credential.not_found': {
    status: 404,
    summary: 'No consumer credential with this id is visible to the caller.',
  },
  'consumer_credential.request_not_found': {
    status: 404,
    summary: 'The validation link is unknown, already used, or expired.',
  },
  'consumer_key.invalid_application': {
    status: 403,
    summary: 'X-Ovh-Application is missing or names no active application.',
  },
  'consumer_key.unknown': { status: 403, summary: 'X-Ovh-Consumer names no credential of this application.' },
  'consumer_key.invalid_signature': {
    status: 400,
    summary:
      'X-Ovh-Signature does not match the request, or X-Ovh-Timestamp is missing or off the server time.',
  },
  'consumer_key.not_valid': {
    status: 403,
    summary: 'The consumer key is pending, refused or expired, or is used from an address it does not allow.',
  },
  'consumer_key.not_granted': {
    status: 403,
    summary: "The consumer key's access rules do not allow this method and path.",
  },
  'signed_request_check.not_allowed': {
    status: 403,
    summary: 'The app is not one KEYWARD_SIGNED_REQUEST_CHECKERS allows to check signed requests.',
  },

  // The server itself.
  'server.unavailable': { status: 503, summary: 'A dependency (the database) is not reachable right now.' },
  'server.internal': { status: 500, summary: 'An unexpected error; the request id is in the log.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  /** `message` is shown to the caller: say what happened and what to do next. Never put a secret in it. */
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = API_ERRORS[code].status;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
