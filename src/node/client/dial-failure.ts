// The one line a requester prints when it cannot reach its entry peer. Refused or unroutable: nobody listens there.
// A handshake that fails on garbage (a private overlay's pre-shared key encrypts every byte, so noise reads nonsense
// such as "Message length too long - 13171 > 1024") is a key mismatch: the line says so in our words, not noise's.
// Anything else (a timeout) may be either, and keeps its reason with the hint.

const NOBODY_THERE = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/
const KEY_MISMATCH = /Message length too long|decrypt|Encryption failed|Invalid (?:noise|handshake|message)|unexpected end/i

export function dialFailureLine (entry: string, reason: string, swarmKeyGiven: boolean): string {
  const keyHint = swarmKeyGiven ? 'does --swarm-key match the node\'s?' : 'a private overlay needs --swarm-key'
  if (NOBODY_THERE.test(reason)) return `cannot connect to ${entry}: ${reason} (is a peertrace node listening there?)`
  if (KEY_MISMATCH.test(reason)) return `cannot connect to ${entry}: its encrypted handshake failed (${keyHint})`
  return `cannot connect to ${entry}: ${reason} (${keyHint})`
}
