// getnameinfo (node's dns.lookupService: /etc/hosts and nsswitch count, as for traceroute) run in a helper process.
// getnameinfo cannot be cancelled and runs on libuv's threadpool, whose threads node joins at exit: a lookup hung on
// a dead nameserver would hold the requester's exit for the resolver's whole timeout (tens of seconds) and take a
// thread from its file I/O meanwhile. In the helper it holds neither: the requester exits when its work is done and
// kills the helper by pid.

import { fork, type ChildProcess } from 'node:child_process'

const CHILD = new URL('./resolver-child.js', import.meta.url)
/** Helpers that may end before their requester does; past that the names are given up (a broken install, say). */
const MAX_HELPER_STARTS = 3

/** A ReverseLookup through one helper process, started on the first lookup; it never keeps the requester alive. */
export function helperProcessLookup (): (addr: string) => Promise<string | undefined> {
  let child: ChildProcess | undefined
  let nextId = 0
  let starts = 0
  const waiting = new Map<number, (name: string | undefined) => void>()

  const start = (): ChildProcess => {
    starts++
    const started = fork(CHILD, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json' })
    started.on('message', (message: { id: number, name?: string }) => {
      waiting.get(message.id)?.(typeof message.name === 'string' && message.name !== '' ? message.name : undefined)
      waiting.delete(message.id)
    })
    const gone = (): void => {
      // Whatever it was asked is unanswered: "no name"; the next lookup starts a new helper.
      for (const resolve of waiting.values()) resolve(undefined)
      waiting.clear()
      if (child === started) child = undefined
    }
    started.once('exit', gone)
    started.once('error', gone)
    // Neither the process nor its channel keeps the requester's event loop alive, and at exit it goes too.
    started.unref()
    started.channel?.unref()
    const kill = (): void => { started.kill('SIGKILL') }
    process.once('exit', kill)
    started.once('exit', () => { process.off('exit', kill) })
    return started
  }

  return async (addr) => {
    if (child === undefined && starts >= MAX_HELPER_STARTS) return undefined
    child ??= start()
    const id = nextId++
    const asked = child
    return await new Promise<string | undefined>((resolve) => {
      waiting.set(id, resolve)
      asked.send({ id, addr }, (err) => {
        if (err === null) return
        waiting.delete(id)
        resolve(undefined)
      })
    })
  }
}
