#!/usr/bin/env node
// Derives, from a kernel tree, the driver structures whose registration helper sets `.driver.owner` itself, and
// writes them as facts to src/core/review/rules/ownerSettingDrivers.ts (the redundant-owner rule reads them).
//
//   node scripts/derive-owner-setting-drivers.mjs [KERNEL_TREE]   (default .cache/kernel/linux-source-6.12)
//
// How: (1) every header macro that passes THIS_MODULE on to a function together with one of its own parameters
// (`#define platform_driver_register(drv) __platform_driver_register(drv, THIS_MODULE)`); (2) that function's
// definition in the tree's .c files, which takes `struct X *drv, struct module *owner` and stores
// `drv->M.owner = owner` (directly, or by calling another such function with the same two parameters). The facts are
// the pairs (struct X, member M) with the helper macros that lead there. Only names and file paths are recorded.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';

const tree = process.argv[2] ?? '.cache/kernel/linux-source-6.12';
const output = 'src/core/review/rules/ownerSettingDrivers.ts';
const skipped = new Set(['tools', 'Documentation', 'samples', 'scripts', 'usr', '.git']);

function* files(dir, suffix) {
  for (const name of readdirSync(dir)) {
    if (skipped.has(name)) continue;
    const full = join(dir, name);
    const info = statSync(full);
    if (info.isDirectory()) yield* files(full, suffix);
    else if (name.endsWith(suffix)) yield full;
  }
}

/** `#define name(params) F(args)` with THIS_MODULE among args, continuation lines joined. */
function macrosIn(text, path) {
  const found = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const match of joined.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)\(([^)]*)\)[ \t]+\(?[ \t]*(\w+)[ \t]*\(([^\n]*)\)[ \t]*\)?[ \t]*$/gm)) {
    const [, name, params, callee, args] = match;
    if (!/\bTHIS_MODULE\b/.test(args)) continue;
    const macroParams = params.split(',').map((p) => p.trim());
    const callArgs = args.split(',').map((a) => a.trim().replace(/^\((\w+)\)$/, '$1'));
    const ownerAt = callArgs.findIndex((a) => a === 'THIS_MODULE');
    const driverAt = callArgs.findIndex((a) => macroParams.includes(a));
    if (driverAt < 0) continue;
    found.push({ name, callee, driverAt, ownerAt, path });
  }
  return found;
}

function body(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return '';
}

/** Definitions of the wanted functions (every one: architectures may each have their own): parameters and body. */
function definitionsIn(text, wanted, path, into) {
  for (const match of text.matchAll(/^(?:[\w* ]+?[\s*])(\w+)\s*\(([^)]*)\)\s*\{/gm)) {
    const [, name, params] = match;
    if (!wanted.has(name)) continue;
    const list = params.split(',').map((p) => p.trim().replace(/\s+/g, ' '));
    const all = into.get(name) ?? [];
    all.push({ name, params: list, body: body(text, match.index + match[0].length - 1), path });
    into.set(name, all);
  }
}

const macros = [];
for (const file of files(tree, '.h')) {
  const text = readFileSync(file, 'utf8');
  if (text.includes('THIS_MODULE')) macros.push(...macrosIn(text, relative(tree, file)));
}
const wanted = new Set(macros.map((m) => m.callee));
const definitions = new Map();
for (const file of files(tree, '.c')) {
  const text = readFileSync(file, 'utf8');
  if (text.includes('owner')) definitionsIn(text, wanted, relative(tree, file), definitions);
}

/** `struct X *drv` → { type: X, name: drv }. */
function structParam(param) {
  const match = /^(?:const )?struct (\w+) ?\* ?(?:const )?(\w+)$/.exec(param ?? '');
  return match ? { type: match[1], name: match[2] } : undefined;
}

/** The member whose owner the function sets from its owner parameter, following calls to already-known setters. */
function ownerMember(definition, driverAt, ownerAt, known) {
  const driver = structParam(definition.params[driverAt]);
  const owner = /struct module ?\* ?(\w+)$/.exec(definition.params[ownerAt] ?? '')?.[1];
  if (!driver || !owner) return undefined;
  const direct = new RegExp(`\\b${driver.name}->(\\w+(?:\\.\\w+)*)\\.owner\\s*=\\s*${owner}\\b`).exec(definition.body);
  if (direct) return { type: driver.type, member: direct[1], how: `${definition.name}() stores ${driver.name}->${direct[1]}.owner = ${owner} (${definition.path})` };
  for (const [name, fact] of known) {
    if (fact.type !== driver.type) continue;
    if (new RegExp(`\\b${name}\\s*\\(\\s*${driver.name}\\s*,[^;]*\\b${owner}\\b`).test(definition.body)) {
      return { type: driver.type, member: fact.member, how: `${definition.name}() passes ${owner} to ${name}() (${definition.path})` };
    }
  }
  return undefined;
}

const setters = new Map();
for (let round = 0; round < 3; round++) {
  for (const macro of macros) {
    const all = definitions.get(macro.callee);
    if (!all || setters.has(macro.callee)) continue;
    // Every definition must set it, and all for the same member.
    const found = all.map((definition) => ownerMember(definition, macro.driverAt, macro.ownerAt, setters));
    const first = found[0];
    if (first && found.every((fact) => fact && fact.type === first.type && fact.member === first.member)) setters.set(macro.callee, first);
  }
}

const facts = new Map();
for (const macro of macros) {
  const fact = setters.get(macro.callee);
  if (!fact) continue;
  const key = `${fact.type}\0${fact.member}`;
  const entry = facts.get(key) ?? { type: fact.type, member: fact.member, helpers: new Set(), how: fact.how };
  entry.helpers.add(`${macro.name} (${macro.path})`);
  facts.set(key, entry);
}

const rows = [...facts.values()].sort((a, b) => a.type.localeCompare(b.type));
const version = (() => {
  try {
    const makefile = readFileSync(join(tree, 'Makefile'), 'utf8');
    const get = (key) => new RegExp(`^${key} = (\\S*)`, 'm').exec(makefile)?.[1] ?? '';
    return `${get('VERSION')}.${get('PATCHLEVEL')}.${get('SUBLEVEL')}`;
  } catch {
    return 'unknown';
  }
})();
const lines = [
  '// Generated by scripts/derive-owner-setting-drivers.mjs from Linux ' + version + ' (Debian linux-source-6.12); do not edit.',
  '// Each entry: a driver structure whose registration helpers (macros passing THIS_MODULE) store the module into',
  '// `.<member>.owner` themselves, so `.owner = THIS_MODULE` written there is overwritten. Facts (names), not kernel code.',
  '',
  'export interface OwnerSettingDriver {',
  '  /** `struct <type>` */',
  '  type: string;',
  '  /** The member holding `struct device_driver` (`driver`). */',
  '  member: string;',
  '  /** The helper macros that pass THIS_MODULE, for the message. */',
  '  helpers: readonly string[];',
  '}',
  '',
  'export const ownerSettingDrivers: readonly OwnerSettingDriver[] = [',
  ...rows.map((row) => {
    const helpers = [...new Set([...row.helpers].map((h) => h.replace(/ \(.*\)$/, '')))].sort();
    return `  { type: '${row.type}', member: '${row.member}', helpers: [${helpers.map((h) => `'${h}'`).join(', ')}] }, // ${row.how}`;
  }),
  '];',
  '',
];
writeFileSync(output, lines.join('\n'));
process.stdout.write(`${rows.length} driver structures from ${macros.length} THIS_MODULE macros (${definitions.size} functions defined) -> ${output}\n`);
