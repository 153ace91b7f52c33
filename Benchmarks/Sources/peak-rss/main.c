// peak-rss CMD [ARGS...]: runs CMD (its output to /dev/null) and prints its peak resident set in kilobytes and its
// exit status. A small process of its own forks CMD, because Linux carries the RSS of whoever calls exec over into
// the new program's ru_maxrss: spawned straight from the benchmark, a child would report the benchmark's size.
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: peak-rss CMD [ARGS...]\n");
        return 64;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("peak-rss: fork");
        return 70;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execv(argv[1], argv + 1);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("peak-rss: wait4");
        return 70;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%ld %d\n", usage.ru_maxrss, code);
    return 0;
}
