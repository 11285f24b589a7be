// The trace protocol: its id and bounds, the message codec (protobuf from protocols/trace.proto) and signatures.

export * from './constants.js'
export { encodeMessage, decodeMessage } from './codec.js'
export { KeyAuthenticator } from './signing.js'
export { MalformedMessageError } from './errors.js'
