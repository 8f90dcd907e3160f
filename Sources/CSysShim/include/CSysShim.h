#ifndef CSYSSHIM_H
#define CSYSSHIM_H
#include <sys/types.h>

/** pidfd_open(2) through syscall(2); -1 with errno set where the kernel lacks it. */
int uvr_pidfd_open(pid_t pid, unsigned int flags);
/** pidfd_send_signal(2) through syscall(2). */
int uvr_pidfd_send_signal(int pidfd, int sig);

/** Opens a pipe for signal delivery: fds[0] blocking read end, fds[1] non-blocking write end, both close-on-exec. */
int uvr_signal_pipe_open(int fds[2]);
/** Installs an async-signal-safe handler for `sig` that writes the signal number as one byte to `write_fd`. */
int uvr_signal_forward(int sig, int write_fd);
/** Restores the default disposition of `sig` and stops forwarding it. */
int uvr_signal_restore_default(int sig);

#endif
