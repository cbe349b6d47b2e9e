// `${...}` templates in scenario values: finding references (for checks before a run) and resolving them.
// A string that is exactly one `${x}` keeps x's type; templates inside longer strings are interpolated; `$${` is a literal `${`.
import { getField, missing, parseFieldPath, type Segment } from '../util/field-path.js';

const TEMPLATE = /\$?\$\{([^}]*)\}/g;

export interface TemplateRef {
  expr: string;
  /** JSON pointer of the string that holds it. */
  pointer: string;
}

export function findRefs(value: unknown, pointer = ''): TemplateRef[] {
  if (typeof value === 'string') {
    const refs: TemplateRef[] = [];
    for (const m of value.matchAll(TEMPLATE)) if (!m[0].startsWith('$$')) refs.push({ expr: m[1]!.trim(), pointer });
    return refs;
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findRefs(v, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findRefs(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return [];
}

export function exprSegments(expr: string): Segment[] {
  return parseFieldPath(expr);
}

export class UndefinedVariableError extends Error {
  constructor(
    readonly expr: string,
    readonly reason: string,
  ) {
    super(`undefined variable \${${expr}}: ${reason}`);
    this.name = 'UndefinedVariableError';
  }
}

/** Where names are looked up: `env.X`, `run.id`, `scenario.id`, `steps.ID...`, and plain vars and captures. */
export interface Scope {
  lookup(segs: Segment[]): unknown;
}

/** How `${env.NAME}` is read: the process's environment, or (under `vouch verify`) a placeholder for every name. */
export type EnvLookup = (name: string) => string | undefined;

export const processEnv: EnvLookup = (name) => process.env[name];

/** `vouch verify` replays a vendor's suites: `${env.NAME}` must never be the certifier's value, so it is this text. */
export const envPlaceholder: EnvLookup = (name) => `<env.${name}>`;

export function mapScope(roots: Record<string, unknown>, env: EnvLookup = processEnv): Scope {
  return {
    lookup(segs) {
      const [root, ...rest] = segs;
      if (root === 'env') {
        const name = String(rest[0] ?? '');
        const v = env(name);
        if (v === undefined) throw new UndefinedVariableError(`env.${name}`, `the environment variable ${name} is not set`);
        return v;
      }
      if (typeof root !== 'string' || !Object.hasOwn(roots, root)) {
        throw new UndefinedVariableError(segs.join('.'), `'${String(root)}' is not a variable, capture or step here`);
      }
      const v = getField(roots[root], rest);
      if (v === missing) throw new UndefinedVariableError(segs.join('.'), `'${rest.join('.')}' is not in '${root}'`);
      return v;
    },
  };
}

export function resolveTemplate(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((v) => resolveTemplate(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTemplate(v, scope)]));
  }
  return value;
}

function resolveString(s: string, scope: Scope): unknown {
  const whole = /^\$\{([^}]*)\}$/.exec(s);
  if (whole) return scope.lookup(exprSegments(whole[1]!.trim()));
  if (!s.includes('${')) return s;
  return s.replace(TEMPLATE, (m: string, expr: string) => {
    if (m.startsWith('$$')) return m.slice(1);
    const v = scope.lookup(exprSegments(expr.trim()));
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}
