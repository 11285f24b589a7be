// Typed errors of the node layer that the CLI maps to one-line messages.

/** The peer a client dialled cannot be reached, or dropped the client at once. */
export class PeerUnreachableError extends Error {
  readonly code = 'ERR_PEER_UNREACHABLE'
}
