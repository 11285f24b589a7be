// Kernel receive timestamps for the native socket layer: holding them on, and reading them on the monotonic clock.

#ifndef PEERTRACE_TIMESTAMPS_H
#define PEERTRACE_TIMESTAMPS_H

#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

int64_t clock_ns (clockid_t id);

/** Nanoseconds as milliseconds, exact to the nanosecond for any time since boot. */
double ns_to_ms (int64_t ns);

/** The monotonic time a datagram was received (its SO_TIMESTAMPNS stamp), or `mono_now` when it has none. */
int64_t receive_time (struct msghdr *msg, int64_t mono_now, int64_t real_now);

/** Holds the machine's receive timestamping on for this process's lifetime, waiting (bounded) until it is on. */
void hold_receive_timestamps (void);

void release_receive_timestamps (void);

#endif
