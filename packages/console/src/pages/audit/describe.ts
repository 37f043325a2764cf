import type { AuditEvent } from '../../api/types';

const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');

/** "1 session", "3 sessions". */
const sessions = (count: unknown) => `${str(count)} session${count === 1 ? '' : 's'}`;
/** ", ending 2 other sessions" when some ended; nothing otherwise. */
const ended = (count: unknown, noun: string) =>
  typeof count === 'number' && count > 0 ? `, ending ${count} ${noun}${count === 1 ? '' : 's'}` : '';
const factorKind = (kind: unknown) => (kind === 'passkey' ? 'a passkey' : 'an authenticator app');

/** A person's e-mail for a user id, when the page knows it; the id otherwise. */
export type NameOf = (id: string) => string;
const asIs: NameOf = (id) => id;

/** Each audited action as a sentence; `who` is the actor, `n` names user targets, the details fill in the rest. */
const SENTENCES: Record<
  string,
  (who: string, e: AuditEvent, d: Record<string, unknown>, n: NameOf) => string
> = {
  'session.signed_in': (who) => `${who} signed in`,
  'session.signed_out': (who) => `${who} signed out`,
  'session.second_factor_requested': (who) => `${who} gave the right password; a second factor was asked`,
  'session.second_factor_failed': (who) => `${who} gave a wrong second-factor code`,
  'session.ended': (who, e, _d, n) => `${who} ended a session of ${n(e.target.id)}`,
  'session.others_ended': (who, e, d, n) =>
    `${who} ended the other sessions of ${n(e.target.id)} (${sessions(d.sessionsEnded)})`,
  'session.all_ended': (who, e, d, n) =>
    `${who} ended every session of ${n(e.target.id)} (${sessions(d.sessionsEnded)})`,
  'factor.added': (who, _e, d) => `${who} added ${factorKind(d.kind)}`,
  'factor.removed': (who, _e, d) =>
    `${who} removed ${factorKind(d.kind)}${ended(d.otherSessionsEnded, 'other session')}`,
  'factor.recovery_codes_replaced': (who) => `${who} replaced their recovery codes`,
  'factor.recovery_code_used': (who, _e, d) =>
    `${who} signed in with a recovery code (${str(d.unused)} left)`,
  'session.sign_in_failed': (_who, e, d) =>
    `A sign-in as ${e.actor.id} failed (${str(d.reason).replaceAll('_', ' ')})`,
  'lockout.started': (_who, e, d) =>
    `${str(d.address) || 'An address'} was locked out (${str(d.scope).replaceAll('_', ' ')}) of ${e.target.kind} ${e.target.id} for ${str(d.seconds)} s`,
  'lockout.lifted': (who, e, d) =>
    `${who} lifted a lockout (${str(d.scope).replaceAll('_', ' ')}) of ${e.target.kind} ${e.target.id}`,
  'user.created': (who, _e, d) => `${who} created the account ${str(d.email)}`,
  'user.disabled': (who, e, _d, n) => `${who} disabled the account ${n(e.target.id)}`,
  'user.enabled': (who, e, _d, n) => `${who} re-enabled the account ${n(e.target.id)}`,
  'user.password_changed': (who, _e, d) =>
    `${who} changed their password${ended(d.otherSessionsEnded, 'other session')}`,
  'user.password_reset': (who, e, d, n) =>
    `${who} reset the password of ${n(e.target.id)}${ended(d.sessionsEnded, 'session')}`,
  'user.password_reset_requested': (_who, e, d) =>
    d.sent === true
      ? `A password reset link was e-mailed to ${e.actor.id}`
      : `A password reset was asked for ${e.actor.id}, which has no active account`,
  'user.password_reset_by_email': (who, _e, d) =>
    `${who} chose a new password with an e-mailed link${ended(d.sessionsEnded, 'session')}`,
  'user.email_changed': (who, _e, d) => `${who} changed their e-mail address to ${str(d.to)}`,
  'user.email_verification_sent': (who, _e, d) => `${who} asked for a link to verify ${str(d.email)}`,
  'user.email_verified': (who, _e, d) => `${who} verified the e-mail address ${str(d.email)}`,
  'org.created': (who, _e, d) => `${who} created the organization ${str(d.name)}`,
  'org.updated': (who) => `${who} renamed the organization`,
  'org_policy.updated': (who) => `${who} changed the API token policy`,
  'member.added': (who, e, d, n) => `${who} added ${n(e.target.id)} as ${list(d.orgRoles)}`,
  'invitation.created': (who, _e, d) => `${who} invited ${str(d.email)} as ${list(d.orgRoles)}`,
  'invitation.resent': (who, _e, d) => `${who} sent the invitation of ${str(d.email)} again`,
  'invitation.revoked': (who, _e, d) => `${who} revoked the invitation of ${str(d.email)}`,
  'invitation.accepted': (_who, _e, d) => `${str(d.email)} accepted their invitation and joined`,
  'invitation.expired_attempt': (_who, e) => `Someone opened the expired invitation of ${e.actor.id}`,
  'member.roles_changed': (who, e, _d, n) => `${who} changed the roles of ${n(e.target.id)}`,
  'member.removed': (who, e, _d, n) => `${who} removed ${n(e.target.id)} from the organization`,
  'member.left': (who) => `${who} left the organization`,
  'service.created': (who, e) => `${who} registered the service ${e.target.id}`,
  'signing_key.rotated': (who) => `${who} rotated the signing key`,
  'api_token.created': (who, _e, d) => `${who} generated the API token “${str(d.name)}”`,
  'api_token.regenerated': (who, _e, d) => `${who} regenerated the API token “${str(d.name)}”`,
  'api_token.revoked': (who, _e, d) => `${who} revoked the API token “${str(d.name)}”`,
  'api_token.deactivated': (who, e) => `${who} deactivated the API token ${e.target.id}`,
  'api_token.reactivated': (who, e) => `${who} reactivated the API token ${e.target.id}`,
  'api_token.exchange_failed': (_who, e) => `An exchange of the API token ${e.target.id} failed`,
  'api_token.details_failed': (_who, e) => `A details request for the API token ${e.target.id} failed`,
  'api_token.expiry_reminder_queued': (_who, e) =>
    `An expiry reminder for the API token ${e.target.id} was queued`,
  'app.created': (who, _e, d) => `${who} created the ${str(d.type)} app “${str(d.name)}”`,
  'app.updated': (who, e) => `${who} changed the app ${e.target.id}`,
  'app.deleted': (who, e) => `${who} deleted the app ${e.target.id}`,
  'app.secret_regenerated': (who, e) => `${who} regenerated the secret of the app ${e.target.id}`,
  'app.secret_rotated': (who, e) => `${who} rotated the secret of the app ${e.target.id}`,
  'app.secret_rotation_ended': (who, e) => `${who} ended the secret rotation of the app ${e.target.id}`,
  'app.granted': (who, e) => `${who} added the app ${e.target.id} to the organization`,
  'app.grant_changed': (who, e) => `${who} changed the roles of the app ${e.target.id}`,
  'app.grant_removed': (who, e) => `${who} removed the app ${e.target.id} from the organization`,
  'oauth.consent_given': (who, e) => `${who} authorized the app ${e.target.id}`,
  'oauth.consent_revoked': (who, e) => `${who} withdrew their consent to the app ${e.target.id}`,
  'oauth.code_replayed': (_who, e) => `An authorization code of the app ${e.target.id} was used twice`,
  'consumer_app.created': (who, _e, d) => `${who} registered the application “${str(d.name)}”`,
  'consumer_app.deleted': (who, e) => `${who} deleted the application ${e.target.id}`,
  'consumer_credential.requested': (_who, e) => `An application requested the consumer key ${e.target.id}`,
  'consumer_credential.validated': (who, e) => `${who} authorized the consumer key ${e.target.id}`,
  'consumer_credential.refused': (who, e) => `${who} refused the consumer key ${e.target.id}`,
  'consumer_credential.revoked': (who, e) => `${who} revoked the consumer key ${e.target.id}`,
  'consumer_credential.logged_out': (_who, e) => `The consumer key ${e.target.id} logged out`,
  'consumer_credential.allowed_ips_changed': (who, e) =>
    `${who} changed where the consumer key ${e.target.id} may be used from`,
  'consumer_key.refused': (_who, e) => `A signed call with the consumer key ${e.target.id} was refused`,
};

export function actorName(event: AuditEvent, nameOf: NameOf = asIs): string {
  const { kind, id } = event.actor;
  if (kind === 'system') return `The system (${id})`;
  if (kind === 'anonymous') return 'Someone not signed in';
  return kind === 'app' ? `The app ${id}` : nameOf(id);
}

/** An audit event in words, e.g. "User … generated the API token “ci”"; an unknown action falls back to its code. */
export function describeEvent(event: AuditEvent, nameOf: NameOf = asIs): string {
  const sentence = SENTENCES[event.action];
  if (sentence) return sentence(actorName(event, nameOf), event, event.details, nameOf);
  return `${actorName(event, nameOf)}: ${event.action} on ${event.target.kind} ${event.target.id}`;
}
