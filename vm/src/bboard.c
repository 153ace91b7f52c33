/* bboard: a Wii Balance Board over uhid, for the kernel's own hid-wiimote driver.
 *
 *   bboard FIXTURE
 *
 * Creates a Bluetooth HID device 057e:0306 and answers what hid-wiimote asks while it sets the board up: status
 * requests (0x15 -> 0x20, extension plugged, battery 0xc8), memory writes (0x16 -> ack 0x22), and memory reads
 * (0x17 -> 0x21): the extension id at 0xa400fa (00 00 a4 20 04 02, "balance board") and the calibration at
 * 0xa40024 (0, 17 and 34 kg per corner as 0, 1700 and 3400, so that the driver's interpolation passes raw values
 * through unchanged). hid-wiimote then creates "Nintendo Wii Remote Balance Board".
 *
 * Once the driver asks for extension data (output report 0x12 with a mode that carries it, which it does when the
 * board's evdev node is opened), the recording's corners (HAT0X top-right, HAT0Y bottom-right, HAT1X top-left,
 * HAT1Y bottom-left, 0.01 kg) are sent as 0x34 reports (2 key bytes, BTN_A = 0x08 of the second; 19 extension
 * bytes, the corners big-endian first) at the recording's times. At the end the device is destroyed (an unplug). */
#include <errno.h>
#include <fcntl.h>
#include <linux/uhid.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fd;
static int feeding, statuses, writes, reads, outputs;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The real board's report ids: outputs 0x10-0x1a, inputs 0x20-0x22 and the data reporting modes. */
static size_t rdesc(unsigned char *d) {
    static const unsigned char out_ids[] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a};
    static const unsigned char out_len[] = {1, 1, 2, 1, 1, 1, 21, 6, 21, 1, 1};
    static const unsigned char in_ids[] = {0x20, 0x21, 0x22, 0x30, 0x31, 0x32, 0x33, 0x34,
                                           0x35, 0x36, 0x37, 0x3d, 0x3e, 0x3f};
    static const unsigned char in_len[] = {6, 21, 4, 2, 5, 10, 17, 21, 21, 21, 21, 21, 21, 21};
    size_t n = 0;
    const unsigned char head[] = {0x05, 0x01, 0x09, 0x05, 0xa1, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08,
                                  0x06, 0x00, 0xff};
    memcpy(d, head, sizeof head);
    n += sizeof head;
    for (size_t i = 0; i < sizeof out_ids; i++) {
        const unsigned char r[] = {0x85, out_ids[i], 0x95, out_len[i], 0x09, 0x01, 0x91, 0x00};
        memcpy(d + n, r, sizeof r);
        n += sizeof r;
    }
    for (size_t i = 0; i < sizeof in_ids; i++) {
        const unsigned char r[] = {0x85, in_ids[i], 0x95, in_len[i], 0x09, 0x01, 0x81, 0x00};
        memcpy(d + n, r, sizeof r);
        n += sizeof r;
    }
    d[n++] = 0xc0;
    return n;
}

static void send_input(const unsigned char *data, size_t size) {
    struct uhid_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = UHID_INPUT2;
    ev.u.input2.size = size;
    memcpy(ev.u.input2.data, data, size);
    if (write(fd, &ev, sizeof ev) != sizeof ev) perror("bboard: UHID_INPUT2");
}

static void read_memory(unsigned addr, unsigned size) {
    unsigned char mem[32] = {0};
    int known = 0;
    if (addr == 0xa400fa) {
        const unsigned char id[] = {0x00, 0x00, 0xa4, 0x20, 0x04, 0x02};
        memcpy(mem, id, sizeof id);
        known = 1;
    } else if (addr >= 0xa40024 && addr + size <= 0xa40024 + 24) {
        unsigned char cal[24];
        for (int level = 0; level < 3; level++)
            for (int corner = 0; corner < 4; corner++) {
                cal[level * 8 + corner * 2] = (level * 1700) >> 8;
                cal[level * 8 + corner * 2 + 1] = (level * 1700) & 0xff;
            }
        memcpy(mem, cal + (addr - 0xa40024), size);
        known = 1;
    }
    unsigned char r[22] = {0x21, 0, 0};
    if (size > 16) size = 16;
    r[3] = known ? (unsigned char)(((size - 1) << 4) | 0) : 0x08; /* error 8: no such memory */
    r[4] = (addr >> 8) & 0xff;
    r[5] = addr & 0xff;
    memcpy(r + 6, mem, 16);
    send_input(r, 22);
    reads++;
}

static void handle_output(const unsigned char *d, size_t size) {
    outputs++;
    if (size < 2) return;
    switch (d[0]) {
    case 0x12: /* data reporting mode: 0x32 and up carry extension bytes */
        if (size >= 3 && d[2] >= 0x32) feeding = 1;
        break;
    case 0x15: { /* status request */
        const unsigned char r[] = {0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0xc8};
        send_input(r, sizeof r);
        statuses++;
        break;
    }
    case 0x16: { /* write memory: acknowledge */
        const unsigned char r[] = {0x22, 0x00, 0x00, 0x16, 0x00};
        send_input(r, sizeof r);
        writes++;
        break;
    }
    case 0x17: /* read memory */
        if (size >= 7) read_memory((unsigned)d[2] << 16 | d[3] << 8 | d[4], (unsigned)d[5] << 8 | d[6]);
        break;
    }
}

/* Handles whatever uhid has for us, waiting at most timeout_ms. */
static void service(int timeout_ms) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) <= 0) return;
    struct uhid_event ev;
    while (read(fd, &ev, sizeof ev) > 0) {
        if (ev.type == UHID_OUTPUT) handle_output(ev.u.output.data, ev.u.output.size);
        if (ev.type == UHID_GET_REPORT) {
            struct uhid_event a = {.type = UHID_GET_REPORT_REPLY};
            a.u.get_report_reply.id = ev.u.get_report.id;
            a.u.get_report_reply.err = EIO;
            write(fd, &a, sizeof a);
        }
        if (ev.type == UHID_SET_REPORT) {
            struct uhid_event a = {.type = UHID_SET_REPORT_REPLY};
            a.u.set_report_reply.id = ev.u.set_report.id;
            a.u.set_report_reply.err = EIO;
            write(fd, &a, sizeof a);
        }
        if (poll(&p, 1, 0) <= 0) break;
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bboard FIXTURE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 1; }
    fd = open("/dev/uhid", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) { perror("/dev/uhid"); return 1; }
    struct uhid_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = UHID_CREATE2;
    strcpy((char *)ev.u.create2.name, "Nintendo RVL-WBC-01");
    strcpy((char *)ev.u.create2.phys, "00:19:1d:00:00:00");
    strcpy((char *)ev.u.create2.uniq, "00:19:1d:00:00:01");
    ev.u.create2.rd_size = rdesc(ev.u.create2.rd_data);
    ev.u.create2.bus = BUS_BLUETOOTH;
    ev.u.create2.vendor = 0x057e;
    ev.u.create2.product = 0x0306;
    ev.u.create2.version = 0x8000;
    if (write(fd, &ev, sizeof ev) != sizeof ev) { perror("bboard: UHID_CREATE2"); return 1; }
    printf("bboard: created 057e:0306 over uhid\n");
    fflush(stdout);
    double deadline = now() + 60;
    while (!feeding && now() < deadline) service(50);
    if (!feeding) {
        printf("bboard: the driver never asked for extension data\n");
        return 1;
    }
    printf("bboard: hid-wiimote asked for extension data after %d status, %d write and %d read requests\n",
           statuses, writes, reads);
    fflush(stdout);
    int corner[4] = {0, 0, 0, 0}, button = 0, reports = 0;
    double first = -1, start = now();
    char line[512];
    while (fgets(line, sizeof line, f)) {
        double t;
        unsigned type, code;
        long value;
        if (sscanf(line, "E: %lf %x %x %ld", &t, &type, &code, &value) != 4) continue;
        if (first < 0) first = t;
        if (type == 3 && code >= 0x10 && code <= 0x13) corner[code - 0x10] = value > 65535 ? 65535 : (int)value;
        if (type == 1 && code == 0x130) button = value != 0;
        if (type != 0 || code != 0) continue;
        double due = start + (t - first);
        while (now() < due) service((int)((due - now()) * 1000) + 1);
        unsigned char r[22] = {0x34, 0x00, button ? 0x08 : 0x00};
        for (int i = 0; i < 4; i++) {
            r[3 + 2 * i] = corner[i] >> 8;
            r[4 + 2 * i] = corner[i] & 0xff;
        }
        send_input(r, sizeof r);
        reports++;
        service(0);
    }
    double end = now() + 0.5;
    while (now() < end) service(50);
    printf("bboard: sent %d reports (%.1f s); %d output reports from the driver; unplugging\n", reports,
           now() - start, outputs);
    memset(&ev, 0, sizeof ev);
    ev.type = UHID_DESTROY;
    write(fd, &ev, sizeof ev);
    return 0;
}
