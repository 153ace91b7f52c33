/* padfeed: play a balance-board recording (evemu) into a USB HID gadget (/dev/hidgN), as a 4-cell pressure pad or
 * as a Wii board turned into a USB joystick.
 *
 *   padfeed rdesc MODE                          write the HID report descriptor to stdout (for configfs)
 *   padfeed play MODE HIDG FIXTURE [STOP_SECONDS]
 *                                                one report per SYN_REPORT, at the recording's times, until the
 *                                                end (or STOP_SECONDS into the recording)
 *   MODE: joystick | vendor | bblsl-2.0 | bblsl-2.1
 *
 * The board's corners (HAT0X top-right, HAT0Y bottom-right, HAT1X top-left, HAT1Y bottom-left, 0.01 kg) become the
 * pad's cells (toe-left, toe-right, heel-left, heel-right, grams), as Plantar's profiles usb-4cell-pad.toml
 * (joystick: button byte, then X Y Rx Ry as 16-bit little-endian) and usb-vendor-pad.toml (vendor page 0xFF00:
 * report id 1, button byte, the four cells) read them. Writes wait for the host to poll (usbhid polls only while
 * the evdev node is open; libusb while Plantar reads), at most 20 s for the first report and 3 s for the others.
 *
 * bblsl-2.0 and bblsl-2.1 are the BalanceBoardLSL firmware (github.com/markspan/BalanceBoardLSL, BBJoystick.ino: an
 * Arduino Pro Micro on the board's load-cell amplifiers) built with the Arduino Joystick library 2.0.x (axes
 * -32767..32767, what the firmware was written with in 2021) or 2.1.x (axes 0..65535, since March 2022, what a build
 * today gets). The descriptors are the bytes the library's Joystick_ constructor builds for the firmware's
 * Joystick_(JOYSTICK_DEFAULT_REPORT_ID, JOYSTICK_TYPE_JOYSTICK, 0, 0, true, true, true, true, true, false, ...):
 * report id 3, five 16-bit axes X Y Z Rx Ry. The reports are what its loop() sends: X bottom-left, Y top-left,
 * Z top-right, Rx bottom-right, each a corner's count above its power-up tare clamped to -24..1000 and mapped onto
 * the axis range with Arduino's integer map(), and Ry a 1..100 ramp (range 0..100). Counts here are 0.04 kg (the
 * scale Plantar's profile assumes). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const unsigned char joystick_rdesc[] = {
    0x05, 0x01, 0x09, 0x04, 0xA1, 0x01,             /* Generic Desktop, Joystick, Collection (Application) */
    0x05, 0x09, 0x19, 0x01, 0x29, 0x01,             /* Button 1 */
    0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02,
    0x75, 0x07, 0x95, 0x01, 0x81, 0x03,             /* 7 bits padding */
    0x05, 0x01, 0x09, 0x01, 0xA1, 0x00,             /* Pointer, Collection (Physical) */
    0x09, 0x30, 0x09, 0x31, 0x09, 0x33, 0x09, 0x34, /* X Y Rx Ry */
    0x15, 0x00, 0x27, 0xFF, 0xFF, 0x00, 0x00,       /* 0..65535 */
    0x75, 0x10, 0x95, 0x04, 0x81, 0x02,             /* 4 x 16 bit, Data Var Abs */
    0xC0, 0xC0};

static const unsigned char vendor_rdesc[] = {
    0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01, /* Usage Page (Vendor 0xFF00), Usage 1, Collection (Application) */
    0x85, 0x01,                               /* Report ID 1 */
    0x09, 0x02, 0x15, 0x00, 0x26, 0xFF, 0x00, /* Usage 2, 0..255 */
    0x75, 0x08, 0x95, 0x09, 0x81, 0x02,       /* 9 bytes, Data Var Abs */
    0xC0};

/* Arduino Joystick library 2.0.x; 2.1.x has LOGICAL_MINIMUM 0 (15 00), LOGICAL_MAXIMUM 65535 (27 FF FF 00 00). */
static const unsigned char bblsl20_rdesc[] = {
    0x05, 0x01, 0x09, 0x04, 0xA1, 0x01,                         /* Generic Desktop, Joystick, Application */
    0x85, 0x03,                                                 /* Report ID 3 */
    0x05, 0x01, 0x09, 0x01,                                     /* Generic Desktop, Pointer */
    0x16, 0x01, 0x80, 0x26, 0xFF, 0x7F,                         /* -32767..32767 */
    0x75, 0x10, 0x95, 0x05, 0xA1, 0x00,                         /* 5 x 16 bit, Collection (Physical) */
    0x09, 0x30, 0x09, 0x31, 0x09, 0x32, 0x09, 0x33, 0x09, 0x34, /* X Y Z Rx Ry */
    0x81, 0x02, 0xC0, 0xC0};
static const unsigned char bblsl21_rdesc[] = {
    0x05, 0x01, 0x09, 0x04, 0xA1, 0x01, 0x85, 0x03, 0x05, 0x01, 0x09, 0x01,
    0x15, 0x00, 0x27, 0xFF, 0xFF, 0x00, 0x00, /* 0..65535 */
    0x75, 0x10, 0x95, 0x05, 0xA1, 0x00, 0x09, 0x30, 0x09, 0x31, 0x09, 0x32, 0x09, 0x33, 0x09, 0x34,
    0x81, 0x02, 0xC0, 0xC0};

/* Arduino's map() (WMath.cpp) over long. */
static long arduino_map(long x, long in_min, long in_max, long out_min, long out_max) {
    return (x - in_min) * (out_max - out_min) / (in_max - in_min) + out_min;
}

/* The Joystick library's buildAndSetAxisValue: clamp to the axis range set, map onto the report's range. */
static void joystick_axis(unsigned char *at, long value, long lo, long hi, int v21) {
    if (value < lo) value = lo;
    if (value > hi) value = hi;
    long v = arduino_map(value, lo, hi, v21 ? 0 : -32767, v21 ? 65535 : 32767);
    at[0] = v & 0xff;
    at[1] = (v >> 8) & 0xff;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t) {
    double d = t - now();
    if (d <= 0) return;
    struct timespec ts = {(time_t)d, (long)((d - (time_t)d) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

static int write_report(int fd, const unsigned char *rep, size_t n, int timeout_ms) {
    for (;;) {
        ssize_t w = write(fd, rep, n);
        if (w == (ssize_t)n) return 0;
        if (w < 0 && errno != EAGAIN && errno != EINTR) return -errno;
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int r = poll(&p, 1, timeout_ms);
        if (r == 0) return -ETIMEDOUT;
        if (r < 0 && errno != EINTR) return -errno;
    }
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "rdesc")) {
        if (!strcmp(argv[2], "vendor")) fwrite(vendor_rdesc, 1, sizeof vendor_rdesc, stdout);
        else if (!strcmp(argv[2], "bblsl-2.0")) fwrite(bblsl20_rdesc, 1, sizeof bblsl20_rdesc, stdout);
        else if (!strcmp(argv[2], "bblsl-2.1")) fwrite(bblsl21_rdesc, 1, sizeof bblsl21_rdesc, stdout);
        else fwrite(joystick_rdesc, 1, sizeof joystick_rdesc, stdout);
        return 0;
    }
    if (argc < 5 || strcmp(argv[1], "play")) {
        fprintf(stderr, "usage: padfeed rdesc MODE | padfeed play MODE HIDG FIXTURE [STOP]\n"
                        "MODE: joystick | vendor | bblsl-2.0 | bblsl-2.1\n");
        return 2;
    }
    int vendor = !strcmp(argv[2], "vendor");
    int bblsl = !strncmp(argv[2], "bblsl-", 6), v21 = !strcmp(argv[2], "bblsl-2.1"), ramp = 0;
    double stop = argc > 5 ? atof(argv[5]) : 1e9;
    int fd = open(argv[3], O_RDWR | O_NONBLOCK);
    if (fd < 0) { perror(argv[3]); return 1; }
    FILE *f = fopen(argv[4], "r");
    if (!f) { perror(argv[4]); return 1; }
    long corner[4] = {0, 0, 0, 0}; /* TR BR TL BL, 0.01 kg */
    int button = 0, reports = 0;
    double start = -1, first = -1;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        double t;
        unsigned type, code;
        long value;
        if (sscanf(line, "E: %lf %x %x %ld", &t, &type, &code, &value) != 4) continue;
        if (first < 0) first = t;
        if (t - first > stop) break;
        if (type == 3 && code >= 0x10 && code <= 0x13) corner[code - 0x10] = value;
        if (type == 1 && code == 0x130) button = value != 0;
        if (type != 0 || code != 0) continue;
        unsigned cells[4] = {(unsigned)corner[2], (unsigned)corner[0], (unsigned)corner[3], (unsigned)corner[1]};
        unsigned char rep[11];
        size_t n = 0;
        if (bblsl) {
            /* X = LO (bottom-left), Y = LB (top-left), Z = RB (top-right), Rx = RO (bottom-right), Ry = ++ramp */
            const long load[4] = {corner[3], corner[2], corner[0], corner[1]}; /* 0.01 kg */
            rep[n++] = 3;
            for (int i = 0; i < 4; i++, n += 2)
                joystick_axis(rep + n, (load[i] * 10 + (load[i] >= 0 ? 20 : -20)) / 40, -24, 1000, v21);
            joystick_axis(rep + n, ++ramp, 0, 100, v21);
            n += 2;
            if (ramp >= 100) ramp = 0;
        } else {
            if (vendor) rep[n++] = 1;
            rep[n++] = (unsigned char)button;
            for (int i = 0; i < 4; i++) {
                long g = (long)cells[i] * 10;
                if (g > 65535) g = 65535;
                if (g < 0) g = 0;
                rep[n++] = g & 0xff;
                rep[n++] = (g >> 8) & 0xff;
            }
        }
        if (start >= 0) sleep_until(start + (t - first));
        int rc = write_report(fd, rep, n, reports == 0 ? 20000 : 3000);
        if (rc < 0) {
            printf("padfeed: report %d at %.3f s: %s\n", reports, t - first, strerror(-rc));
            return 1;
        }
        if (start < 0) start = now() - (t - first);
        reports++;
    }
    printf("padfeed: wrote %d %s reports (%.1f s of the recording)\n", reports, argv[2], now() - start);
    return 0;
}
