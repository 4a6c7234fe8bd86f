// The fused kernels compiled for AVX2 + FMA (x86-64-v3). engine.cc only calls them after checking the
// CPU supports both. Standard headers are included before the target pragma, and the kernel code uses
// no standard-library templates, so nothing compiled here can leak into the portable build.
#include "kernels.h"
#include <cmath>
#include <cstring>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("avx2,fma")
#define LIMIT_KERNELS_NS avx2_isa
#define LIMIT_KERNELS_BLOCK 6
#define LIMIT_KERNELS_HALF_VECTORS 0
#define LIMIT_KERNELS_NAME "avx2"
#define LIMIT_KERNELS_TABLE kAvx2Kernels
#include "step_impl.h"
#else
namespace limit_kernels {
// No AVX2 build on this compiler/architecture: engine.cc never selects this table.
const Kernels kAvx2Kernels = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
}  // namespace limit_kernels
#endif
