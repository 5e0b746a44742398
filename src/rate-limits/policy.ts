// GATEWAY_RATE_LIMITS: per caller and per operation class, e.g. "mutation=30/min,query=300/min". Each class is a
// rate with a burst of the same size (GCRA: a caller may spend a whole period's allowance at once, then one
// operation every period/limit).
export type OperationClass = 'query' | 'mutation' | 'subscription';

export interface Rate {
  limit: number;
  periodMs: number;
}

export type RatePolicy = Partial<Record<OperationClass, Rate>>;

const CLASSES: readonly OperationClass[] = ['query', 'mutation', 'subscription'];
const PERIODS: Record<string, number> = { s: 1_000, sec: 1_000, second: 1_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };
const ENTRY = /^(query|mutation|subscription)=(\d{1,9})\/(s|sec|second|min|minute|h|hour)$/;

/** The policy, or a problem naming what is wrong. */
export function parseRatePolicy(text: string): RatePolicy | string {
  const policy: RatePolicy = {};
  for (const entry of text.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
    const match = ENTRY.exec(entry);
    if (!match || Number(match[2]) < 1) {
      return `"${entry}" is not <${CLASSES.join('|')}>=<count>/<s|min|h>, e.g. mutation=30/min`;
    }
    policy[match[1] as OperationClass] = { limit: Number(match[2]), periodMs: PERIODS[match[3]] };
  }
  return policy;
}
