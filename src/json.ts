// Reading JSON from outside (request bodies, query parameters, connectFi's answers) without throwing.

/** The parsed value, or undefined when `text` is absent or not JSON. */
export function parseJsonOrUndefined(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
