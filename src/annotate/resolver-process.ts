// getnameinfo (node's dns.lookupService: /etc/hosts and nsswitch count, as for traceroute) run in a helper process.
// getnameinfo cannot be cancelled and runs on libuv's threadpool, whose threads node joins at exit: a lookup hung on
// a dead nameserver would hold the requester's exit for the resolver's whole timeout (tens of seconds) and take a
// thread from its file I/O meanwhile. In the helper it holds neither: the requester exits when its work is done and
// kills the helper by pid. The helper says when it is up: a caller can wait for that apart from its lookups' time, as
// a process start takes seconds on a loaded machine and is not the resolver's slowness.

import { fork, type ChildProcess } from 'node:child_process'

const CHILD = new URL('./resolver-child.js', import.meta.url)
/** Helpers that may end before their requester does; past that the names are given up (a broken install, say). */
const MAX_HELPER_STARTS = 3

export interface HelperLookup {
  /** An address's name through the helper (started if none runs), or undefined when it has none. */
  lookup: (addr: string) => Promise<string | undefined>
  /** Starts the helper if none runs; resolves once it is up, or gone (then lookups answer "no name"). */
  ready: () => Promise<void>
}

/** A started helper and when it said it is up (or ended). */
interface Helper { process: ChildProcess, up: Promise<void> }

/** Lookups through one helper process, started on the first need; it never keeps the requester alive. */
export function helperProcessLookup (): HelperLookup {
  let child: Helper | undefined
  let nextId = 0
  let starts = 0
  const waiting = new Map<number, (name: string | undefined) => void>()

  const start = (): Helper => {
    starts++
    const started = fork(CHILD, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json' })
    let up = (): void => {}
    const helper: Helper = { process: started, up: new Promise<void>((resolve) => { up = resolve }) }
    started.on('message', (message: { id?: number, name?: string, ready?: boolean }) => {
      if (message.ready === true) { up(); return }
      if (typeof message.id !== 'number') return
      waiting.get(message.id)?.(typeof message.name === 'string' && message.name !== '' ? message.name : undefined)
      waiting.delete(message.id)
    })
    const gone = (): void => {
      up()
      // Whatever it was asked is unanswered: "no name"; the next lookup starts a new helper.
      for (const resolve of waiting.values()) resolve(undefined)
      waiting.clear()
      if (child === helper) child = undefined
    }
    started.once('exit', gone)
    started.once('error', gone)
    // Neither the process nor its channel keeps the requester's event loop alive, and at exit it goes too.
    started.unref()
    started.channel?.unref()
    const kill = (): void => { started.kill('SIGKILL') }
    process.once('exit', kill)
    started.once('exit', () => { process.off('exit', kill) })
    return helper
  }
  /** The helper running now, else a new one; undefined once MAX_HELPER_STARTS have ended. */
  const current = (): Helper | undefined => {
    if (child === undefined && starts >= MAX_HELPER_STARTS) return undefined
    child ??= start()
    return child
  }

  const ready = async (): Promise<void> => { await current()?.up }
  const lookup = async (addr: string): Promise<string | undefined> => {
    const asked = current()?.process
    if (asked === undefined) return undefined
    const id = nextId++
    return await new Promise<string | undefined>((resolve) => {
      waiting.set(id, resolve)
      asked.send({ id, addr }, (err) => {
        if (err === null) return
        waiting.delete(id)
        resolve(undefined)
      })
    })
  }
  return { lookup, ready }
}
