#ifndef PLANTAR_CSYSTEMD_SHIM_H
#define PLANTAR_CSYSTEMD_SHIM_H
/*
 * sd-bus (libsystemd): Plantar talks to BlueZ over D-Bus with the non-variadic calls only.
 *
 * libsystemd is loaded with dlopen the first time one of these is called (pair, doctor's Bluetooth part, run with a
 * paired board), not when plantar starts: linked, it and the libraries it needs (libgcrypt, libgpg-error, liblzma,
 * libzstd, liblz4, libcap) are loaded and relocated at every start of every command, a replay included. The
 * functions below have the library's names and signatures, so the Swift code calls them as it would the library's;
 * the header's own declarations are renamed out of the way while it is included. Without the library, the calls
 * fail with -ENOSYS (no D-Bus: the callers report it) and the unref/free ones do nothing.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define sd_bus_open_system plantar_library_sd_bus_open_system
#define sd_bus_flush_close_unref plantar_library_sd_bus_flush_close_unref
#define sd_bus_call plantar_library_sd_bus_call
#define sd_bus_message_new_method_call plantar_library_sd_bus_message_new_method_call
#define sd_bus_message_unref plantar_library_sd_bus_message_unref
#define sd_bus_message_append_basic plantar_library_sd_bus_message_append_basic
#define sd_bus_message_open_container plantar_library_sd_bus_message_open_container
#define sd_bus_message_close_container plantar_library_sd_bus_message_close_container
#define sd_bus_message_read_basic plantar_library_sd_bus_message_read_basic
#define sd_bus_message_enter_container plantar_library_sd_bus_message_enter_container
#define sd_bus_message_exit_container plantar_library_sd_bus_message_exit_container
#define sd_bus_message_peek_type plantar_library_sd_bus_message_peek_type
#define sd_bus_error_free plantar_library_sd_bus_error_free
#include <systemd/sd-bus.h>
#undef sd_bus_open_system
#undef sd_bus_flush_close_unref
#undef sd_bus_call
#undef sd_bus_message_new_method_call
#undef sd_bus_message_unref
#undef sd_bus_message_append_basic
#undef sd_bus_message_open_container
#undef sd_bus_message_close_container
#undef sd_bus_message_read_basic
#undef sd_bus_message_enter_container
#undef sd_bus_message_exit_container
#undef sd_bus_message_peek_type
#undef sd_bus_error_free

/* SD_BUS_ERROR_NULL is a macro initialiser. */
static inline sd_bus_error plantar_bus_error_null(void) {
    sd_bus_error e = SD_BUS_ERROR_NULL;
    return e;
}

struct plantar_sd_bus_functions {
    int (*open_system)(sd_bus **ret);
    sd_bus *(*flush_close_unref)(sd_bus *bus);
    int (*call)(sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *ret_error, sd_bus_message **reply);
    int (*message_new_method_call)(sd_bus *bus, sd_bus_message **m, const char *destination, const char *path,
                                   const char *interface, const char *member);
    sd_bus_message *(*message_unref)(sd_bus_message *m);
    int (*message_append_basic)(sd_bus_message *m, char type, const void *p);
    int (*message_open_container)(sd_bus_message *m, char type, const char *contents);
    int (*message_close_container)(sd_bus_message *m);
    int (*message_read_basic)(sd_bus_message *m, char type, void *p);
    int (*message_enter_container)(sd_bus_message *m, char type, const char *contents);
    int (*message_exit_container)(sd_bus_message *m);
    int (*message_peek_type)(sd_bus_message *m, char *type, const char **contents);
    void (*error_free)(sd_bus_error *e);
};

/* Where the functions are kept (statics in functions: a header's file-scope statics are not emitted for Swift). */
static inline struct plantar_sd_bus_functions *plantar_sd_bus_slot(void) {
    static struct plantar_sd_bus_functions slot;
    return &slot;
}

static inline void plantar_sd_bus_load(void) {
    void *h = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) return;
    struct plantar_sd_bus_functions f;
    *(void **)&f.open_system = dlsym(h, "sd_bus_open_system");
    *(void **)&f.flush_close_unref = dlsym(h, "sd_bus_flush_close_unref");
    *(void **)&f.call = dlsym(h, "sd_bus_call");
    *(void **)&f.message_new_method_call = dlsym(h, "sd_bus_message_new_method_call");
    *(void **)&f.message_unref = dlsym(h, "sd_bus_message_unref");
    *(void **)&f.message_append_basic = dlsym(h, "sd_bus_message_append_basic");
    *(void **)&f.message_open_container = dlsym(h, "sd_bus_message_open_container");
    *(void **)&f.message_close_container = dlsym(h, "sd_bus_message_close_container");
    *(void **)&f.message_read_basic = dlsym(h, "sd_bus_message_read_basic");
    *(void **)&f.message_enter_container = dlsym(h, "sd_bus_message_enter_container");
    *(void **)&f.message_exit_container = dlsym(h, "sd_bus_message_exit_container");
    *(void **)&f.message_peek_type = dlsym(h, "sd_bus_message_peek_type");
    *(void **)&f.error_free = dlsym(h, "sd_bus_error_free");
    if (f.open_system && f.flush_close_unref && f.call && f.message_new_method_call &&
        f.message_unref && f.message_append_basic && f.message_open_container &&
        f.message_close_container && f.message_read_basic && f.message_enter_container &&
        f.message_exit_container && f.message_peek_type && f.error_free) {
        *plantar_sd_bus_slot() = f;
    }
}

/* The library's functions, loaded the first time; NULL when it cannot be loaded. */
static inline const struct plantar_sd_bus_functions *plantar_sd_bus(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, plantar_sd_bus_load);
    const struct plantar_sd_bus_functions *f = plantar_sd_bus_slot();
    return f->open_system ? f : NULL;
}

static inline int sd_bus_open_system(sd_bus **ret) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->open_system(ret) : -ENOSYS;
}

static inline sd_bus *sd_bus_flush_close_unref(sd_bus *bus) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->flush_close_unref(bus) : NULL;
}

static inline int sd_bus_call(sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *ret_error,
                              sd_bus_message **reply) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->call(bus, m, usec, ret_error, reply) : -ENOSYS;
}

static inline int sd_bus_message_new_method_call(sd_bus *bus, sd_bus_message **m, const char *destination,
                                                 const char *path, const char *interface, const char *member) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_new_method_call(bus, m, destination, path, interface, member) : -ENOSYS;
}

static inline sd_bus_message *sd_bus_message_unref(sd_bus_message *m) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_unref(m) : NULL;
}

static inline int sd_bus_message_append_basic(sd_bus_message *m, char type, const void *p) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_append_basic(m, type, p) : -ENOSYS;
}

static inline int sd_bus_message_open_container(sd_bus_message *m, char type, const char *contents) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_open_container(m, type, contents) : -ENOSYS;
}

static inline int sd_bus_message_close_container(sd_bus_message *m) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_close_container(m) : -ENOSYS;
}

static inline int sd_bus_message_read_basic(sd_bus_message *m, char type, void *p) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_read_basic(m, type, p) : -ENOSYS;
}

static inline int sd_bus_message_enter_container(sd_bus_message *m, char type, const char *contents) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_enter_container(m, type, contents) : -ENOSYS;
}

static inline int sd_bus_message_exit_container(sd_bus_message *m) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_exit_container(m) : -ENOSYS;
}

static inline int sd_bus_message_peek_type(sd_bus_message *m, char *type, const char **contents) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    return f ? f->message_peek_type(m, type, contents) : -ENOSYS;
}

static inline void sd_bus_error_free(sd_bus_error *e) {
    const struct plantar_sd_bus_functions *f = plantar_sd_bus();
    if (f) f->error_free(e);
}

#endif
