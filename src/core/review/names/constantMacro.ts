import type { Node } from 'web-tree-sitter';

/**
 * `#define CTRL_EN 0x4`, `#define FOO_MASK GENMASK(7, 4)`, `#define XFER_DONE BIT(3)`: register and bit-field
 * constants keep the datasheet's mnemonics by convention, so their names are not judged. True for an object-like
 * macro whose value holds a number or BIT/GENMASK and no lower-case name or string.
 */
export function isConstantMacro(name: Node): boolean {
  const definition = name.parent;
  if (definition?.type !== 'preproc_def') return false;
  const value = definition.childForFieldName('value')?.text.trim() ?? '';
  if (value === '' || /["']/.test(value)) return false;
  const names = value.replace(/\b\d[\w.]*/g, '0').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const casts = /^(?:u8|u16|u32|u64|s8|s16|s32|s64|int|long|unsigned|signed|short|char|U|UL|ULL|_AC|_UL|_ULL|_BITUL|_BITULL)$/;
  if (names.some((word) => word !== word.toUpperCase() && !casts.test(word))) return false;
  return /\d/.test(value) || /\b(?:BIT|BIT_ULL|GENMASK|GENMASK_ULL)\s*\(/.test(value);
}

/** `#define _MIGRATE_OFFC_H`: an include guard spells its file's name, which is the author's call, not a symbol's. */
export function isIncludeGuard(name: Node): boolean {
  const definition = name.parent;
  return definition?.type === 'preproc_def' && definition.childForFieldName('value') === null && /_H_*$/.test(name.text);
}
