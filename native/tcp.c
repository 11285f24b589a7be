// The native socket layer's Paris TCP flow: a raw IPPROTO_TCP socket that sends the SYN probes JS builds and reads
// the target's SYN-ACK or RST, and, held beside it, a TCP socket bound to the flow's source port (never listening,
// never connected) so that no other socket of the machine takes that port while the trace runs. The kernel still
// answers the target's SYN-ACK with a RST, as it does for Debian's traceroute -T.

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <node_api.h>
#include "socket.h"
#include "timestamps.h"

/** The address `text` with port 0 in `out`; its length, or 0 when `text` is not an address of `family`. */
static socklen_t local_address (int family, const char *text, struct sockaddr_storage *out) {
  memset(out, 0, sizeof *out);
  if (family == 6) {
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
    sin6->sin6_family = AF_INET6;
    return inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1 ? sizeof *sin6 : 0;
  }
  struct sockaddr_in *sin = (struct sockaddr_in *)out;
  sin->sin_family = AF_INET;
  return inet_pton(AF_INET, text, &sin->sin_addr) == 1 ? sizeof *sin : 0;
}

/**
 * Keeps only segments from the target's port to the flow's port: the raw socket would otherwise get a copy of every
 * TCP segment the machine receives at the source address. An IPv4 raw socket's filter sees the IP header first
 * (the TCP header starts after IHL words); an IPv6 one sees the TCP header (the kernel has taken the IPv6 header).
 */
static int set_port_filter (int fd, int family, int remote_port, int local_port) {
  struct sock_filter v4[] = {
    BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
    BPF_STMT(BPF_LD | BPF_H | BPF_IND, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)remote_port, 0, 3),
    BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)local_port, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, 0xffff),
    BPF_STMT(BPF_RET | BPF_K, 0)
  };
  struct sock_filter v6[] = {
    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)remote_port, 0, 3),
    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 2),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)local_port, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, 0xffff),
    BPF_STMT(BPF_RET | BPF_K, 0)
  };
  struct sock_fprog program = family == 6
    ? (struct sock_fprog){ .len = sizeof v6 / sizeof v6[0], .filter = v6 }
    : (struct sock_fprog){ .len = sizeof v4 / sizeof v4[0], .filter = v4 };
  return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}

/** Closes the descriptors and throws the errno error of `syscall`. */
static napi_value fail (napi_env env, const char *syscall, int err, int fd, int other) {
  if (fd >= 0) close(fd);
  if (other >= 0) close(other);
  throw_errno(env, syscall, err);
  return NULL;
}

/**
 * openTcp(family, source, remotePort, rcvbuf, sndbuf, onDatagrams, onWritable): the flow's raw TCP socket, bound to
 * `source` (so the kernel sends from the address the probes' checksum was computed with), and read like the ICMP
 * ones; localPort is the source port held for it.
 */
napi_value open_tcp (napi_env env, napi_callback_info info) {
  size_t argc = 7, text_length;
  napi_value argv[7];
  int32_t remote_port = 0, rcvbuf = 0, sndbuf = 0;
  char text[INET6_ADDRSTRLEN + 1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 7) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "openTcp expects 7 arguments");
    return NULL;
  }
  int family = family_arg(env, argv[0]);
  if (family == 0) return NULL;
  if (napi_get_value_string_latin1(env, argv[1], text, sizeof text, &text_length) != napi_ok ||
      napi_get_value_int32(env, argv[2], &remote_port) != napi_ok ||
      napi_get_value_int32(env, argv[3], &rcvbuf) != napi_ok || napi_get_value_int32(env, argv[4], &sndbuf) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "openTcp: bad argument");
    return NULL;
  }
  struct sockaddr_storage local;
  socklen_t length = local_address(family, text, &local);
  if (length == 0 || remote_port < 1 || remote_port > 65535) return fail(env, "openTcp", EINVAL, -1, -1);
  int domain = family == 6 ? AF_INET6 : AF_INET;
  int on = 1;

  int held = socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (held < 0) return fail(env, "socket", errno, -1, -1);
  if (family == 6) setsockopt(held, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  socklen_t bound_length = length;
  struct sockaddr_storage bound = local;
  if (bind(held, (struct sockaddr *)&bound, bound_length) != 0 ||
      getsockname(held, (struct sockaddr *)&bound, &bound_length) != 0) {
    return fail(env, "bind", errno, held, -1);
  }
  int port = ntohs(family == 6 ? ((struct sockaddr_in6 *)&bound)->sin6_port : ((struct sockaddr_in *)&bound)->sin_port);

  hold_receive_timestamps();
  int fd = socket(domain, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) return fail(env, "socket", errno, held, -1);
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    return fail(env, "setsockopt(SO_TIMESTAMPNS)", errno, fd, held);
  }
  if (set_port_filter(fd, family, remote_port, port) != 0) return fail(env, "setsockopt(SO_ATTACH_FILTER)", errno, fd, held);
  if (bind(fd, (struct sockaddr *)&local, length) != 0) return fail(env, "bind", errno, fd, held);
  set_buffer_size(fd, SO_RCVBUFFORCE, SO_RCVBUF, rcvbuf);
  set_buffer_size(fd, SO_SNDBUFFORCE, SO_SNDBUF, sndbuf);
  // Segments that reached the socket before the filter was attached are of no flow: drop them.
  char scratch[1];
  while (recv(fd, scratch, sizeof scratch, MSG_DONTWAIT | MSG_TRUNC) >= 0) {}
  return wrap(env, fd, held, family, port, UV_READABLE, argv[5], argv[6]);
}
