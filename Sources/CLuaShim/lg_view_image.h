/* Reading an event image (the layout is LG_IMAGE_* in lg_shim.h): private to lg_view.c,
   which shows an image to rules as views. */
#ifndef LG_VIEW_IMAGE_H
#define LG_VIEW_IMAGE_H

#include <stdint.h>
#include <string.h>
#include "lg_internal.h"

typedef struct {
    const unsigned char *bytes;
    size_t size;
} image;

static inline uint32_t u32_at(const image *img, size_t at) {
    uint32_t v;
    memcpy(&v, img->bytes + at, sizeof v);
    return v;
}

/* The size of the node at `at`, or 0 when it runs past the image (never, for the host's). */
static inline size_t node_size(const image *img, size_t at) {
    if (at >= img->size) return 0;
    size_t size;
    switch (img->bytes[at]) {
    case LG_IMAGE_STRING:
        if (img->size - at < 5) return 0;
        size = 5 + (size_t)u32_at(img, at + 1);
        break;
    case LG_IMAGE_INTEGER:
    case LG_IMAGE_NUMBER: size = 9; break;
    case LG_IMAGE_TRUE:
    case LG_IMAGE_FALSE: size = 1; break;
    case LG_IMAGE_TABLE:
        if (img->size - at < 13) return 0;
        size = 13 + (size_t)u32_at(img, at + 1);
        break;
    default: return 0;
    }
    return size <= img->size - at ? size : 0;
}

static inline uint32_t array_count(const image *img, size_t table) { return u32_at(img, table + 5); }
static inline uint32_t field_count(const image *img, size_t table) { return u32_at(img, table + 9); }

/* Whether the key node at `at` is the Lua value at `key`. */
static inline int key_matches(lua_State *L, int key, const image *img, size_t at) {
    switch (img->bytes[at]) {
    case LG_IMAGE_STRING: {
        if (lua_type(L, key) != LUA_TSTRING) return 0;
        size_t length;
        const char *s = lua_tolstring(L, key, &length);
        return length == u32_at(img, at + 1) && memcmp(s, img->bytes + at + 5, length) == 0;
    }
    case LG_IMAGE_INTEGER: {
        int64_t v;
        memcpy(&v, img->bytes + at + 1, sizeof v);
        return lua_isinteger(L, key) && lua_tointeger(L, key) == (lua_Integer)v;
    }
    case LG_IMAGE_NUMBER: {
        double v;
        memcpy(&v, img->bytes + at + 1, sizeof v);
        return lua_type(L, key) == LUA_TNUMBER && !lua_isinteger(L, key) && lua_tonumber(L, key) == v;
    }
    case LG_IMAGE_TRUE: return lua_type(L, key) == LUA_TBOOLEAN && lua_toboolean(L, key);
    case LG_IMAGE_FALSE: return lua_type(L, key) == LUA_TBOOLEAN && !lua_toboolean(L, key);
    default: return 0;
    }
}

/* The offset of the value stored under the Lua value at `key` in the table node `table`,
   or 0 when there is none. Array items come first, then (key, value) pairs. */
static inline size_t find(lua_State *L, int key, const image *img, size_t table) {
    size_t at = table + 13, size;
    uint32_t items = array_count(img, table);
    if (lua_isinteger(L, key)) {
        lua_Integer i = lua_tointeger(L, key);
        if (i >= 1 && (uint64_t)i <= items) {
            for (lua_Integer n = 1; n < i; n++) {
                if ((size = node_size(img, at)) == 0) return 0;
                at += size;
            }
            return node_size(img, at) ? at : 0;
        }
    }
    for (uint32_t n = 0; n < items; n++) {
        if ((size = node_size(img, at)) == 0) return 0;
        at += size;
    }
    for (uint32_t n = field_count(img, table); n > 0; n--) {
        size_t key_size = node_size(img, at);
        if (key_size == 0) return 0;
        if (key_matches(L, key, img, at)) return node_size(img, at + key_size) ? at + key_size : 0;
        at += key_size;
        if ((size = node_size(img, at)) == 0) return 0;
        at += size;
    }
    return 0;
}

#endif
