/** Largest embedding dimension the kernels hold in workgroup memory (one query row and its gradient). */
export const MAX_DIMENSION = 256;
