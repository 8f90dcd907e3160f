#define _GNU_SOURCE
#include "CSysShim.h"
#include <sys/syscall.h>
#include <unistd.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

int uvr_pidfd_open(pid_t pid, unsigned int flags) { return (int)syscall(SYS_pidfd_open, pid, flags); }
int uvr_pidfd_send_signal(int pidfd, int sig) { return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0); }

/* Write ends of the signal pipes, indexed by signal number; -1 when not forwarded. */
static volatile sig_atomic_t uvr_signal_fds[65] = { [0 ... 64] = -1 };

static void uvr_signal_handler(int sig) {
    int saved = errno;
    if (sig > 0 && sig < 65) {
        int fd = uvr_signal_fds[sig];
        unsigned char byte = (unsigned char)sig;
        if (fd >= 0) { ssize_t ignored = write(fd, &byte, 1); (void)ignored; }
    }
    errno = saved;
}

int uvr_signal_pipe_open(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    int flags = fcntl(fds[1], F_GETFL);
    if (flags < 0 || fcntl(fds[1], F_SETFL, flags | O_NONBLOCK) != 0) return -1;
    return 0;
}

int uvr_signal_forward(int sig, int write_fd) {
    if (sig <= 0 || sig >= 65) { errno = EINVAL; return -1; }
    uvr_signal_fds[sig] = write_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = uvr_signal_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(sig, &action, NULL);
}

int uvr_signal_restore_default(int sig) {
    if (sig <= 0 || sig >= 65) { errno = EINVAL; return -1; }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    int result = sigaction(sig, &action, NULL);
    uvr_signal_fds[sig] = -1;
    return result;
}
