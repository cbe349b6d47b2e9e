// Small builders for the JSON Schemas Vouch checks its own files against (config, waivers, behaviour catalogue).

/** An object that allows only the properties named (and requires those in `required`). */
export function closedObject<P extends Record<string, unknown>>(properties: P, required?: readonly string[]) {
  return { type: 'object', ...(required ? { required } : {}), additionalProperties: false, properties } as const;
}

/** The same schema for each of `keys`, as the `properties` of an object. */
export function eachOf<K extends string, S>(keys: readonly K[], schema: S): Record<K, S> {
  return Object.fromEntries(keys.map((k) => [k, schema])) as Record<K, S>;
}

/** A string that may not be empty. */
export const nonEmptyString = { type: 'string', minLength: 1 } as const;
