#ifndef PLANTAR_EVEMU_REFERENCE_H
#define PLANTAR_EVEMU_REFERENCE_H

#include <stdint.h>

/// What libevemu made of a recording: enough to check that it read the same events as Plantar.
typedef struct {
    /// 0 on success; otherwise the step that failed (1: open, 2: evemu_new, 3: evemu_read).
    int32_t status;
    int64_t events;
    /// Sum of type + code + value over every event.
    int64_t checksum;
    /// The last event's time, in microseconds as recorded.
    int64_t last_micros;
} evemu_reference_result;

/// Parses `path` the way evemu-play does: evemu_new, evemu_read for the header, then evemu_read_event until the end.
evemu_reference_result evemu_reference_parse(const char *path);

#endif
