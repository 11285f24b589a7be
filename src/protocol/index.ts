// The trace protocol: its id and bounds, the message codec (protobuf from protocols/trace.proto) and signatures.

export * from './constants.js'
export { encodeMessage, decodeMessage } from './codec.js'
export { KeyAuthenticator, verifyByPeerId, requestSigningBytes, resultSigningBytes } from './signing.js'
export { ProtocolError, MalformedMessageError } from './errors.js'
