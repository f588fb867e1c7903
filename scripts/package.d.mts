// Types of scripts/package.mjs for the TypeScript tests and the E2E harness.
export function manifest(): Record<string, unknown> & { name: string; version: string; publisher: string };
export function vsixName(pkg?: { name: string; version: string }): string;
export function packageExtension(options?: { stagingDir?: string; out?: string; quiet?: boolean }): string;
