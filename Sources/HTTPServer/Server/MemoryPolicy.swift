// How a server process asks glibc's allocator to behave, so that memory a burst of large requests took comes back.
import CEpoll

extension HTTPServer {
    /// Buffers of 128 KiB and more (request bodies near the body limit, a slow reader's queued answers) get pages of
    /// their own, returned to the kernel when freed. By default glibc raises this threshold to the largest block freed
    /// so far, after which such buffers come from the heap of the I/O thread that served them and stay resident:
    /// `HostileClientTests` saw RssAnon grow by 2.5 MB per round of 100 MB chunked bodies, and stay flat with this.
    /// Process-wide: the executable calls it once, before serving.
    public static func returnLargeBuffersToTheKernel() {
        _ = cepoll_set_mmap_threshold(128 * 1024)
    }
}
