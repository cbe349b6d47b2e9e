// CommonJS packages whose typings declare `export default` arrive as `{ default }` or as the value itself
// depending on the loader (Node, tsx, Playwright's transform); this picks the value either way.
export function cjsDefault<T>(mod: T | { default: T }): T {
  const m = mod as { default?: T };
  return (m && typeof m === 'object' && 'default' in m && m.default !== undefined ? m.default : mod) as T;
}
