/**
 * What the model throws when a document does not say what it needs (an unresolvable `$ref`, an operation without an
 * operationId, an upload without its limits). `pointer` names the spot in the document, so the message can be acted on.
 * `code` is always `'invalid_spec'`, a stable string to branch on as on the client's and auth's errors.
 */
export class SpecModelError extends Error {
  override readonly name = 'SpecModelError';
  readonly code = 'invalid_spec' as const;
  readonly pointer: string | undefined;

  constructor(message: string, pointer?: string) {
    super(pointer ? `${pointer}: ${message}` : message);
    this.pointer = pointer;
  }
}
