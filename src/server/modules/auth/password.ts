import argon2 from 'argon2';

// argon2id with OWASP's minimum profile (19 MiB, 2 passes): strong and still fast enough that a
// burst of logins does not starve the event loop's thread pool.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified against when the e-mail is unknown or the account locked, so response time does not
// reveal which addresses exist. Made when the login route is set up, so not even the first
// unknown address after a start takes longer (a hash is slower than a verification).
let dummyHash: Promise<string> | undefined;
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  return dummyHash;
}

export async function verifyAgainstDummy(password: string): Promise<void> {
  await verifyPassword(await prepareDummyHash(), password);
}
