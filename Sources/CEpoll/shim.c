// The one function of CEpoll that is not a re-exported system header.
#include <malloc.h>
#include <sys/prctl.h>
#include "CEpoll.h"

void cepoll_name_current_thread(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

int cepoll_set_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}
