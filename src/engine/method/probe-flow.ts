// What a probe method gives the engine: a ProbeSender for the driver, and a classifier that turns an ICMP answer
// addressed to this flow into (probe key, what the answer means).

import type { Answer, ProbeSender } from '../driver.js'
import type { IcmpAnswer } from '../packet/icmp-parse.js'

export interface Classified {
  key: number
  answer: Answer
}

export interface ProbeFlow extends ProbeSender {
  /** The demultiplexing key of this flow on the shared raw socket (echo identifier or UDP source port). */
  readonly flowKey: string
  /** Bytes of a probe's ICMP or UDP message, header and payload (UDP: the first probe's; later ones grow by one). */
  readonly probeSize: number
  classify: (answer: IcmpAnswer) => Classified | null
  close: () => void
}
