// One directory exchange on a /peertrace/describe/1.0.0 stream, either side: the dialer sends what it says about
// itself (nothing, for a client) and reads the listener's directory; descriptions are kept only once their
// signatures check.

import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { VantageDescription } from '../../model/vantage-description.js'
import { decodeDirectory, encodeDirectory, verifyDescription } from '../../protocol/description-codec.js'
import { MAX_DIRECTORY_BYTES } from '../../protocol/constants.js'

/** The dialer's side: sends `own` (if any), returns the listener's descriptions, unchecked. */
export async function pullDirectory (stream: Stream, own: VantageDescription | undefined, signal: AbortSignal): Promise<VantageDescription[]> {
  const lp = lpStream(stream, { maxDataLength: MAX_DIRECTORY_BYTES })
  await lp.write(encodeDirectory(own === undefined ? [] : [own]), { signal })
  const descriptions = decodeDirectory(await lp.read({ signal }))
  await stream.close({ signal })
  return descriptions
}

/** The listener's side: reads what the dialer says of itself (at most one description), answers with `answer`. */
export async function serveDirectory (stream: Stream, answer: () => VantageDescription[], signal: AbortSignal): Promise<VantageDescription[]> {
  const lp = lpStream(stream, { maxDataLength: MAX_DIRECTORY_BYTES })
  const told = decodeDirectory(await lp.read({ signal })).slice(0, 1)
  await lp.write(encodeDirectory(answer()), { signal })
  await stream.close({ signal })
  return told
}

/** The descriptions whose signatures check against their peer ids. */
export async function checkedDescriptions (descriptions: readonly VantageDescription[]): Promise<VantageDescription[]> {
  const valid = await Promise.all(descriptions.map(async (d) => await verifyDescription(d)))
  return descriptions.filter((_, i) => valid[i])
}
