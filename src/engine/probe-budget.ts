// A budget a caller may hold a trace to, probe by probe: the engine asks before each probe and spends one as it
// asks for the send, so a budget shared by concurrent traces is never overdrawn (the node's per-target limit).

export interface ProbeBudget {
  /** Whether one more probe may be sent now. */
  available: () => boolean
  /** One probe is being sent. */
  spend: () => void
}
