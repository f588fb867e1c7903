/**
 * Small checkers for messages that cross the extension ↔ webview boundary. Either side may be
 * stale (a restored webview from an older build) or hostile (a document's text reaches the panel),
 * so every message is checked field by field before anything acts on it.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): Checked<T> => ({ ok: false, error });

/** Longest string accepted in a message; big buffers never travel this way. */
export const MAX_STRING = 4 * 1024 * 1024;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isString(value: unknown, max = MAX_STRING): value is string {
  return typeof value === 'string' && value.length <= max;
}

export function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** A plain JSON value (no functions, no cycles, bounded depth): safe to keep in webview state. */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isRecord(value)) return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  return false;
}
