// The one line a requester prints when it cannot reach its entry peer. Refused or unroutable: nobody listens there.
// A handshake that fails on garbage (a private overlay's pre-shared key encrypts every byte, so noise reads nonsense
// such as "Message length too long - 13171 > 1024") is a key mismatch: the line says so in our words, not noise's.
// A dial cut short (a reset, an end of input mid-handshake) is what a loaded entry shedding connections does, and
// also a key mismatch on some pairings (measured on loopback: a client with a key dialling a node without one, or
// two different keys, reads ECONNRESET): such dials are retried until the deadline (dial-retry.ts), and the line says
// the entry cut every one short, with the key hint. Anything else (a timeout) keeps its reason with the hint.

const NOBODY_THERE = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/
const KEY_MISMATCH = /Message length too long|decrypt|Invalid (?:noise|handshake|message)/i

/**
 * The entry reset the connection, or closed it before the handshake ended (noise or multistream-select read an
 * end of input): an entry shedding a burst of connections, or one whose event loop ran late past its inbound
 * upgrade timeout, does both, and a dial a moment later may get through. A key mismatch ends the same way on every
 * attempt, with the same line. A bare "Encryption failed" is libp2p's upgrader wrapping an end with no message (the
 * connection closed under the handshake): seen for 1 of 45 honest clients of a node under 24 busy loops
 * (test/security/connection-lockout.test.ts), and once reported as a key mismatch.
 */
const CUT_SHORT = /ECONNRESET|unexpected end of (?:input|data)|unexpected EOF|^Encryption failed$/i

/** Whether a dial that failed with this reason is worth another attempt after a back-off. */
export function dialMayRecover (reason: string): boolean {
  return CUT_SHORT.test(reason)
}

export function dialFailureLine (entry: string, reason: string, swarmKeyGiven: boolean): string {
  const keyHint = swarmKeyGiven ? 'does --swarm-key match the node\'s?' : 'a private overlay needs --swarm-key'
  if (NOBODY_THERE.test(reason)) return `cannot connect to ${entry}: ${reason} (is a peertrace node listening there?)`
  if (KEY_MISMATCH.test(reason)) return `cannot connect to ${entry}: its encrypted handshake failed (${keyHint})`
  if (CUT_SHORT.test(reason)) return `cannot connect to ${entry}: it cut every handshake short until the deadline, last ${reason}: it may be overloaded (${keyHint})`
  return `cannot connect to ${entry}: ${reason} (${keyHint})`
}
