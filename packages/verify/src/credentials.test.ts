import { describe, expect, it } from 'vitest';
import { presentedToken } from './credentials.js';
import { VerifyError } from './errors.js';
import { renderRefusal } from './render.js';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

function failure(headers: Parameters<typeof presentedToken>[0]): VerifyError {
  try {
    presentedToken(headers);
  } catch (error) {
    if (error instanceof VerifyError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('presentedToken', () => {
  it('reads Bearer in any case and spacing, and csp-auth-token, from any header form', () => {
    expect(presentedToken({ authorization: `bearer   ${TOKEN}` })).toEqual({
      token: TOKEN,
      dialect: 'bearer',
      scheme: 'bearer',
    });
    expect(presentedToken(new Headers({ 'csp-auth-token': TOKEN }))).toEqual({
      token: TOKEN,
      dialect: 'csp',
      scheme: 'bearer',
    });
    // RFC 9449 §7.1: a DPoP-bound token comes under the DPoP scheme.
    expect(presentedToken({ authorization: `DPoP ${TOKEN}` })).toEqual({
      token: TOKEN,
      dialect: 'dpop',
      scheme: 'dpop',
    });
    expect(presentedToken((name) => (name === 'authorization' ? `Bearer ${TOKEN}` : undefined)).token).toBe(
      TOKEN,
    );
    // NSX-era clients send the same token in both headers.
    expect(presentedToken({ authorization: `Bearer ${TOKEN}`, 'csp-auth-token': TOKEN }).dialect).toBe('csp');
  });

  it('refuses what is not one token', () => {
    expect(failure({})).toMatchObject({ code: 'token_missing' });
    expect(failure({ authorization: 'Bearer' })).toMatchObject({ code: 'request_invalid' });
    expect(failure({ authorization: `Bearer ${TOKEN}, Bearer ${TOKEN}` })).toMatchObject({
      code: 'request_invalid',
    });
    expect(failure({ 'csp-auth-token': [TOKEN, TOKEN] })).toMatchObject({ code: 'request_invalid' });
    expect(failure({ authorization: `Bearer ${TOKEN}`, 'csp-auth-token': `${TOKEN}x` }).message).toMatch(
      /two different access tokens/,
    );
    expect(failure({ authorization: 'Basic dTpw' }).message).toMatch(/Basic scheme/);
    expect(failure({ authorization: 'DPoP' })).toMatchObject({ code: 'request_invalid' });
  });
});

describe('renderRefusal', () => {
  it('keeps challenge attribute values within RFC 6750 §3 characters', () => {
    const error = new VerifyError('token_invalid', 'a "quoted" \\ message — with ü', 'claims');
    const rendered = renderRefusal(error, { dialect: 'bearer', realm: 'my "realm"' });
    expect(rendered.headers['www-authenticate']).toBe(
      'Bearer realm="my ?realm?", error="invalid_token", error_description="a ?quoted? ? message ? with ?"',
    );
    expect(rendered.body).toEqual({
      error: 'invalid_token',
      error_description: 'a "quoted" \\ message — with ü',
    });
  });
});
