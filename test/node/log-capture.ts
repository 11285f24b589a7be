// Captures what @libp2p/logger scopes print (DEBUG=… style, to stderr) while a test runs, so a test can check that
// a rejection was logged. Other stderr output passes through; the DEBUG setting is restored afterwards.

import { enable } from '@libp2p/logger'

export class LogCapture {
  readonly lines: string[] = []
  private readonly namespace: string
  private readonly previous: string | undefined
  private readonly write: typeof process.stderr.write

  /** Starts capturing every line of `namespace` (a logger scope such as 'peertrace:overlay:flood'). */
  constructor (namespace: string) {
    this.namespace = namespace
    this.previous = process.env.DEBUG
    this.write = process.stderr.write
    enable([this.previous, namespace].filter(Boolean).join(','))
    const passThrough = this.write.bind(process.stderr)
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      // Debug lines carry their scope: the ones of the captured scope are kept, unless DEBUG asked for them too.
      if (text.includes(`${this.namespace} `)) {
        this.lines.push(text.trimEnd())
        if (this.previous === undefined) return true
      }
      return passThrough(chunk, ...rest)
    }) as typeof process.stderr.write
  }

  stop (): void {
    process.stderr.write = this.write
    enable(this.previous ?? '')
    if (this.previous === undefined) delete process.env.DEBUG
  }
}
