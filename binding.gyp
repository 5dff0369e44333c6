{
  "targets": [
    {
      "target_name": "nlkit_native",
      "sources": ["native/addon.c", "native/socket.c", "native/recv.c", "native/reader.c", "native/errors.c"],
      "cflags_c": ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"]
    }
  ]
}
