{
  "targets": [
    {
      "target_name": "limit_kernels",
      "sources": [
        "src/binding.cc",
        "src/engine.cc",
        "src/isa_generic.cc",
        "src/isa_avx2.cc"
      ],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fno-trapping-math", "-fexceptions", "-fvisibility=hidden", "-Wall", "-Wextra", "-Wno-psabi"],
      "cflags!": ["-O2"],
      "ldflags": ["-pthread", "-Wl,--as-needed"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-math-errno"]
          }
        }]
      ]
    }
  ]
}
