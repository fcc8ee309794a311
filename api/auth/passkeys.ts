// Passkeys (WebAuthn) as a second sign-in step, through @simplewebauthn/server: the options a browser needs to
// make or use one, and the checks of its answer. The relying party is the configured public base URL (its host is
// the rp id, its origin the only accepted origin), the challenge is kept server-side (db/stores/passkeys-store.ts:
// single use, five minutes) and found by a cookie, and a use must raise the signature counter.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Request, Response } from 'express';
import type { Stores, User } from '../../db';
import { WEBAUTHN_CHALLENGE_TTL_MS } from '../../db/stores/passkeys-store';
import { AUTH_COOKIES, clearAuthCookie, setAuthCookie } from './cookie-names';

export const WEBAUTHN_COOKIE = AUTH_COOKIES.webauthn;
export const PASSKEY_NAME_MAX = 60;

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** The rp id is the host people reach the app at (no port), the origin its scheme, host and port. */
export function relyingPartyFrom(publicBaseUrl: string): RelyingParty {
  const url = new URL(publicBaseUrl);
  return { id: url.hostname, origin: url.origin, name: 'Peer Dispatch' };
}

/** Why a passkey answer was refused: for the audit and security log (never the answer itself). */
export type PasskeyRefusal = 'no-challenge' | 'not-understood' | 'unknown-passkey' | 'not-verified' | 'counter';

export type Checked<T> = { ok: true; value: T } | { ok: false; refusal: PasskeyRefusal };

const transportsOf = (t: string[]) => t as AuthenticatorTransportFuture[];

function parseAnswer<T extends { id: string; response: object }>(raw: unknown): T | undefined {
  if (typeof raw !== 'string' || raw.length > 16_000) return undefined;
  try {
    const v = JSON.parse(raw) as T;
    return v && typeof v.id === 'string' && typeof v.response === 'object' && v.response ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the ceremony named by this browser's cookie (once: a replayed answer finds none) and clears the cookie. */
async function takeCeremony(
  stores: Stores,
  req: Request,
  res: Response,
  secureCookies: boolean,
  purpose: 'register' | 'second-step',
  userId: string,
): Promise<string | undefined> {
  const token = req.cookies?.[WEBAUTHN_COOKIE];
  clearAuthCookie(res, WEBAUTHN_COOKIE, secureCookies);
  if (typeof token !== 'string') return undefined;
  const taken = await stores.passkeys.takeCeremony(token, purpose);
  // A ceremony started for someone else (another account signed in or pending in this browser) is not theirs.
  return taken && taken.userId === userId ? taken.challenge : undefined;
}

export function createPasskeyService(deps: { stores: Stores; rp: RelyingParty; secureCookies: boolean }) {
  const { stores, rp, secureCookies } = deps;

  async function startCeremony(res: Response, purpose: 'register' | 'second-step', challenge: string, userId: string) {
    const token = await stores.passkeys.startCeremony(purpose, challenge, userId);
    setAuthCookie(res, WEBAUTHN_COOKIE, token, secureCookies, { maxAge: WEBAUTHN_CHALLENGE_TTL_MS });
  }

  return {
    rp,

    /** Options to make a new passkey for `user` (their passkeys excluded, so one authenticator holds one). */
    async registrationOptions(res: Response, user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const mine = await stores.passkeys.listFor(user.id);
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userID: new TextEncoder().encode(user.id),
        userName: user.email,
        userDisplayName: user.name,
        attestationType: 'none',
        excludeCredentials: mine.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        timeout: WEBAUTHN_CHALLENGE_TTL_MS,
      });
      await startCeremony(res, 'register', options.challenge, user.id);
      return options;
    },

    /** Checks a new passkey's answer and keeps it under `name`; its credential id on success. */
    async register(
      req: Request,
      res: Response,
      user: User,
      answer: unknown,
      name: string,
    ): Promise<Checked<{ id: string }>> {
      const challenge = await takeCeremony(stores, req, res, secureCookies, 'register', user.id);
      if (!challenge) return { ok: false, refusal: 'no-challenge' };
      const response = parseAnswer<RegistrationResponseJSON>(answer);
      if (!response) return { ok: false, refusal: 'not-understood' };
      let info;
      try {
        const verified = await verifyRegistrationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: false,
        });
        if (!verified.verified || !verified.registrationInfo) return { ok: false, refusal: 'not-verified' };
        info = verified.registrationInfo;
      } catch {
        return { ok: false, refusal: 'not-verified' };
      }
      const { credential } = info;
      if (await stores.passkeys.get(credential.id)) return { ok: false, refusal: 'not-verified' };
      await stores.passkeys.add({
        id: credential.id,
        userId: user.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports ?? response.response.transports ?? [],
        name,
      });
      return { ok: true, value: { id: credential.id } };
    },

    /** Options to sign in with one of `userId`'s passkeys (the password is right already). */
    async signInOptions(res: Response, userId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const mine = await stores.passkeys.listFor(userId);
      const options = await generateAuthenticationOptions({
        rpID: rp.id,
        allowCredentials: mine.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
        userVerification: 'preferred',
        timeout: WEBAUTHN_CHALLENGE_TTL_MS,
      });
      await startCeremony(res, 'second-step', options.challenge, userId);
      return options;
    },

    /** Checks a sign-in answer: one of `userId`'s own passkeys, this ceremony's challenge, a counter that grew. */
    async signIn(req: Request, res: Response, userId: string, answer: unknown): Promise<Checked<{ id: string }>> {
      const challenge = await takeCeremony(stores, req, res, secureCookies, 'second-step', userId);
      if (!challenge) return { ok: false, refusal: 'no-challenge' };
      const response = parseAnswer<AuthenticationResponseJSON>(answer);
      if (!response) return { ok: false, refusal: 'not-understood' };
      const passkey = await stores.passkeys.get(response.id);
      if (!passkey || passkey.userId !== userId) return { ok: false, refusal: 'unknown-passkey' };
      let newCounter: number;
      try {
        const verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          credential: {
            id: passkey.id,
            publicKey: new Uint8Array(passkey.publicKey),
            counter: passkey.counter,
            transports: transportsOf(passkey.transports),
          },
          requireUserVerification: false,
        });
        if (!verified.verified) return { ok: false, refusal: 'not-verified' };
        newCounter = verified.authenticationInfo.newCounter;
      } catch (err) {
        // The library refuses a counter that did not grow (a cloned authenticator) with its own message.
        return { ok: false, refusal: /counter/i.test((err as Error).message) ? 'counter' : 'not-verified' };
      }
      // Conditional: two sign-ins with one signature (or a stale counter) count once.
      if (!(await stores.passkeys.used(passkey.id, newCounter))) return { ok: false, refusal: 'counter' };
      return { ok: true, value: { id: passkey.id } };
    },
  };
}
export type PasskeyService = ReturnType<typeof createPasskeyService>;

/** A passkey's name as typed (trimmed, short), or a plain default. */
export function passkeyName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim().slice(0, PASSKEY_NAME_MAX) : '';
  return name || 'Passkey';
}

/** Audits a passkey event of `user` (the credential id, never the answer). */
export async function auditPasskey(
  stores: Stores,
  req: Request,
  user: Pick<User, 'id' | 'workspaceId'>,
  action: 'passkey-added' | 'passkey-removed' | 'passkey-used' | 'passkey-refused',
  detail: { passkey?: string; during?: string; refusal?: PasskeyRefusal },
  actorId: string = user.id,
): Promise<void> {
  await stores.audit.record({
    workspaceId: user.workspaceId,
    actorId,
    action,
    subjectType: 'user',
    subjectId: user.id,
    detail,
    address: req.ip,
    userAgent: req.get('user-agent'),
  });
}
