// Importing documented examples from doc pages: sections by heading or bold label, MDX wrappers and tabs, the
// repairs docs need, provenance, the CLI command's output and errors, and the example files committed under suites/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSections, importExample, type ImportError } from '../../src/examples/import.js';
import { repairJson, JsonRepairError } from '../../src/examples/json-repair.js';
import { runImportExample } from '../../src/cli/import-example.js';

const DIR = join(process.cwd(), 'test/fixtures/examples');
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');

describe('repairJson', () => {
  it('reads what docs get wrong and lists each repair', () => {
    const r = repairJson('{ "ids": [integer], "url": string(uri), "path": "/pods/\\{name\\}", "a": [1, 2,], }');
    assert.deepEqual(r.value, { ids: ['integer'], url: 'string(uri)', path: '/pods/{name}', a: [1, 2] });
    assert.deepEqual(r.repairs.sort(), [
      'quoted bare placeholder integer',
      'quoted bare placeholder string(uri)',
      'removed Markdown escape \\{',
      'removed Markdown escape \\}',
      'removed trailing comma',
    ]);
  });

  it('keeps valid JSON as it is, escapes and keywords included', () => {
    const text = '{"a": "line\\nbreak \\"q\\" \\u00e9", "b": [true, false, null, -1.5e3]}';
    assert.deepEqual(repairJson(text), { value: JSON.parse(text), repairs: [] });
  });

  it('gives up on what is not JSON at all', () => {
    assert.throws(() => repairJson('Content-Type: application/json-patch+json'), JsonRepairError);
  });
});

describe('importExample', () => {
  it('finds sections by heading (holding its subsections) and bold label, skipping HTML anchors', () => {
    const sections = findSections(read('pod-patch-doc.md')).filter((s) => s.blocks.length > 0);
    assert.deepEqual(
      sections.map((s) => [s.title, s.blocks.length]),
      [
        ['Updating a Specified Pod', 3],
        ['Request', 2],
        ['Example request', 2],
        ['Response', 1],
        ['Example response', 1],
      ],
    );
  });

  it('takes the first JSON block of a section, notes the Content-Type block beside it, and repairs the rest', () => {
    const req = importExample(read('pod-patch-doc.md'), { section: 'Example request', source: 'pod-patch-doc.md' });
    assert.deepEqual(req.example, [{ op: 'add', path: '/spec/containers/0/image', value: 'busybox:latest' }]);
    assert.deepEqual(req.provenance, {
      source: 'pod-patch-doc.md',
      title: 'Updating a Specified Pod',
      section: 'Example request',
      block: 'code block 2 of 2 (line 15)',
      contentType: 'application/json-patch+json',
    });
    const res = importExample(read('pod-patch-doc.md'), { section: 'example response', source: 'pod-patch-doc.md', importedAt: '2026-11-23' });
    assert.deepEqual(res.example, {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'hello-world', selfLink: '/api/v1/namespaces/{namespace}/pods/hello-world', labels: { name: 'brace' } },
    });
    assert.deepEqual(res.provenance.repairs, ['removed Markdown escape \\{', 'removed Markdown escape \\}', 'removed trailing comma']);
    assert.equal(res.provenance.importedAt, '2026-11-23');
  });

  it('sees through MDX wrapper fences, records the tab, and quotes [integer]', () => {
    const doc = read('status-update-doc.mdx');
    const res = importExample(doc, { section: 'Example responses', source: 'status-update-doc.mdx' });
    assert.deepEqual(res.example, { id: 'integer', type: 'status', deleted: 'boolean', tags: [], addressing: ['integer'] });
    assert.deepEqual(res.provenance, {
      source: 'status-update-doc.mdx',
      title: 'Update a specific Status',
      section: 'Example responses',
      block: 'code block 1 of 1 (json, tab 200, line 56)',
      repairs: ['quoted bare placeholder integer'],
    });
    const body = importExample(doc, { section: 'Example Body Parameters', source: 'status-update-doc.mdx' });
    assert.deepEqual(body.example, { action: 'string', categories: [0], addressing: ['integer'] });
  });

  it('says what the doc has when the section, the block or the JSON is not there', () => {
    const doc = read('pod-patch-doc.md');
    assert.throws(
      () => importExample(doc, { section: 'Example body', source: 'd.md' }),
      (e: ImportError) => {
        assert.equal(e.message, 'no section "Example body" in d.md');
        assert.equal(e.hint, 'sections with code blocks: "Updating a Specified Pod", "Request", "Example request", "Response", "Example response"');
        return true;
      },
    );
    assert.throws(() => importExample(doc, { section: 'Example request', index: 3, source: 'd.md' }), /section "Example request" has 2 code block\(s\), not 3/);
    assert.throws(
      () => importExample(doc, { section: 'Example request', index: 1, source: 'd.md' }),
      /code block 1 of "Example request" is not JSON even after repairs: .*"Content-Type: application\/json-patch\+json"/,
    );
    assert.throws(
      () => importExample(read('status-update-doc.mdx'), { section: 'Example Request', source: 'd.md' }),
      /no code block of "Example Request" is JSON/,
    );
  });
});

describe('vouch import-example (command)', () => {
  it('writes a provenance-stamped example file and says what it did', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vouch-import-')), 'examples', '001-pod-patch-request.json');
    const r = runImportExample({ doc: join(DIR, 'pod-patch-doc.md'), section: 'Example request', out, date: true }, new Date('2026-11-23T10:00:00Z'));
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, `wrote ${out} from pod-patch-doc.md, section "Example request", code block 2 of 2 (line 15)`);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { provenance: { importedAt: string }; example: unknown };
    assert.equal(written.provenance.importedAt, '2026-11-23');
    assert.deepEqual(written.example, [{ op: 'add', path: '/spec/containers/0/image', value: 'busybox:latest' }]);
  });

  it('prints the example without --out, and a diagnostic with exit code 2 on a bad doc or section', () => {
    const printed = runImportExample({ doc: join(DIR, 'status-update-doc.mdx'), section: 'Example responses', date: false });
    assert.equal(printed.exitCode, 0);
    assert.equal(JSON.parse(printed.output).provenance.importedAt, undefined);
    const noDoc = runImportExample({ doc: join(DIR, 'nope.md'), section: 'x', date: false });
    assert.equal(noDoc.exitCode, 2);
    assert.match(noDoc.output, /^error\[no-such-doc\]: cannot read .*nope\.md: ENOENT/);
    const noSection = runImportExample({ doc: join(DIR, 'pod-patch-doc.md'), section: 'Example body', date: false });
    assert.equal(
      noSection.output,
      'error[import-example]: no section "Example body" in pod-patch-doc.md\nhint: sections with code blocks: "Updating a Specified Pod", "Request", "Example request", "Response", "Example response"',
    );
  });
});

describe('the documented examples committed under suites/', () => {
  const files = ['kubernetes', 'selfcommunity'].flatMap((api) => readdirSync(join('suites', api, 'examples')).map((f) => join('suites', api, 'examples', f)));

  it('are all imported files with their provenance (seed file and doc section)', () => {
    assert.ok(files.length >= 8);
    for (const f of files) {
      const doc = JSON.parse(readFileSync(f, 'utf8')) as { provenance: Record<string, unknown>; example: unknown };
      assert.match(String(doc.provenance['source']), /^\d{3}_[0-9a-f]{16}\.txt$/, f);
      assert.match(String(doc.provenance['section']), /^Example (request|response|responses|Body Parameters)$/, f);
      assert.ok(doc.example !== null && typeof doc.example === 'object', f);
    }
  });

  it('keep the docs as they are, repaired only where the docs are not JSON', () => {
    const patchReq = JSON.parse(readFileSync('suites/kubernetes/examples/001-pod-patch-request.json', 'utf8'));
    assert.equal(patchReq.provenance.contentType, 'application/json-patch+json');
    const status = JSON.parse(readFileSync('suites/selfcommunity/examples/004-status-update-response.json', 'utf8'));
    assert.deepEqual(status.example.addressing, ['integer']);
    assert.deepEqual(status.provenance.repairs, ['quoted bare placeholder integer']);
    const job = JSON.parse(readFileSync('suites/kubernetes/examples/002-job-status-response.json', 'utf8'));
    assert.equal(job.example.metadata.enable, true, 'documentation drift stays in the copy; the diff reads it as drift');
  });
});
