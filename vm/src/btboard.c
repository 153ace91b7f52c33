/* btboard: a Wii Balance Board on the far side of a virtual Bluetooth link, for the real BlueZ chain.
 *
 *   btboard HCI_INDEX FIXTURE
 *
 * Takes controller hciN (one of btvirt's emulated controllers) through an HCI user channel, so that bluetoothd
 * and the kernel leave it alone, and is the board's own host on it, as the board's firmware is:
 *   - discoverable and connectable as "Nintendo RVL-WBC-01", class of device 0x002504 (peripheral, joystick);
 *   - legacy PIN pairing (no Secure Simple Pairing, like the board): it answers the PIN request with the connecting
 *     host's address, the PIN a board paired through its red SYNC button expects, and keeps the link key;
 *   - L2CAP signalling for the channels the host opens: SDP (PSM 0x01, the board's HID and PnP records: 057e:0306,
 *     the board's HID report descriptor), HID control (PSM 0x11) and HID interrupt (PSM 0x13);
 *   - on the interrupt channel, the Wii remote protocol vm/src/bboard.c speaks over uhid (status, memory reads
 *     of the extension id and calibration, memory-write acks), then the recording's corners as 0x34 reports at
 *     the recording's times once the driver asks for extension data.
 * Prints one line per step; exits when the host disconnects after the recording (or after 120 s).
 *
 *   btboard HCI_INDEX FIXTURE reconnect
 *
 * also plays the board switched off and back on by its front power button: after the first session's disconnect it
 * is neither discoverable nor connectable until /tmp/btboard.power exists, then it pages the bonded host itself
 * (Create Connection, the stored link key) and opens the HID control and interrupt channels to it, as the real
 * board does; the recording starts over for the second session, and the board exits after its disconnect. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define AF_BT 31
#define BTPROTO_HCI 1
#define HCI_CHANNEL_USER 1
struct sockaddr_hci {
    sa_family_t family;
    unsigned short dev;
    unsigned short channel;
};

static int hci;
static uint8_t own[6], host[6], link_key[16];
static int have_key, handle = -1, acl_mtu = 192, feeding, disconnected, paging;
static FILE *fixture;
static double feed_start, first_t = -1, next_t = -1;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void say(const char *what) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("btboard: [%5ld.%03ld] %s\n", (long)ts.tv_sec, ts.tv_nsec / 1000000, what);
    fflush(stdout);
}

static void cmd(uint16_t opcode, const void *params, uint8_t len) {
    uint8_t b[260] = {0x01, opcode & 0xff, opcode >> 8, len};
    memcpy(b + 4, params, len);
    if (write(hci, b, 4 + len) != 4 + len) perror("btboard: HCI command");
}

/* ---- L2CAP */
struct chan {
    uint16_t psm, local, remote, mtu;
    int used, conf_in, conf_out, ours; /* configured each way; opened by the board */
};
static struct chan chans[8];
static uint8_t ident = 1;

static void l2cap_send(uint16_t cid, const uint8_t *data, size_t len) {
    uint8_t frame[1024];
    frame[0] = len & 0xff, frame[1] = len >> 8, frame[2] = cid & 0xff, frame[3] = cid >> 8;
    memcpy(frame + 4, data, len);
    size_t total = len + 4;
    for (size_t off = 0; off < total;) {
        size_t n = total - off > (size_t)acl_mtu ? (size_t)acl_mtu : total - off;
        uint8_t pkt[1100];
        uint16_t h = (uint16_t)(handle | ((off == 0 ? 0x02 : 0x01) << 12));
        pkt[0] = 0x02, pkt[1] = h & 0xff, pkt[2] = h >> 8, pkt[3] = n & 0xff, pkt[4] = n >> 8;
        memcpy(pkt + 5, frame + off, n);
        if (write(hci, pkt, 5 + n) != (ssize_t)(5 + n)) perror("btboard: ACL");
        off += n;
    }
}

static void signal_send(uint8_t code, uint8_t id, const uint8_t *data, uint16_t len) {
    uint8_t b[64] = {code, id, len & 0xff, len >> 8};
    memcpy(b + 4, data, len);
    l2cap_send(0x0001, b, 4 + len);
}

static struct chan *chan_by_local(uint16_t cid) {
    for (int i = 0; i < 8; i++)
        if (chans[i].used && chans[i].local == cid) return &chans[i];
    return NULL;
}

static struct chan *chan_by_psm(uint16_t psm) {
    for (int i = 0; i < 8; i++)
        if (chans[i].used && chans[i].psm == psm) return &chans[i];
    return NULL;
}

/* ---- SDP: the board's two records, as data elements */
static uint8_t hid_rec[600], pnp_rec[200];
static size_t hid_len, pnp_len;
static uint8_t *put;
static void u8(uint8_t v) { *put++ = 0x08, *put++ = v; }
static void u16(uint16_t v) { *put++ = 0x09, *put++ = v >> 8, *put++ = v & 0xff; }
static void u32(uint32_t v) { *put++ = 0x0a, *put++ = v >> 24, *put++ = v >> 16, *put++ = v >> 8, *put++ = v; }
static void uuid(uint16_t v) { *put++ = 0x19, *put++ = v >> 8, *put++ = v & 0xff; }
static void boolean(int v) { *put++ = 0x28, *put++ = (uint8_t)v; }
static void attr(uint16_t id) { u16(id); }
static void str(const void *s, size_t n) {
    *put++ = 0x25, *put++ = (uint8_t)n;
    memcpy(put, s, n);
    put += n;
}
/* A sequence: opened with a 16-bit length, closed by seq_end. */
static uint8_t *seq(void) {
    *put++ = 0x36;
    put += 2;
    return put;
}
static void seq_end(uint8_t *start) {
    size_t n = put - start;
    start[-2] = n >> 8, start[-1] = n & 0xff;
}

/* The board's HID report descriptor (the report ids and sizes bboard.c declares). */
static size_t rdesc(uint8_t *d) {
    static const uint8_t out_ids[] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a};
    static const uint8_t out_len[] = {1, 1, 2, 1, 1, 1, 21, 6, 21, 1, 1};
    static const uint8_t in_ids[] = {0x20, 0x21, 0x22, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x3d, 0x3e, 0x3f};
    static const uint8_t in_len[] = {6, 21, 4, 2, 5, 10, 17, 21, 21, 21, 21, 21, 21, 21};
    const uint8_t head[] = {0x05, 0x01, 0x09, 0x05, 0xa1, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x06, 0x00, 0xff};
    size_t n = sizeof head;
    memcpy(d, head, n);
    for (size_t i = 0; i < sizeof out_ids; i++) {
        const uint8_t r[] = {0x85, out_ids[i], 0x95, out_len[i], 0x09, 0x01, 0x91, 0x00};
        memcpy(d + n, r, sizeof r), n += sizeof r;
    }
    for (size_t i = 0; i < sizeof in_ids; i++) {
        const uint8_t r[] = {0x85, in_ids[i], 0x95, in_len[i], 0x09, 0x01, 0x81, 0x00};
        memcpy(d + n, r, sizeof r), n += sizeof r;
    }
    d[n++] = 0xc0;
    return n;
}

static void build_records(void) {
    uint8_t *a, *b, *c, *d;
    put = hid_rec;
    a = seq();
    attr(0x0000), u32(0x00010000);
    attr(0x0001), b = seq(), uuid(0x1124), seq_end(b);
    attr(0x0004), b = seq(), c = seq(), uuid(0x0100), u16(0x0011), seq_end(c), c = seq(), uuid(0x0011), seq_end(c), seq_end(b);
    attr(0x0005), b = seq(), uuid(0x1002), seq_end(b);
    attr(0x0006), b = seq(), u16(0x656e), u16(0x006a), u16(0x0100), seq_end(b);
    attr(0x0009), b = seq(), c = seq(), uuid(0x1124), u16(0x0100), seq_end(c), seq_end(b);
    attr(0x000d), b = seq(), c = seq(), d = seq(), uuid(0x0100), u16(0x0013), seq_end(d), d = seq(), uuid(0x0011),
        seq_end(d), seq_end(c), seq_end(b);
    attr(0x0100), str("Nintendo RVL-WBC-01", 19);
    attr(0x0101), str("Nintendo RVL-WBC-01", 19);
    attr(0x0102), str("Nintendo", 8);
    attr(0x0200), u16(0x0100);
    attr(0x0201), u16(0x0111);
    attr(0x0202), u8(0x04);
    attr(0x0203), u8(0x33);
    attr(0x0204), boolean(0);
    attr(0x0205), boolean(1);
    uint8_t desc[300];
    size_t dn = rdesc(desc);
    attr(0x0206), b = seq(), c = seq(), u8(0x22), *put++ = 0x26, *put++ = dn >> 8, *put++ = dn & 0xff;
    memcpy(put, desc, dn), put += dn, seq_end(c), seq_end(b);
    attr(0x0207), b = seq(), c = seq(), u16(0x0409), u16(0x0100), seq_end(c), seq_end(b);
    attr(0x0208), boolean(0);
    attr(0x0209), boolean(1);
    attr(0x020a), boolean(1);
    attr(0x020b), u16(0x0100);
    attr(0x020c), u16(0x0c80);
    attr(0x020d), boolean(0);
    attr(0x020e), boolean(0);
    seq_end(a);
    hid_len = put - hid_rec;
    put = pnp_rec;
    a = seq();
    attr(0x0000), u32(0x00010001);
    attr(0x0001), b = seq(), uuid(0x1200), seq_end(b);
    attr(0x0004), b = seq(), c = seq(), uuid(0x0100), u16(0x0001), seq_end(c), c = seq(), uuid(0x0001), seq_end(c), seq_end(b);
    attr(0x0005), b = seq(), uuid(0x1002), seq_end(b);
    attr(0x0200), u16(0x0100);
    attr(0x0201), u16(0x057e);
    attr(0x0202), u16(0x0306);
    attr(0x0203), u16(0x0600);
    attr(0x0204), boolean(1);
    attr(0x0205), u16(0x0002);
    seq_end(a);
    pnp_len = put - pnp_rec;
}

/* Does record r (n bytes) hold every UUID16 of the search pattern? */
static int rec_matches(const uint8_t *r, size_t n, const uint8_t *pat, size_t pn) {
    for (size_t i = 0; i + 2 < pn; i++) {
        if (pat[i] != 0x19) continue;
        int found = 0;
        for (size_t j = 0; j + 2 < n && !found; j++) found = r[j] == 0x19 && r[j + 1] == pat[i + 1] && r[j + 2] == pat[i + 2];
        if (!found) return 0;
        i += 2;
    }
    return 1;
}

static void sdp(struct chan *ch, const uint8_t *p, size_t len) {
    if (len < 5) return;
    uint8_t rsp[900], *o = rsp + 5;
    const uint8_t *pat = p + 5;
    size_t pn = len - 5;
    if (pat[0] == 0x35) pn = pat[1] + 2; /* the pattern's own sequence */
    const uint8_t *recs[2] = {hid_rec, pnp_rec};
    size_t lens[2] = {hid_len, pnp_len};
    uint8_t id;
    if (p[0] == 0x06) { /* ServiceSearchAttributeRequest: every matching record, all attributes */
        uint8_t *lists = o + 2;
        *lists = 0x36;
        uint8_t *q = lists + 3;
        for (int i = 0; i < 2; i++)
            if (rec_matches(recs[i], lens[i], pat, pn)) memcpy(q, recs[i], lens[i]), q += lens[i];
        size_t body = q - (lists + 3);
        lists[1] = body >> 8, lists[2] = body & 0xff;
        size_t count = q - lists;
        o[0] = count >> 8, o[1] = count & 0xff;
        o = q;
        id = 0x07;
    } else if (p[0] == 0x02) { /* ServiceSearchRequest: the matching handles */
        int n = 0;
        uint8_t *h = o + 4;
        for (int i = 0; i < 2; i++)
            if (rec_matches(recs[i], lens[i], pat, pn)) *h++ = 0, *h++ = 1, *h++ = 0, *h++ = (uint8_t)i, n++;
        o[0] = 0, o[1] = n, o[2] = 0, o[3] = n;
        o = h;
        id = 0x03;
    } else if (p[0] == 0x04 && len >= 9) { /* ServiceAttributeRequest: the record of that handle */
        int i = p[8] == 1 ? 1 : 0;
        o[0] = lens[i] >> 8, o[1] = lens[i] & 0xff;
        memcpy(o + 2, recs[i], lens[i]);
        o += 2 + lens[i];
        id = 0x05;
    } else {
        o[0] = 0, o[1] = 0x03;
        o += 2;
        id = 0x01;
    }
    if (id != 0x01) *o++ = 0; /* no continuation */
    size_t plen = o - (rsp + 5);
    rsp[0] = id, rsp[1] = p[1], rsp[2] = p[2], rsp[3] = plen >> 8, rsp[4] = plen & 0xff;
    l2cap_send(ch->remote, rsp, o - rsp);
}

/* ---- the Wii remote protocol on the HID interrupt channel */
static int statuses, reads, writes;

static void hid_input(const uint8_t *report, size_t n) {
    struct chan *ch = chan_by_psm(0x13);
    if (!ch) return;
    uint8_t b[32] = {0xa1};
    memcpy(b + 1, report, n);
    l2cap_send(ch->remote, b, n + 1);
}

static void read_memory(unsigned addr, unsigned size) {
    uint8_t mem[32] = {0};
    int known = 0;
    if (addr == 0xa400fa) {
        const uint8_t idb[] = {0x00, 0x00, 0xa4, 0x20, 0x04, 0x02};
        memcpy(mem, idb, sizeof idb), known = 1;
    } else if (addr >= 0xa40024 && addr + size <= 0xa40024 + 24) {
        uint8_t cal[24];
        for (int level = 0; level < 3; level++)
            for (int corner = 0; corner < 4; corner++) {
                cal[level * 8 + corner * 2] = (level * 1700) >> 8;
                cal[level * 8 + corner * 2 + 1] = (level * 1700) & 0xff;
            }
        memcpy(mem, cal + (addr - 0xa40024), size), known = 1;
    }
    if (size > 16) size = 16;
    uint8_t r[22] = {0x21, 0, 0};
    r[3] = known ? (uint8_t)((size - 1) << 4) : 0x08;
    r[4] = (addr >> 8) & 0xff, r[5] = addr & 0xff;
    memcpy(r + 6, mem, 16);
    hid_input(r, 22);
    reads++;
}

static void wii_output(const uint8_t *d, size_t n) {
    if (n < 2) return;
    switch (d[0]) {
    case 0x12: /* data reporting mode: 0x32 and up carry extension bytes (the evdev node is open) */
        if (n >= 3 && d[2] >= 0x32 && !feeding) {
            feeding = 1;
            feed_start = now();
            printf("btboard: hid-wiimote asked for extension data after %d status, %d write and %d read requests\n",
                   statuses, writes, reads);
            fflush(stdout);
        } else if (n >= 3 && d[2] < 0x32 && feeding) { /* the node was closed: start over for the next reader */
            feeding = 0;
            rewind(fixture);
            first_t = next_t = -1;
            say("extension data off: recording rewound");
        }
        break;
    case 0x15: {
        const uint8_t r[] = {0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0xc8};
        hid_input(r, sizeof r), statuses++;
        break;
    }
    case 0x16: {
        const uint8_t r[] = {0x22, 0x00, 0x00, 0x16, 0x00};
        hid_input(r, sizeof r), writes++;
        break;
    }
    case 0x17:
        if (n >= 7) read_memory((unsigned)d[2] << 16 | d[3] << 8 | d[4], (unsigned)d[5] << 8 | d[6]);
        break;
    }
}

/* ---- channels the board opens (reconnecting from its power button): control, then interrupt */
static void l2cap_connect(uint16_t psm) {
    for (int i = 0; i < 8; i++)
        if (!chans[i].used) {
            chans[i] = (struct chan){psm, (uint16_t)(0x40 + i), 0, 672, 1, 0, 0, 1};
            uint8_t r[4] = {psm & 0xff, psm >> 8, chans[i].local & 0xff, chans[i].local >> 8};
            signal_send(0x02, ident++, r, 4);
            return;
        }
}

static void channel_ready(struct chan *ch) {
    if (!ch->ours || !ch->conf_in || !ch->conf_out) return;
    printf("btboard: opened L2CAP channel PSM 0x%02x to the host\n", ch->psm), fflush(stdout);
    if (ch->psm == 0x11) l2cap_connect(0x13);
}

/* ---- L2CAP frames from the host */
static void signalling(const uint8_t *p, size_t len) {
    while (len >= 4) {
        uint8_t code = p[0], id = p[1];
        uint16_t n = p[2] | p[3] << 8;
        const uint8_t *d = p + 4;
        if (n + 4u > len) return;
        if (code == 0x02 && n >= 4) { /* connection request */
            uint16_t psm = d[0] | d[1] << 8, scid = d[2] | d[3] << 8, result = 0x0002;
            uint16_t local = 0;
            if (psm == 0x01 || psm == 0x11 || psm == 0x13) {
                for (int i = 0; i < 8; i++)
                    if (!chans[i].used) {
                        chans[i] = (struct chan){psm, (uint16_t)(0x40 + i), scid, 672, 1, 0, 0, 0};
                        local = chans[i].local, result = 0;
                        break;
                    }
            }
            uint8_t r[8] = {local & 0xff, local >> 8, scid & 0xff, scid >> 8, result & 0xff, result >> 8, 0, 0};
            signal_send(0x03, id, r, 8);
            if (!result) {
                uint8_t c[4] = {scid & 0xff, scid >> 8, 0, 0};
                signal_send(0x04, ident++, c, 4);
                printf("btboard: L2CAP channel PSM 0x%02x open\n", psm), fflush(stdout);
            }
        } else if (code == 0x04 && n >= 4) { /* configuration request */
            struct chan *ch = chan_by_local(d[0] | d[1] << 8);
            for (size_t o = 4; ch && o + 2 <= n; o += 2 + d[o + 1])
                if (d[o] == 0x01 && d[o + 1] == 2) ch->mtu = d[o + 2] | d[o + 3] << 8;
            uint16_t remote = ch ? ch->remote : 0;
            uint8_t r[6] = {remote & 0xff, remote >> 8, 0, 0, 0, 0};
            signal_send(0x05, id, r, 6);
            if (ch) ch->conf_in = 1, channel_ready(ch);
        } else if (code == 0x03 && n >= 8) { /* connection response to a channel the board opens */
            struct chan *ch = chan_by_local(d[2] | d[3] << 8);
            uint16_t result = d[4] | d[5] << 8;
            if (ch && result == 0) {
                ch->remote = d[0] | d[1] << 8;
                uint8_t c[4] = {d[0], d[1], 0, 0};
                signal_send(0x04, ident++, c, 4);
            } else if (ch && result != 1) {
                printf("btboard: the host refused PSM 0x%02x (result %u)\n", ch->psm, result), fflush(stdout);
                ch->used = 0;
            }
        } else if (code == 0x05 && n >= 6) { /* configuration response */
            struct chan *ch = chan_by_local(d[0] | d[1] << 8);
            if (ch && !(d[4] | d[5] << 8)) ch->conf_out = 1, channel_ready(ch);
        } else if (code == 0x06 && n >= 4) { /* disconnection request */
            struct chan *ch = chan_by_local(d[0] | d[1] << 8);
            if (ch) ch->used = 0;
            signal_send(0x07, id, d, 4);
        } else if (code == 0x08) { /* echo */
            signal_send(0x09, id, d, n);
        } else if (code == 0x0a && n >= 2) { /* information request: not supported */
            uint8_t r[4] = {d[0], d[1], 0x01, 0x00};
            signal_send(0x0b, id, r, 4);
        } else if (code != 0x07 && code != 0x0b && code != 0x01) {
            uint8_t r[2] = {0, 0};
            signal_send(0x01, id, r, 2);
        }
        p += 4 + n, len -= 4 + n;
    }
}

static uint8_t rx[2048];
static size_t rx_len, rx_want;

static void l2cap_frame(const uint8_t *f, size_t len) {
    uint16_t cid = f[2] | f[3] << 8;
    const uint8_t *p = f + 4;
    size_t n = len - 4;
    if (cid == 0x0001) return signalling(p, n);
    struct chan *ch = chan_by_local(cid);
    if (!ch) return;
    if (ch->psm == 0x01) sdp(ch, p, n);
    if (ch->psm == 0x13 && n >= 2 && p[0] == 0xa2) wii_output(p + 1, n - 1);
    if (ch->psm == 0x11 && n >= 1 && (p[0] & 0xf0) >= 0x40 && (p[0] & 0xf0) <= 0x70) {
        uint8_t hs = (p[0] & 0xf0) == 0x50 || (p[0] & 0xf0) == 0x70 ? 0x00 : 0x04; /* handshake: ok / unsupported */
        l2cap_send(ch->remote, &hs, 1);
    }
}

static void acl(const uint8_t *p, size_t len) {
    if (len < 4) return;
    int pb = (p[1] >> 4) & 3;
    size_t n = p[2] | p[3] << 8;
    if (n + 4 > len) return;
    if (pb != 0x01) rx_len = 0, rx_want = n >= 2 ? (size_t)(p[4] | p[5] << 8) + 4 : 0;
    if (rx_len + n > sizeof rx) return;
    memcpy(rx + rx_len, p + 4, n), rx_len += n;
    if (rx_want && rx_len >= rx_want) l2cap_frame(rx, rx_want), rx_want = 0;
}

/* ---- HCI events */
static void event(const uint8_t *e, size_t len) {
    const uint8_t *d = e + 2;
    char line[160];
    switch (e[0]) {
    case 0x0e: /* command complete */
        if (len >= 6 && (d[1] | d[2] << 8) == 0x1009 && !d[3]) memcpy(own, d + 4, 6);
        if (len >= 7 && (d[1] | d[2] << 8) == 0x1005 && !d[3]) acl_mtu = d[4] | d[5] << 8;
        if (len >= 6 && d[3]) printf("btboard: command 0x%04x failed: 0x%02x\n", d[1] | d[2] << 8, d[3]);
        break;
    case 0x04: { /* connection request: accept, stay the peripheral */
        uint8_t a[7];
        memcpy(a, d, 6), a[6] = 0x01;
        cmd(0x0409, a, 7);
        break;
    }
    case 0x03: /* connection complete */
        if (!d[0]) {
            handle = d[1] | (d[2] & 0x0f) << 8;
            memcpy(host, d + 3, 6);
            snprintf(line, sizeof line, "connected to %02X:%02X:%02X:%02X:%02X:%02X (handle %d)", host[5], host[4],
                     host[3], host[2], host[1], host[0], handle);
            say(line);
            if (paging) paging = 0, l2cap_connect(0x11);
        } else {
            snprintf(line, sizeof line, "connection failed, status 0x%02x", d[0]);
            say(line);
            paging = 0;
        }
        break;
    case 0x16: { /* PIN code request: the host's address, as the SYNC button pairing expects */
        uint8_t r[23] = {0};
        memcpy(r, d, 6), r[6] = 6;
        memcpy(r + 7, d, 6);
        cmd(0x040d, r, 23);
        say("PIN requested: answered with the host's address (SYNC pairing)");
        break;
    }
    case 0x18: /* link key notification */
        memcpy(link_key, d + 6, 16), have_key = 1;
        say("paired: link key stored");
        break;
    case 0x17: { /* link key request */
        uint8_t r[22];
        memcpy(r, d, 6);
        if (have_key) memcpy(r + 6, link_key, 16), cmd(0x040b, r, 22);
        else cmd(0x040c, r, 6);
        break;
    }
    case 0x06: /* authentication complete */
        snprintf(line, sizeof line, "authentication complete, status 0x%02x", d[0]);
        say(line);
        break;
    case 0x08: /* encryption change */
        snprintf(line, sizeof line, "encryption %s, status 0x%02x", d[3] ? "on" : "off", d[0]);
        say(line);
        break;
    case 0x05: /* disconnection complete */
        snprintf(line, sizeof line, "host disconnected (reason 0x%02x)", d[3]);
        say(line);
        handle = -1, disconnected++;
        memset(chans, 0, sizeof chans);
        break;
    }
}

static void service(int timeout_ms) {
    struct pollfd p = {.fd = hci, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) <= 0) return;
    uint8_t b[2048];
    for (;;) {
        ssize_t n = read(hci, b, sizeof b);
        if (n <= 0) return;
        if (b[0] == 0x04 && n >= 3) event(b + 1, (size_t)n - 1);
        if (b[0] == 0x02) acl(b + 1, (size_t)n - 1);
        if (poll(&p, 1, 0) <= 0) return;
    }
}

/* The next frame of the recording, sent when due; returns 0 at the end. */
static int corner[4], button;
static int feed(void) {
    char line[256];
    for (;;) {
        if (next_t >= 0) {
            if (now() < feed_start + (next_t - first_t)) return 1;
            uint8_t r[22] = {0x34, 0x00, button ? 0x08 : 0x00};
            for (int i = 0; i < 4; i++) r[3 + 2 * i] = corner[i] >> 8, r[4 + 2 * i] = corner[i] & 0xff;
            hid_input(r, 22);
            next_t = -1;
        }
        if (!fgets(line, sizeof line, fixture)) return 0;
        double t;
        unsigned type, code;
        long value;
        if (sscanf(line, "E: %lf %x %x %ld", &t, &type, &code, &value) != 4) continue;
        if (first_t < 0) first_t = t;
        if (type == 3 && code >= 0x10 && code <= 0x13) corner[code - 0x10] = value > 65535 ? 65535 : (int)value;
        if (type == 1 && code == 0x130) button = value != 0;
        if (type == 0 && code == 0) next_t = t;
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: btboard HCI_INDEX FIXTURE\n");
        return 2;
    }
    fixture = fopen(argv[2], "r");
    if (!fixture) { perror(argv[2]); return 1; }
    build_records();
    hci = socket(AF_BT, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, BTPROTO_HCI);
    if (hci < 0) { perror("btboard: HCI socket"); return 1; }
    struct sockaddr_hci a = {AF_BT, (unsigned short)atoi(argv[1]), HCI_CHANNEL_USER};
    int tries = 0;
    while (bind(hci, (struct sockaddr *)&a, sizeof a) < 0) {
        if ((errno != EBUSY && errno != ENODEV) || ++tries > 200) { perror("btboard: user channel"); return 1; }
        usleep(50000);
    }
    cmd(0x0c03, NULL, 0);                 /* reset */
    service(500);
    cmd(0x1009, NULL, 0);                 /* read BD_ADDR */
    cmd(0x1005, NULL, 0);                 /* read buffer size */
    uint8_t name[248] = "Nintendo RVL-WBC-01";
    cmd(0x0c13, name, sizeof name);       /* local name */
    const uint8_t cod[3] = {0x04, 0x25, 0x00};
    cmd(0x0c24, cod, 3);                  /* class of device 0x002504 */
    const uint8_t scan = 0x03;
    cmd(0x0c1a, &scan, 1);                /* inquiry and page scan */
    for (int i = 0; i < 10; i++) service(50);
    char line[120];
    snprintf(line, sizeof line, "ready on hci%s as \"Nintendo RVL-WBC-01\" %02X:%02X:%02X:%02X:%02X:%02X (ACL MTU %d)",
             argv[1], own[5], own[4], own[3], own[2], own[1], own[0], acl_mtu);
    say(line);
    int reconnect = argc > 3 && !strcmp(argv[3], "reconnect");
    double deadline = now() + 120;
    int done = 0, fed = 0;
    while (now() < deadline) {
        service(feeding && !done ? 2 : 50);
        fed |= feeding;
        if (feeding && !done && handle >= 0 && !feed()) {
            done = 1;
            say("recording sent");
        }
        if (!(fed && handle < 0)) continue;
        if (!reconnect) break; /* the session is over and the host let the board go */
        /* Switched off: neither discoverable nor connectable until the power button, then it calls the host. */
        reconnect = 0, fed = 0, done = 0, feeding = 0;
        rewind(fixture);
        first_t = next_t = -1;
        const uint8_t off = 0x00;
        double quiet = now() + (getenv("BTBOARD_OFF_DELAY") ? atof(getenv("BTBOARD_OFF_DELAY")) : 0);
        while (now() < quiet) service(50);
        cmd(0x0c1a, &off, 1);
        say("off: not connectable until the power button (/tmp/btboard.power)");
        while (access("/tmp/btboard.power", F_OK) != 0 && now() < deadline) service(50);
        say("power button: paging the host");
        uint8_t cc[13] = {0};
        memcpy(cc, host, 6);
        cc[6] = 0x18, cc[7] = 0xcc, cc[8] = 0x01, cc[12] = 0x01; /* DM/DH packets, R1, allow role switch */
        paging = 1;
        cmd(0x0405, cc, 13);
        deadline = now() + 120;
    }
    say(fed && handle < 0 ? "done" : "gave up waiting for the host");
    return fed && handle < 0 ? 0 : 1;
}
