// Linux event APIs that Glibc's Swift module does not export, and a way to name the calling thread.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/tcp.h>

/// Names the calling thread as `top -H`, `ps -L` and perf show it (at most 15 bytes are kept). Foundation's
/// `Thread.name` only sometimes reaches the kernel on Linux; prctl(2) always does, and Swift cannot call it (variadic).
void cepoll_name_current_thread(const char *name);
