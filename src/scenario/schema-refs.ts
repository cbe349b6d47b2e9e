// Checks, before anything is sent, that a schema file's `$ref`s resolve the way the schema check will resolve them at
// run time (assertions/schema-ajv.ts: the file alone, never fetched): a remote or missing `$ref` passed validate,
// then failed against the target, as if the target were wrong.
import { pathToFileURL } from 'node:url';
import { schemaAjv, type SchemaDoc } from './schema-doc.js';

const checked = new Map<string, string | undefined>();

/** What keeps the schema (narrowed to `fragment`) from compiling with its references, or undefined when it compiles. */
export function schemaRefProblem(real: string, stamp: string, doc: SchemaDoc, fragment: string | undefined): string | undefined {
  const schema = doc.value;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const key = `${real}#${fragment ?? ''}@${stamp}`;
  if (checked.has(key)) return checked.get(key);
  const id = typeof (schema as { $id?: unknown }).$id === 'string' ? (schema as { $id: string }).$id : pathToFileURL(real).href;
  let problem: string | undefined;
  try {
    // The run's options where they matter to references; formats and vendor keywords are the run's business.
    const ajv = schemaAjv(doc.dialect, { strict: false, logger: false, validateFormats: false, validateSchema: false });
    ajv.addSchema({ ...schema, $id: id });
    ajv.compile({ $ref: `${id}${fragment ? `#${fragment}` : ''}` });
  } catch (e) {
    problem = (e as Error).message;
  }
  checked.set(key, problem);
  return problem;
}
