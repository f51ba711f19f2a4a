#define _GNU_SOURCE
#include "guard.h"
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile sig_atomic_t ponder_sigbus_hits_value = 0;
static struct sigaction ponder_sigbus_previous;

static void ponder_sigbus_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t addr = (uintptr_t)info->si_addr & ~((uintptr_t)page - 1);
    void *p = mmap((void *)addr, (size_t)page, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        sigaction(SIGBUS, &ponder_sigbus_previous, NULL);
        raise(sig);
        return;
    }
    ponder_sigbus_hits_value += 1;
}

// Installs the guard once; returns 0 on success.
int ponder_install_sigbus_guard(void) {
    static int installed = 0;
    if (installed) return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = ponder_sigbus_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &ponder_sigbus_previous) != 0) return -1;
    installed = 1;
    return 0;
}

// How many faults the guard has absorbed since the process started.
long ponder_sigbus_hits(void) { return (long)ponder_sigbus_hits_value; }
