// Types for json-diff 1.0.6 (the package ships none): the structured diff used by json-differences.ts.
declare module 'json-diff' {
  export interface DiffOptions {
    full?: boolean;
    keysOnly?: boolean;
    sort?: boolean;
    excludeKeys?: string[];
    outputKeys?: string[];
    outputNewOnly?: boolean;
    keepUnchangedValues?: boolean;
    precision?: number;
  }
  /** `undefined` when equal; objects carry `key__deleted`, `key__added` and `{ __old, __new }` for changed scalars. */
  export function diff(a: unknown, b: unknown, options?: DiffOptions): unknown;
  export function diffString(a: unknown, b: unknown, options?: DiffOptions & { color?: boolean }): string;
  const jsonDiff: { diff: typeof diff; diffString: typeof diffString };
  export default jsonDiff;
}
