import type { ParsedDocument } from '../../patch/types';
import { judgedWord, splitIdentifier } from '../identifierWords';

const cache = new WeakMap<ParsedDocument, ReadonlySet<string>>();

function wordsOf(text: string, into: Set<string>): void {
  for (const piece of text.split(/[^A-Za-z0-9_]+/)) {
    for (const part of splitIdentifier(piece)) {
      const word = judgedWord(part.word);
      if (word) into.add(word);
    }
  }
}

/**
 * Directories name hardware (`drivers/dma/amd/ae4dma/`), and so do file names under drivers/, sound/ and arch/
 * (`drivers/dma/mv_xor.c`); elsewhere a file is often named after the very abbreviation judged (`mm/migrate_offc.c`).
 */
function hardwarePart(path: string): string {
  const name = path.replace(/\.[A-Za-z]+$/, '');
  return /^(?:drivers|sound|arch)\//.test(path) ? name : name.slice(0, Math.max(0, name.lastIndexOf('/')));
}

/**
 * Vendor and product names the patch itself introduces: the words of the paths it touches (see hardwarePart) and of its devicetree `compatible` strings (`"fsl,imx93-edma4"`).
 * A driver is named after its hardware; that name is no abbreviation for the driver to spell out.
 */
export function patchWords(document: ParsedDocument): ReadonlySet<string> {
  let words = cache.get(document);
  if (words) return words;
  const found = new Set<string>();
  for (const patch of document.patches) {
    for (const file of patch.files) for (const path of [file.oldPath, file.newPath]) if (path) wordsOf(hardwarePart(path), found);
  }
  for (const unit of document.units) wordsOf(hardwarePart(unit.path), found);
  for (const line of document.docLines) {
    if (!line.includes('compatible')) continue;
    for (const match of line.matchAll(/"([A-Za-z0-9][A-Za-z0-9_.,+-]*)"/g)) wordsOf(match[1]!, found);
  }
  words = found;
  cache.set(document, words);
  return words;
}

/**
 * `pldma` in drivers/pci/controller/pcie-xilinx-dma-pl.c (`pl` + `dma`), `admac` in tegra210-adma.c (the `adma`
 * controller): the hardware's name from the patch's own paths, its words run together or with one letter after it.
 */
export function isProductName(word: string, own: ReadonlySet<string>): boolean {
  if (own.has(word.slice(0, -1)) && word.length >= 5) return true;
  for (let split = 2; split <= word.length - 2; split++) {
    if (own.has(word.slice(0, split)) && own.has(word.slice(split))) return true;
  }
  return false;
}
