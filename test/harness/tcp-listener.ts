// A TCP server inside a lab node, for the TCP method's tests: it listens on one port of every address of the node
// (IPv4 and IPv6), closes what it accepts, and is killed by its pid with the lab.

import type { ChildProcess } from 'node:child_process'
import type { Lab } from './spec.js'

/** How long the server may take to say it listens. */
const LISTEN_DEADLINE_MS = 10_000

/** Starts the server in `node` on `port`; resolves once it listens on both families, with its process. */
export async function tcpListener (lab: Lab, node: string, port: number): Promise<ChildProcess> {
  const script = `
    const net = require('node:net')
    let up = 0
    const ready = () => { if (++up === 2) process.stdout.write('listening\\n') }
    for (const host of ['0.0.0.0', '::']) {
      net.createServer(socket => socket.destroy()).listen({ port: ${port}, host, ipv6Only: host === '::' }, ready)
    }`
  const child = lab.spawn(node, [process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => { reject(new Error(`the TCP listener in ${node} did not start: ${stderr}`)) }, LISTEN_DEADLINE_MS)
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.stdout?.once('data', () => { clearTimeout(timer); resolve() })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the TCP listener in ${node} exited ${String(code)}: ${stderr}`)) })
  })
  return child
}
