// Linux event APIs that Glibc's Swift module does not export, a way to name the calling thread, and one allocator setting.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/tcp.h>

/// Names the calling thread as `top -H`, `ps -L` and perf show it (at most 15 bytes are kept). Foundation's
/// `Thread.name` only sometimes reaches the kernel on Linux; prctl(2) always does, and Swift cannot call it (variadic).
void cepoll_name_current_thread(const char *name);

/// mallopt(M_MMAP_THRESHOLD, bytes): blocks of `bytes` and more get pages of their own, returned to the kernel when
/// freed, and the threshold stays fixed (glibc otherwise raises it to the largest block freed). malloc.h is not in
/// Glibc's Swift module. Returns mallopt's result (1 on success).
int cepoll_set_mmap_threshold(int bytes);
