#ifndef PLANTAR_CEVDEV_SHIM_H
#define PLANTAR_CEVDEV_SHIM_H
#include <libevdev/libevdev.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <time.h>
#include <errno.h>

/* Macros and ioctls that Swift cannot import directly. */
static inline int plantar_evdev_set_clock_monotonic(int fd) {
    int clk = CLOCK_MONOTONIC;
    return ioctl(fd, EVIOCSCLOCKID, &clk) < 0 ? -errno : 0;
}

static inline int plantar_evdev_grab(int fd, int grab) {
    return ioctl(fd, EVIOCGRAB, (void *)(long)grab) < 0 ? -errno : 0;
}

static inline long plantar_event_sec(const struct input_event *ev) { return (long)ev->input_event_sec; }
static inline long plantar_event_usec(const struct input_event *ev) { return (long)ev->input_event_usec; }

#endif
