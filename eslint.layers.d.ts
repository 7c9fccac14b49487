// Types for eslint.layers.js (plain JavaScript, loaded by ESLint itself), for the test that lints with it.
import type { Linter } from 'eslint';

export declare const layerElements: { type: string; pattern: string; partialMatch: boolean }[];
export declare const layerPolicies: Record<string, unknown>[];
export declare const layersConfig: Linter.Config & {
  settings: Record<string, unknown>;
  rules: { 'boundaries/dependencies': ['error', { default: 'disallow'; checkUnknownLocals: boolean; policies: Record<string, unknown>[] }] };
};
