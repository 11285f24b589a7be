// The address this machine's probes to a destination leave from: the kernel's route lookup, read by connecting a
// UDP socket (which sends nothing) and asking for its local address.

import { createSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'

/** Any port will do: connecting a UDP socket only picks the route and the source address. */
const ROUTE_LOOKUP_PORT = 9

/** The source address towards `addr`, or undefined when there is no route (the trace will say why). */
export async function sourceAddress (addr: string): Promise<string | undefined> {
  const socket = createSocket(isIPv6(addr) ? 'udp6' : 'udp4')
  try {
    return await new Promise<string | undefined>((resolve) => {
      socket.once('error', () => { resolve(undefined) })
      socket.connect(ROUTE_LOOKUP_PORT, addr, () => { resolve(socket.address().address) })
    })
  } catch {
    return undefined
  } finally {
    socket.close()
  }
}
