// The native socket layer itself, in this process, over loopback only: an echo to 127.0.0.1 / ::1 comes back as
// an answer whose kernel receive time follows the send time, both on performance.now(); the UDP socket gets a port
// of its own; an unprivileged open is NoPrivilegeError; and a process whose sockets are closed exits by itself.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { NoPrivilegeError } from '../../src/engine/errors.js'
import { buildEcho } from '../../src/engine/packet/icmp-echo.js'
import type { IcmpAnswer } from '../../src/engine/packet/icmp-parse.js'
import { RawIcmpSocket } from '../../src/engine/socket/raw-icmp.js'
import { UdpProbeSocket } from '../../src/engine/socket/udp-socket.js'
import { requireRoot } from '../harness/index.js'

const LOOPBACK = { 4: '127.0.0.1', 6: '::1' } as const
/** An identifier no other test uses; the answer is told from other processes' pings by it and the sequence. */
const ID = 0x7e57
const TTL = 64
/** The unprivileged user, as test/cli/probe.test.ts runs it. */
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups']
/** Kills a child that has hung instead of exiting: a guard, not a measurement. */
const CHILD_DEADLINE_MS = 20_000

const RAW_ICMP_MODULE = new URL('../../src/engine/socket/raw-icmp.js', import.meta.url).href
const UDP_SOCKET_MODULE = new URL('../../src/engine/socket/udp-socket.js', import.meta.url).href

async function run (argv: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return await new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { timeout: CHILD_DEADLINE_MS, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : (typeof err.code === 'number' ? err.code : null), stdout, stderr })
    })
  })
}

describe('engine: the native socket layer over loopback', function () {
  before(function () { requireRoot(this) })

  for (const family of [4, 6] as const) {
    it(`IPv${family}: an echo to ${LOOPBACK[family]} is answered; its receive time follows its send time`, async function () {
      const socket = new RawIcmpSocket(family)
      try {
        const seq = family
        const answered = new Promise<[IcmpAnswer, number]>((resolve) => {
          socket.on('answer', (answer, at) => {
            if (answer.kind === 'echo-reply' && answer.echoId === ID && answer.echoSeq === seq) resolve([answer, at])
          })
        })
        const before = performance.now()
        const sent = await new Promise<number>((resolve, reject) => {
          socket.send(buildEcho(family, ID, seq), LOOPBACK[family], TTL, (err, at) => {
            if (err !== null) reject(err)
            else resolve(at)
          })
        })
        const after = performance.now()
        const [answer, at] = await answered
        const handled = performance.now()
        assert.equal(answer.from, LOOPBACK[family])
        assert.ok(before <= sent && sent <= after, `${before} <= ${sent} <= ${after}`)
        assert.ok(sent < at && at <= handled, `${sent} < ${at} <= ${handled}`)
      } finally {
        socket.close()
      }
    })

    it(`IPv${family}: every UDP flow has a port of its own`, async function () {
      const a = await UdpProbeSocket.open(family, LOOPBACK[family], 9)
      const b = await UdpProbeSocket.open(family, LOOPBACK[family], 9)
      try {
        assert.ok(a.localPort > 0 && b.localPort > 0 && a.localPort !== b.localPort, `${a.localPort} ${b.localPort}`)
      } finally {
        a.close()
        b.close()
      }
    })
  }

  it('without root or CAP_NET_RAW, opening the raw socket is NoPrivilegeError', async function () {
    const script = `import { RawIcmpSocket } from '${RAW_ICMP_MODULE}'
      try { new RawIcmpSocket(4); console.log('opened') } catch (err) { console.log(err.code) }`
    const result = await run(['setpriv', ...NOBODY, process.execPath, '--input-type=module', '-e', script])
    assert.equal(result.stdout.trim(), new NoPrivilegeError().code, JSON.stringify(result))
  })

  it('a process exits by itself once its sockets are closed (the raw one from inside its own read)', async function () {
    // One answer read in full (the poll handle is closed from inside its own callback), then both sockets closed.
    const script = `import { RawIcmpSocket } from '${RAW_ICMP_MODULE}'
      import { UdpProbeSocket } from '${UDP_SOCKET_MODULE}'
      const flow = await UdpProbeSocket.open(4, '127.0.0.1', 9)
      flow.send(64, 0, () => { flow.close() })
      const socket = new RawIcmpSocket(4)
      socket.on('answer', () => { socket.close(); console.log('closed') })
      const echo = Buffer.from('0800f7ff00000000', 'hex')
      socket.send(echo, '127.0.0.1', 64, (err) => { if (err) throw err })`
    const result = await run([process.execPath, '--input-type=module', '-e', script])
    assert.deepEqual([result.code, result.stdout.trim(), result.stderr], [0, 'closed', ''], JSON.stringify(result))
  })
})
