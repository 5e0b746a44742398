// HS256 JWTs for tests, as an identity provider would issue them to end users.
import { SignJWT } from 'jose';

export const JWT_SECRET = 'a-test-hs256-secret-of-at-least-32-chars';

export function endUserJwt(sub: string, claims: Record<string, unknown> = {}, secret = JWT_SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}
