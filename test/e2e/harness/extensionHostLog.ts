import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXTENSION_ID = 'kernel-offload.kernel-offload-review';

/** Every extension host log folder code-server has written so far (logs/<start time>/exthostN). */
export function extensionHostDirs(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs).flatMap((run) =>
    readdirSync(join(logs, run)).filter((name) => /^exthost\d+$/.test(name)).map((name) => join(logs, run, name)));
}

/** The logs of one window's extension host: VS Code's own and our extension's output channel. */
export class ExtensionHostLog {
  constructor(readonly dir: string) {}

  /** remoteexthost.log: activations ("ExtensionService#_doActivateExtension …") and extension errors. */
  host(): string {
    const file = join(this.dir, 'remoteexthost.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** The "Kernel Offload Review" output channel, written by our extension. */
  extension(): string {
    const dir = join(this.dir, EXTENSION_ID);
    if (!existsSync(dir)) return '';
    return readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
  }

  /** The activation line of our extension, e.g. "… activationEvent: 'onLanguage:plaintext'"; undefined if not active. */
  activation(): string | undefined {
    return this.host().split('\n').find((line) => line.includes('_doActivateExtension') && line.includes(EXTENSION_ID));
  }

  /** Lines of the host log at error level that name our extension or come from its bundle. */
  ourErrors(): string[] {
    const lines = this.host().split('\n');
    return lines.filter((line, index) => /\[error\]/.test(line)
      && (line.includes(EXTENSION_ID) || line.includes('kernel-offload') || (lines[index + 1] ?? '').includes('dist/extension.cjs')));
  }
}
