// The C reference as a program of its own: parses an evemu recording with libevemu and prints what it read.
// The benchmarks run it as a child for the reference peak memory and start-up time.
#include <stdio.h>
#include <string.h>

#include "EvemuReference.h"

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        puts("evemu-parse (libevemu reference for Plantar's benchmarks)");
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: evemu-parse FILE.evemu | --version\n");
        return 64;
    }
    evemu_reference_result r = evemu_reference_parse(argv[1]);
    if (r.status != 0) {
        fprintf(stderr, "evemu-parse: cannot read %s (step %d)\n", argv[1], (int)r.status);
        return 2;
    }
    printf("%lld events, checksum %lld, last at %lld us\n", (long long)r.events, (long long)r.checksum,
           (long long)r.last_micros);
    return 0;
}
