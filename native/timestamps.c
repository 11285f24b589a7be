// Kernel receive timestamps. The kernel stamps incoming packets only while some socket on the machine asks for it,
// and the first socket that asks switches stamping on through a deferred work item (net_enable_timestamp): a
// datagram that arrives before that has run is stamped when it is read, like a JS-side time. So the layer holds
// stamping on for the life of the process with one idle socket (an engine closes its raw sockets between traces),
// and, when it takes that hold, waits until a datagram sent to itself over loopback comes back stamped.

#define _GNU_SOURCE
#include "timestamps.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

/** A kernel stamp older than this (a wall-clock step between receive and read) is replaced by the read time. */
#define MAX_TIMESTAMP_AGE_NS (60LL * 1000 * 1000 * 1000)
/** The wait for stamping to come on: this many loopback checks, this far apart (5 ms at most in all). */
#define HOLD_CHECKS 20
#define HOLD_CHECK_INTERVAL_NS (250 * 1000)

static int hold_fd = -1;

int64_t clock_ns (clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double ns_to_ms (int64_t ns) {
  return (double)(ns / 1000000) + (double)(ns % 1000000) / 1e6;
}

int64_t receive_time (struct msghdr *msg, int64_t mono_now, int64_t real_now) {
  for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    struct timespec ts;
    memcpy(&ts, CMSG_DATA(c), sizeof ts);
    // The stamp is wall-clock time: moved onto the monotonic clock by the two clocks' offset at read time.
    int64_t age = real_now - ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
    if (age >= 0 && age < MAX_TIMESTAMP_AGE_NS) return mono_now - age;
  }
  return mono_now;
}

/**
 * Reads what the hold socket has queued: 1 when a datagram came with a software stamp (SO_TIMESTAMPING reports
 * none for a packet received while stamping was off), 0 when none did, -1 when nothing was queued.
 */
static int stamped_on_receive (int fd) {
  int result = -1;
  for (;;) {
    char byte, control[256];
    struct iovec iov = { .iov_base = &byte, .iov_len = sizeof byte };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    if (recvmsg(fd, &msg, MSG_DONTWAIT) < 0) return result;
    if (result < 0) result = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPING) continue;
      struct timespec ts[3];
      memcpy(ts, CMSG_DATA(c), sizeof ts);
      if (ts[0].tv_sec != 0 || ts[0].tv_nsec != 0) result = 1;
    }
  }
}

void hold_receive_timestamps (void) {
  if (hold_fd >= 0) return;
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  int flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
  struct sockaddr_in self = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t length = sizeof self;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) != 0) {
    close(fd);
    return;
  }
  hold_fd = fd;
  // Without a usable loopback (no 127.0.0.1 here) the hold still stands; only the wait is skipped.
  if (bind(fd, (struct sockaddr *)&self, length) != 0 || getsockname(fd, (struct sockaddr *)&self, &length) != 0) return;
  for (int check = 0; check < HOLD_CHECKS; check++) {
    if (sendto(fd, "", 1, 0, (struct sockaddr *)&self, length) < 0) return;
    if (stamped_on_receive(fd) == 1) return;
    struct timespec interval = { .tv_sec = 0, .tv_nsec = HOLD_CHECK_INTERVAL_NS };
    nanosleep(&interval, NULL);
  }
}

void release_receive_timestamps (void) {
  if (hold_fd >= 0) close(hold_fd);
  hold_fd = -1;
}
