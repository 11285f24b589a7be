// One HTTP request sent from inside a lab node's network namespace (where a peer's web view listens on its own
// loopback): a short node:http client run with `ip netns exec`, so any Host or Origin can be sent, as curl would.

import type { Lab } from '../harness/index.js'

export interface NamespaceRequest {
  method?: string
  /** http://127.0.0.1:8080/api/… as seen from inside the namespace. */
  url: string
  headers?: Record<string, string>
  body?: string
}

export interface NamespaceReply {
  status: number
  body: string
}

const CLIENT = `
const http = require('node:http')
const spec = JSON.parse(process.argv[1])
const req = http.request(spec.url, { method: spec.method, headers: spec.headers, agent: false }, (res) => {
  let body = ''
  res.setEncoding('utf8')
  res.on('data', (chunk) => { body += chunk })
  res.on('end', () => { process.stdout.write(JSON.stringify({ status: res.statusCode, body })) })
})
req.on('error', (err) => { process.stderr.write(String(err)); process.exitCode = 1 })
req.end(spec.body)
`

export async function namespaceRequest (lab: Lab, host: string, spec: NamespaceRequest): Promise<NamespaceReply> {
  const run = await lab.exec(host, [process.execPath, '-e', CLIENT, JSON.stringify({ method: 'GET', headers: {}, ...spec })], { timeoutMs: 30_000 })
  if (run.code !== 0) throw new Error(`request ${spec.url} from ${host} failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as NamespaceReply
}
