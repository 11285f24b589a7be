// Typed errors of the node layer that the CLI maps to one-line messages and exit codes (src/cli/exit-codes.ts).

import { CodedError } from '../model/coded-error.js'

/**
 * What the operator wrote cannot work: a peer address, a peer id, a CIDR, a key dir without a key. The command line
 * can fix it, so the CLI exits with its usage code.
 */
export class UsageError extends CodedError<'ERR_USAGE'> {
  constructor (message: string, options?: ErrorOptions) { super('ERR_USAGE', message, options) }
}

/** The peer a client dialled cannot be reached, or dropped the client at once. */
export class PeerUnreachableError extends CodedError<'ERR_PEER_UNREACHABLE'> {
  constructor (message: string, options?: ErrorOptions) { super('ERR_PEER_UNREACHABLE', message, options) }
}

/** A request's `--from` selects no vantage point the entry peer knows of. */
export class NoMatchError extends CodedError<'ERR_NO_MATCH'> {
  constructor (message: string, options?: ErrorOptions) { super('ERR_NO_MATCH', message, options) }
}

export type DataDirErrorCode =
  /** Another live node holds the data dir's lock. */
  | 'ERR_DATA_DIR_LOCKED'
  /** The path cannot be a data dir: not a directory, cannot be created, not writable. */
  | 'ERR_DATA_DIR_UNUSABLE'

export class DataDirError extends CodedError<DataDirErrorCode> {}

export type ListenErrorCode =
  /** Another process listens on that port (EADDRINUSE). */
  | 'ERR_PORT_IN_USE'
  /** The address is not one of this machine's (EADDRNOTAVAIL). */
  | 'ERR_ADDRESS_NOT_AVAILABLE'
  /** Binding needs a privilege this process lacks: a port below 1024 (EACCES). */
  | 'ERR_LISTEN_DENIED'
  /** Any other reason a listener did not start. */
  | 'ERR_LISTEN_FAILED'

export class ListenError extends CodedError<ListenErrorCode> {}

/** The bootstrap list cannot be read, or a line of it is not a peer address. */
export class BootstrapFileError extends CodedError<'ERR_BOOTSTRAP_FILE'> {
  constructor (message: string, options?: ErrorOptions) { super('ERR_BOOTSTRAP_FILE', message, options) }
}

/** The swarm key file cannot be read or written, or is not a swarm key. */
export class SwarmKeyError extends CodedError<'ERR_SWARM_KEY'> {
  constructor (message: string, options?: ErrorOptions) { super('ERR_SWARM_KEY', message, options) }
}

/** Every code a node-layer error carries. */
export type NodeErrorCode = UsageError['code'] | PeerUnreachableError['code'] | NoMatchError['code'] | DataDirErrorCode | ListenErrorCode |
BootstrapFileError['code'] | SwarmKeyError['code']
