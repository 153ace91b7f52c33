/* runas UID GID PROGRAM [ARGS...]: drop root and run a program as an ordinary user (the VM has no su). */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: runas UID GID PROGRAM [ARGS...]\n");
        return 64;
    }
    gid_t gid = (gid_t)atoi(argv[2]);
    uid_t uid = (uid_t)atoi(argv[1]);
    if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
        perror("runas");
        return 1;
    }
    execvp(argv[3], argv + 3);
    perror(argv[3]);
    return 127;
}
