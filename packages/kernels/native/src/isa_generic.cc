// The fused kernels for any x86-64 (or other) CPU: the baseline instruction set of the build.
#include "kernels.h"
#include <cmath>
#include <cstring>
#define LIMIT_KERNELS_NS generic_isa
#define LIMIT_KERNELS_BLOCK 2
#define LIMIT_KERNELS_HALF_VECTORS 1
#define LIMIT_KERNELS_NAME "generic"
#define LIMIT_KERNELS_TABLE kGenericKernels
#include "step_impl.h"
