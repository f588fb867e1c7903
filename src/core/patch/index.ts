/** The patch/mail reader: what other areas import. */
export { parseDocument } from './parseDocument';
export { documentToUnit, mapUnitEdit, mapUnitEdits, unitToDocument, type UnitEdit, type UnitPosition } from './editMapping';
export { applyDocumentEdits } from './applyEdits';
export type * from './types';
