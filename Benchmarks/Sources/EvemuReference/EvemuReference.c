#include "EvemuReference.h"

#include <evemu.h>
#include <stdio.h>

evemu_reference_result evemu_reference_parse(const char *path) {
    evemu_reference_result result = {0, 0, 0, 0};
    FILE *fp = fopen(path, "r");
    if (!fp) {
        result.status = 1;
        return result;
    }
    struct evemu_device *dev = evemu_new(NULL);
    if (!dev) {
        fclose(fp);
        result.status = 2;
        return result;
    }
    if (evemu_read(dev, fp) <= 0) {
        result.status = 3;
    } else {
        struct input_event ev;
        while (evemu_read_event(fp, &ev) > 0) {
            result.events += 1;
            result.checksum += (int64_t)ev.type + (int64_t)ev.code + (int64_t)ev.value;
            result.last_micros = (int64_t)ev.input_event_sec * 1000000 + (int64_t)ev.input_event_usec;
        }
    }
    evemu_delete(dev);
    fclose(fp);
    return result;
}
