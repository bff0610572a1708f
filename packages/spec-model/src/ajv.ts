import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module, { type Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from './document.js';
import { SpecModelError } from './errors.js';
import { useFastFullDate } from './formats.js';
import type { JsonSchema } from './operations.js';

// ajv and ajv-formats are CommonJS; under NodeNext their default import is the module object, whose `.default` is
// the real export. This is the only place in the repository that deals with it.
// The class type comes from ajv's named export, which every moduleResolution (nodenext, node16, bundler) resolves the
// same way; `typeof Ajv2020Module.default` does not exist under bundler, where the default import is the class itself.
type AjvClass = typeof Ajv2020Class;
export type Ajv = InstanceType<AjvClass>;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export type { ErrorObject, ValidateFunction };

/** The one id the document is registered under; every `#/...` reference of a compiled schema points into it. */
export const SPEC_SCHEMA_ID = 'urn:zest:openapi';

export interface SpecAjvOptions {
  /**
   * Coerce strings to the declared types (`'array'` mode) and fill in defaults: for path, query and header values,
   * which arrive as text. Off for bodies, where a string is not a number.
   */
  coerceTypes?: boolean;
  /** Report every error rather than the first (default true). */
  allErrors?: boolean;
  /**
   * Look at own properties only for `required`, `properties` and the like (default false): for data whose keys come
   * from outside, so a required `constructor` is not "present" because every object inherits one.
   */
  ownProperties?: boolean;
}

export interface SpecAjv {
  ajv: Ajv;
  /**
   * Compiles a schema taken from the document (or a wrapper built around such schemas): its local `#/...` references
   * are pointed at the registered document, so they resolve exactly as the spec wrote them.
   */
  compile(schema: JsonSchema): ValidateFunction;
  /** The validator of the schema at `pointer` (`#/components/schemas/X`, `#/paths/...`), compiled once. */
  schemaAt(pointer: string): ValidateFunction;
}

/**
 * One ajv 2020 instance for a document: ajv-formats plus a fast `date`, and the document's `components`, `paths` and
 * `webhooks` registered once under `SPEC_SCHEMA_ID`. `strict: false` makes a format ajv-formats does not know
 * (`binary`, a house format) an annotation, as JSON Schema 2020-12 intends: the spec is the authority, a validator
 * must not refuse it.
 */
export function createSpecAjv(doc: OpenApiDocument, options: SpecAjvOptions = {}): SpecAjv {
  const coerce = options.coerceTypes === true;
  const ajv = new Ajv2020({
    allErrors: options.allErrors ?? true,
    strict: false,
    validateSchema: false,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
    discriminator: false,
    logger: false,
    ownProperties: options.ownProperties === true,
  });
  addFormats(ajv);
  useFastFullDate(ajv.formats, (name, format) => ajv.addFormat(name, format));
  ajv.addSchema({
    $id: SPEC_SCHEMA_ID,
    components: doc.components ?? {},
    paths: doc.paths ?? {},
    webhooks: doc.webhooks ?? {},
  });
  const byPointer = new Map<string, ValidateFunction>();
  return {
    ajv,
    compile: (schema) => ajv.compile(pointRefsAtSpec(schema)),
    schemaAt(pointer) {
      let validate = byPointer.get(pointer);
      if (!validate) {
        validate = ajv.getSchema(`${SPEC_SCHEMA_ID}${pointer.startsWith('#') ? pointer : `#${pointer}`}`);
        if (!validate) throw new SpecModelError('no schema there', pointer);
        byPointer.set(pointer, validate);
      }
      return validate;
    },
  };
}

/** A copy of `schema` whose local `$ref`s name the registered document. */
function pointRefsAtSpec(schema: JsonSchema): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return schema;
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${SPEC_SCHEMA_ID}${value}` : value,
  ) as JsonSchema;
}
