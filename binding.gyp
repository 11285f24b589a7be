# The native socket layer of the probe engine (native/): built by node-gyp at `npm install` into
# build/Release/peertrace_socket.node, which src/engine/socket/binding.ts loads. Linux only, Node-API 8.
{
  "targets": [
    {
      "target_name": "peertrace_socket",
      "sources": ["native/socket.c", "native/receive.c", "native/tcp.c", "native/timestamps.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        ["OS!='linux'", { "type": "none" }]
      ]
    }
  ]
}
