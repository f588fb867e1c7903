import { existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCParser, type CParser, type ParserAssets } from '../core/c/parser';
import { sortWordList, type WordListSource } from '../core/review/wordList';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Finds a file the build copies next to the bundles in dist/; when running from source (tests, tsx) the
 * same file is taken from its npm package.
 */
function assetPath(bundled: string, packageFile: () => string): string {
  for (const candidate of [join(here, bundled), join(here, '..', 'dist', bundled), join(here, '..', '..', 'dist', bundled)]) {
    if (existsSync(candidate)) return candidate;
  }
  return packageFile();
}

export function parserAssetsFromDisk(): { runtimeWasm: Uint8Array; grammarWasm: Uint8Array } {
  const runtime = assetPath('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  const grammar = assetPath('tree-sitter-c.wasm', () => require.resolve('tree-sitter-c/tree-sitter-c.wasm'));
  return { runtimeWasm: readFileSync(runtime), grammarWasm: readFileSync(grammar) };
}

function bundledWordList(): string | undefined {
  return [join(here, 'words.txt'), join(here, '..', 'dist', 'words.txt'), join(here, '..', '..', 'dist', 'words.txt')].find(existsSync);
}

/**
 * The English word list in the searchable form (sorted, lower case): dist/ ships it so, the npm package does not.
 * The shipped one is returned as its bytes (ASCII, as the build checks), which SortedWordList searches as they are:
 * decoding 2.8 MB into a string cost more than the read. This form can be posted to a worker.
 */
export function englishWordBytesFromDisk(): string | Uint8Array {
  const bundled = bundledWordList();
  if (bundled) return readFileSync(bundled);
  return sortWordList(readFileSync(join(dirname(require.resolve('word-list')), 'words.txt'), 'utf8'));
}

/**
 * The word list for a review on this thread: the shipped file is left on disk and read a line at a time until lookups
 * are many (a small review asks it about a word or two; reading all of it cost a CLI call some 4 ms).
 */
export function englishWordListFromDisk(): string | Uint8Array | WordListSource {
  const bundled = bundledWordList();
  if (!bundled) return englishWordBytesFromDisk();
  let fd: number | undefined;
  let size: number | undefined;
  const open = () => (fd ??= openSync(bundled, 'r'));
  return {
    get byteLength() {
      return (size ??= fstatSync(open()).size);
    },
    read: (into, offset) => readSync(open(), into, 0, into.length, offset),
    readAll: () => readFileSync(bundled),
  };
}

let compiled: Promise<{ runtimeWasm: WebAssembly.Module; grammarWasm: WebAssembly.Module }> | undefined;

/** The parser's two WASM files compiled once (not instantiated): what the CLI's pool hands its worker threads. */
export function compiledParserAssetsFromDisk(): Promise<{ runtimeWasm: WebAssembly.Module; grammarWasm: WebAssembly.Module }> {
  compiled ??= (async () => {
    const { runtimeWasm, grammarWasm } = parserAssetsFromDisk();
    const [runtime, grammar] = await Promise.all([WebAssembly.compile(runtimeWasm as BufferSource), WebAssembly.compile(grammarWasm as BufferSource)]);
    return { runtimeWasm: runtime, grammarWasm: grammar };
  })();
  return compiled;
}

let shared: Promise<CParser> | undefined;

/** One parser per thread, created on first use: from `assets` when given (compiled by another thread), else from disk. */
export function nodeCParser(assets?: ParserAssets): Promise<CParser> {
  shared ??= createCParser(assets ?? parserAssetsFromDisk());
  return shared;
}
