// How the overlay names an error in a failure reason (src/overlay/errors.ts): a stream that ended by an Event (as
// libp2p's streams abort) reads as the link's end, never "ERR_UNKNOWN: [object Event]" (seen in a split overlay's
// summary, 32 processes).

import assert from 'node:assert/strict'
import { describeError, errorCode, OverlayError } from '../../src/overlay/errors.js'

describe('describeError', () => {
  it('a close or abort Event: a reset of the link, named by the event', () => {
    assert.equal(describeError(new Event('close')), 'ERR_LINK_RESET: the link ended with its \'close\' event')
    assert.equal(errorCode(new Event('abort')), 'ERR_LINK_RESET')
  })

  it('an Event that carries an error: that error', () => {
    const event = Object.assign(new Event('abort'), { error: Object.assign(new Error('stream reset'), { name: 'StreamResetError' }) })
    assert.equal(describeError(event), 'StreamResetError: stream reset')
  })

  it('errors as before: our codes, libp2p names, anything else', () => {
    assert.equal(describeError(new OverlayError('ERR_CUT_OFF', 'late')), 'ERR_CUT_OFF: late')
    assert.equal(describeError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), 'ECONNRESET: x')
    assert.equal(describeError('plain'), 'ERR_UNKNOWN: plain')
  })
})
