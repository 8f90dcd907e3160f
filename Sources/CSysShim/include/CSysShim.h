#ifndef CSYSSHIM_H
#define CSYSSHIM_H
#include <sys/types.h>

/** pidfd_open(2) through syscall(2); -1 with errno set where the kernel lacks it. */
int uvr_pidfd_open(pid_t pid, unsigned int flags);
/** pidfd_send_signal(2) through syscall(2). */
int uvr_pidfd_send_signal(int pidfd, int sig);

#endif
