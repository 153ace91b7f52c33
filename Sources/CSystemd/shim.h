#ifndef PLANTAR_CSYSTEMD_SHIM_H
#define PLANTAR_CSYSTEMD_SHIM_H
/* sd-bus (libsystemd): Plantar talks to BlueZ over D-Bus with the non-variadic calls only. */
#include <systemd/sd-bus.h>

/* SD_BUS_ERROR_NULL is a macro initialiser. */
static inline sd_bus_error plantar_bus_error_null(void) {
    sd_bus_error e = SD_BUS_ERROR_NULL;
    return e;
}

#endif
