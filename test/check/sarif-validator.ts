import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The official SARIF 2.1.0 schema (OASIS errata01, oasis-tcs/sarif-spec sarif-2.1/schema), checked in as
 * published. It declares draft-04, which ajv 8 no longer reads; it uses no keyword whose meaning changed
 * after draft-04 (no boolean exclusiveMinimum/Maximum), so only its `id` is renamed `$id` here.
 */
export function sarifValidator(): ValidateFunction {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sarif-schema-2.1.0.json');
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  // A relative reference resolves against any absolute base.
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile({ ...schema, $id: id as string });
}
