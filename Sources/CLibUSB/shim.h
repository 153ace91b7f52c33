#ifndef PLANTAR_CLIBUSB_SHIM_H
#define PLANTAR_CLIBUSB_SHIM_H
#include <libusb.h>

/* libusb_set_option is variadic: Swift cannot call it. */
static inline int plantar_usb_set_debug_level(libusb_context *ctx, int level) {
    return libusb_set_option(ctx, LIBUSB_OPTION_LOG_LEVEL, level);
}

static inline int plantar_usb_has_hotplug(void) {
    return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG);
}

#endif
