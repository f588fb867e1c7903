import type { Node } from 'web-tree-sitter';

const casts = /^(?:u8|u16|u32|u64|s8|s16|s32|s64|int|long|unsigned|signed|short|char|U|UL|ULL|_AC|_UL|_ULL|_BITUL|_BITULL)$/;

/**
 * `#define CTRL_EN 0x4`, `#define FOO_MASK GENMASK(7, 4)`, `#define XFER_DONE BIT(3)`, `#define AT_DMA_SSREQ(x) BIT((x) << 1)`:
 * register and bit-field constants keep the datasheet's mnemonics by convention, so their names are not judged. True for
 * a macro whose value is numbers, operators, its own parameters and upper-case names (BIT, GENMASK, other constants):
 * no lower-case name (a function call, a variable) and no string.
 */
export function isConstantMacro(definition: Node | undefined): boolean {
  if (definition?.type !== 'preproc_def' && definition?.type !== 'preproc_function_def') return false;
  const value = definition.childForFieldName('value')?.text.trim() ?? '';
  if (value === '' || /["']/.test(value)) return false;
  const parameters = new Set((definition.childForFieldName('parameters')?.namedChildren ?? []).map((parameter) => parameter?.text));
  const names = value.replace(/\b\d[\w.]*/g, '0').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  if (names.some((word) => word !== word.toUpperCase() && !casts.test(word) && !parameters.has(word))) return false;
  // `#define VMAP_BBMAP_BITS VMAP_MIN(VMAP_BBMAP_BITS_MAX, …)`: built of other constants, so a constant too.
  return /\d/.test(value) || names.some((word) => !parameters.has(word));
}

/** `#define _MIGRATE_OFFC_H`: an include guard spells its file's name, which is the author's call, not a symbol's. */
export function isIncludeGuard(name: string, definition: Node | undefined): boolean {
  return definition?.type === 'preproc_def' && definition.childForFieldName('value') === null && /_H_*$/.test(name);
}

const fixedWidth = /^(?:__)?(?:u|s|le|be)(?:8|16|32|64)$|^(?:uint|int)(?:8|16|32|64)_t$/;

/**
 * `u32 ctllo;`, `__le64 dlast_sga;`, `u32 errh : 1;`, `void __iomem *erqh;`: a member of fixed width, a bit-field or a
 * pointer into I/O memory mirrors a hardware register or descriptor, whose fields keep the datasheet's names as the register macros do.
 */
export function isHardwareField(declaration: Node | undefined, plainDeclarator: boolean | undefined): boolean {
  if (declaration?.type !== 'field_declaration' || !plainDeclarator) return false;
  if (declaration.namedChildren.some((child) => child?.type === 'bitfield_clause')) return true;
  const type = declaration.childForFieldName('type');
  return (type !== null && fixedWidth.test(type.text)) || /\b__iomem\b/.test(declaration.text);
}
