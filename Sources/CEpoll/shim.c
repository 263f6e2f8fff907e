// Intentionally empty: CEpoll only re-exports system headers.
#include "CEpoll.h"
