// peak-rss CMD [ARGS...]: runs CMD (its output to /dev/null) and prints its peak resident set in kilobytes, its
// exit status and its wall time in microseconds (from the fork to the end of the wait). A small process of its own forks CMD, because Linux carries the RSS of whoever calls exec over into
// the new program's ru_maxrss: spawned straight from the benchmark, a child would report the benchmark's size.
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: peak-rss CMD [ARGS...]\n");
        return 64;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
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
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long micros = (long long)(end.tv_sec - start.tv_sec) * 1000000 + (end.tv_nsec - start.tv_nsec) / 1000;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%ld %d %lld\n", usage.ru_maxrss, code, micros);
    return 0;
}
