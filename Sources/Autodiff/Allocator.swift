import CMalloc

/// How tensor memory is obtained from the system.
public enum Allocator {
    /// Makes glibc's malloc keep freed tensor buffers for reuse instead of returning them to the
    /// kernel. A training step allocates and frees the same tens of megabytes every time; by
    /// default blocks over 128 KB are mmap'd and unmapped, and the heap's top is trimmed, so every
    /// step page-faults and zeroes its buffers afresh — a third of a Transformer step at IMDb
    /// lengths. With blocks up to 32 MB (glibc's limit) served from the heap, and up to 1 GB of
    /// free heap kept, they are reused. Call once at program start; it changes only speed.
    public static func retainFreedMemory() {
        mallopt(M_MMAP_THRESHOLD, 32 << 20)
        mallopt(M_TRIM_THRESHOLD, 1 << 30)
    }
}
