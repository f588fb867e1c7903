// The command table (src/extension/commands.ts) against the manifest and the sources: a command the manifest offers
// that nothing registers fails in the palette with "command not found"; one registered under a literal id escapes the
// table; an internal one contributed would show test probes to users.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND, INTERNAL_COMMANDS } from '../../src/extension/commands';

interface Manifest {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]>; walkthroughs: unknown[] };
  activationEvents: string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const ids = new Set<string>(Object.values(COMMAND));
const ours = (id: string) => id.startsWith('kernelOffload.');

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('command table', () => {
  it('has one name per id', () => {
    assert.equal(ids.size, Object.keys(COMMAND).length);
  });

  it('holds every command the manifest contributes, and contributes every one that is not internal', () => {
    const contributed = manifest.contributes.commands.map((entry) => entry.command).sort();
    const expected = [...ids].filter((id) => !INTERNAL_COMMANDS.includes(id)).sort();
    assert.deepEqual(contributed, expected);
  });

  it('holds every command of ours that menus, walkthrough links and activation events name', () => {
    const named = [
      ...Object.values(manifest.contributes.menus).flat().map((entry) => entry.command),
      ...[...JSON.stringify(manifest.contributes.walkthroughs).matchAll(/command:([\w.]+)/g)].map((match) => match[1]),
      ...manifest.activationEvents.filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length)),
    ].filter(ours);
    assert.ok(named.length > 0, 'the manifest names commands in menus and the walkthrough');
    assert.deepEqual(named.filter((id) => !ids.has(id)), []);
  });

  it('is how the extension registers and names its commands: no kernelOffload command id is written as a literal elsewhere', () => {
    const literal = /['"`](kernelOffload\.[\w.]+)['"`]/g;
    const stray = sourcesUnder('src').filter((path) => !path.endsWith(join('extension', 'commands.ts'))).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(literal)].map((match) => match[1]).filter((id) => ids.has(id)).map((id) => `${path}: ${id}`));
    assert.deepEqual(stray, []);
  });

  it('registers every id of the table somewhere in the extension', () => {
    const registered = new Set<string>(sourcesUnder('src/extension').flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/registerCommand\(COMMAND\.(\w+)/g)].map((match) => COMMAND[match[1] as keyof typeof COMMAND])));
    assert.deepEqual([...ids].filter((id) => !registered.has(id)), []);
  });
});
