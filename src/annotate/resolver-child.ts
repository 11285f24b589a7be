// The helper process that runs getnameinfo for the requester (resolver-process.ts): it says it is up once, then
// one message in per address, one out with its name. A lookup that hangs here blocks only this process, which its
// parent kills by pid.

import { promises as dns } from 'node:dns'

interface Question { id: number, addr: string }

process.on('message', (message: Question) => {
  const answer = (name?: string): void => { process.send?.({ id: message.id, name }) }
  // NI_NAMEREQD, as node asks it: an address without a name is an error, not its own digits.
  dns.lookupService(message.addr, 0).then(({ hostname }) => { answer(hostname === message.addr ? undefined : hostname) }, () => { answer() })
})
// The parent went away without killing this process: nothing more will be asked.
process.on('disconnect', () => { process.exit(0) })
// Up: the requester's wait for names starts now (its start, seconds on a loaded machine, is not the resolver's).
process.send?.({ ready: true })
