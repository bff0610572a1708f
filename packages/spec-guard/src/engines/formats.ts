// Formats whose values are all values of another format, read from JSON Schema 2020-12 (section 7.3) and the OpenAPI
// format registry: an int32 is an int64, a float is a double, an email address is an internationalised one, a URI is
// an IRI and a URI reference (and so an IRI reference), a hostname is an internationalised hostname.
const WIDER_FORMATS: Record<string, string[]> = {
  int32: ['int64'],
  float: ['double'],
  email: ['idn-email'],
  hostname: ['idn-hostname'],
  uri: ['iri', 'uri-reference', 'iri-reference'],
  iri: ['iri-reference'],
  'uri-reference': ['iri-reference'],
};

/** Whether every value of format `inner` is a value of format `outer` (`''`: no format, any value). */
export function formatWithin(inner: string, outer: string): boolean {
  return outer === '' || inner === outer || (WIDER_FORMATS[inner]?.includes(outer) ?? false);
}
