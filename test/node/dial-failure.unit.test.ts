// The requester's one line when its entry peer cannot be reached (src/node/client/dial-failure.ts): what the
// reason means, in our words, with the hint that fits.

import assert from 'node:assert/strict'
import { dialFailureLine, dialMayRecover } from '../../src/node/client/dial-failure.js'

const ENTRY = '/ip4/198.18.0.2/tcp/4001'

describe('dialFailureLine', () => {
  it('a refused or unroutable dial: nobody listens there', () => {
    assert.equal(dialFailureLine(ENTRY, 'connect ECONNREFUSED 198.18.0.2:4001', false),
      `cannot connect to ${ENTRY}: connect ECONNREFUSED 198.18.0.2:4001 (is a peertrace node listening there?)`)
  })

  it('noise reading a pre-shared key\'s ciphertext: the handshake failed, in our words, with the key hint', () => {
    assert.equal(dialFailureLine(ENTRY, 'Message length too long - 13171 > 1024', false),
      `cannot connect to ${ENTRY}: its encrypted handshake failed (a private overlay needs --swarm-key)`)
    assert.equal(dialFailureLine(ENTRY, 'ciphertext cannot be decrypted', true),
      `cannot connect to ${ENTRY}: its encrypted handshake failed (does --swarm-key match the node's?)`)
  })

  it('a reset or a handshake cut short may recover on another dial; a refusal, garbage or a timeout do not', () => {
    for (const reason of ['read ECONNRESET', 'Unexpected end of input', 'Unexpected end of data',
      'Unexpected EOF - stream closed while reading 0/2 bytes', 'Encryption failed']) assert.equal(dialMayRecover(reason), true, reason)
    for (const reason of ['connect ECONNREFUSED 198.18.0.2:4001', 'Message length too long - 13171 > 1024',
      'ciphertext cannot be decrypted', 'The operation was aborted due to timeout']) assert.equal(dialMayRecover(reason), false, reason)
  })

  it('every dial cut short until the deadline: the line says so, that the node may be overloaded, and the key hint', () => {
    assert.equal(dialFailureLine(ENTRY, 'Unexpected end of input', false),
      `cannot connect to ${ENTRY}: it cut every handshake short until the deadline, last Unexpected end of input: it may be overloaded (a private overlay needs --swarm-key)`)
    assert.equal(dialFailureLine(ENTRY, 'read ECONNRESET', true),
      `cannot connect to ${ENTRY}: it cut every handshake short until the deadline, last read ECONNRESET: it may be overloaded (does --swarm-key match the node's?)`)
  })

  it('anything else (a timeout) keeps its reason beside the key hint', () => {
    assert.equal(dialFailureLine(ENTRY, 'The operation was aborted due to timeout', false),
      `cannot connect to ${ENTRY}: The operation was aborted due to timeout (a private overlay needs --swarm-key)`)
  })
})
