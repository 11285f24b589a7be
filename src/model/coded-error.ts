// The one shape of every layer's typed error: a stable code from that layer's union of codes, and the class's name.
// Each layer declares its own codes (engine/errors.ts, overlay/errors.ts, …); the CLI maps them to exit codes.

/** An error with one of a known set of codes; its name is its class's. */
export class CodedError<Code extends string> extends Error {
  readonly code: Code

  constructor (code: Code, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}
