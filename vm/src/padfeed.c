/* padfeed: play a balance-board recording (evemu) into a USB HID gadget (/dev/hidgN), as a 4-cell pressure pad.
 *
 *   padfeed rdesc joystick|vendor               write the HID report descriptor to stdout (for configfs)
 *   padfeed play joystick|vendor HIDG FIXTURE [STOP_SECONDS]
 *                                                one report per SYN_REPORT, at the recording's times, until the
 *                                                end (or STOP_SECONDS into the recording)
 *
 * The board's corners (HAT0X top-right, HAT0Y bottom-right, HAT1X top-left, HAT1Y bottom-left, 0.01 kg) become the
 * pad's cells (toe-left, toe-right, heel-left, heel-right, grams), as Plantar's profiles usb-4cell-pad.toml
 * (joystick: button byte, then X Y Rx Ry as 16-bit little-endian) and usb-vendor-pad.toml (vendor page 0xFF00:
 * report id 1, button byte, the four cells) read them. Writes wait for the host to poll (usbhid polls only while
 * the evdev node is open; libusb while Plantar reads), at most 20 s for the first report and 3 s for the others. */
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
        int vendor = !strcmp(argv[2], "vendor");
        fwrite(vendor ? vendor_rdesc : joystick_rdesc, 1, vendor ? sizeof vendor_rdesc : sizeof joystick_rdesc, stdout);
        return 0;
    }
    if (argc < 5 || strcmp(argv[1], "play")) {
        fprintf(stderr, "usage: padfeed rdesc joystick|vendor | padfeed play joystick|vendor HIDG FIXTURE [STOP]\n");
        return 2;
    }
    int vendor = !strcmp(argv[2], "vendor");
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
        unsigned char rep[10];
        size_t n = 0;
        if (vendor) rep[n++] = 1;
        rep[n++] = (unsigned char)button;
        for (int i = 0; i < 4; i++) {
            long g = (long)cells[i] * 10;
            if (g > 65535) g = 65535;
            if (g < 0) g = 0;
            rep[n++] = g & 0xff;
            rep[n++] = (g >> 8) & 0xff;
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
    printf("padfeed: wrote %d %s reports (%.1f s of the recording)\n", reports, vendor ? "vendor" : "joystick",
           now() - start);
    return 0;
}
