import type { Rule } from '../rule';
import { duplicateFunctionBody } from './duplicateFunctionBody';
import { errnoFormat } from './errnoFormat';
import { exportedSymbolKernelDoc } from './exportedSymbolKernelDoc';
import { exportedSymbolPrefix } from './exportedSymbolPrefix';
import { ignoredCmpxchgResult } from './ignoredCmpxchgResult';
import { missingSpdx } from './missingSpdx';
import { redundantInitializer } from './redundantInitializer';
import { redundantOwner } from './redundantOwner';
import { terseIdentifier } from './terseIdentifier';
import { unusedExport } from './unusedExport';
import { unusedInitialValue } from './unusedInitialValue';

/** Every rule, in the order their findings are documented. Ids are part of the CLI contract. */
export const allRules: readonly Rule[] = [
  redundantInitializer,
  unusedInitialValue,
  redundantOwner,
  terseIdentifier,
  missingSpdx,
  exportedSymbolPrefix,
  exportedSymbolKernelDoc,
  unusedExport,
  ignoredCmpxchgResult,
  errnoFormat,
  duplicateFunctionBody,
];
