/** Retry schedule for outbox deliveries: 30 s, 1 min, 2 min … capped at 1 h; gives up after MAX_ATTEMPTS. */
export const MAX_ATTEMPTS = 10;
const BASE_SECONDS = 30;
const CAP_SECONDS = 3600;

/** Seconds to wait before the next try after `attempts` failed tries (attempts ≥ 1). */
export function retryDelaySeconds(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(CAP_SECONDS, BASE_SECONDS * 2 ** exponent);
}

export function shouldGiveUp(attempts: number): boolean {
  return attempts >= MAX_ATTEMPTS;
}
