#include <stdint.h>
#include <string.h>
#include "lg_internal.h"

/* Reads `size` bytes of the image at *at, or raises if the image is shorter. */
static const unsigned char *take(lua_State *L, const unsigned char **at, const unsigned char *end, size_t size) {
    if ((size_t)(end - *at) < size) luaL_error(L, "event image cut short");
    const unsigned char *p = *at;
    *at += size;
    return p;
}

static uint32_t take_u32(lua_State *L, const unsigned char **at, const unsigned char *end) {
    uint32_t v;
    memcpy(&v, take(L, at, end, sizeof v), sizeof v);
    return v;
}

int lg_event_build(lua_State *L) {
    const unsigned char *at = lua_touserdata(L, 1);
    const unsigned char *end = at + (size_t)lua_tointeger(L, 2);
    int base = lua_gettop(L); /* 4: image, length, event and contact metatables */
    while (at < end) {
        luaL_checkstack(L, 4, "event image nested too deeply");
        int op = *take(L, &at, end, 1);
        switch (op) {
        case LG_IMAGE_TABLE: {
            uint32_t array = take_u32(L, &at, end);
            uint32_t fields = take_u32(L, &at, end);
            lua_createtable(L, (int)(array < 1u << 20 ? array : 0), (int)(fields < 1u << 20 ? fields : 0));
            break;
        }
        case LG_IMAGE_STRING: {
            uint32_t length = take_u32(L, &at, end);
            lua_pushlstring(L, (const char *)take(L, &at, end, length), length);
            break;
        }
        case LG_IMAGE_INTEGER: {
            int64_t v;
            memcpy(&v, take(L, &at, end, sizeof v), sizeof v);
            lua_pushinteger(L, (lua_Integer)v);
            break;
        }
        case LG_IMAGE_NUMBER: {
            double v;
            memcpy(&v, take(L, &at, end, sizeof v), sizeof v);
            lua_pushnumber(L, (lua_Number)v);
            break;
        }
        case LG_IMAGE_TRUE: lua_pushboolean(L, 1); break;
        case LG_IMAGE_FALSE: lua_pushboolean(L, 0); break;
        case LG_IMAGE_SET:
            if (lua_gettop(L) < base + 3 || lua_type(L, -3) != LUA_TTABLE) return luaL_error(L, "bad event image");
            lua_rawset(L, -3);
            break;
        default:
            return luaL_error(L, "bad event image");
        }
    }
    if (lua_gettop(L) != base + 1 || lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "bad event image");
    int event = base + 1;
    if (lua_getfield(L, event, "contact") != LUA_TTABLE) return luaL_error(L, "the event has no contact");
    if (lua_getfield(L, -1, "tags") != LUA_TTABLE) return luaL_error(L, "the event's contact has no tags");
    lua_pushvalue(L, 4);
    lua_setmetatable(L, -3); /* the contact's methods */
    lua_pushvalue(L, 3);
    lua_setmetatable(L, event); /* the event's methods */
    lua_pushvalue(L, event);
    lg_freeze_in_place(L, -1);
    lua_getfield(L, event, "contact"); /* frozen in place by now */
    lua_pushvalue(L, -3);              /* the raw tags */
    return 3;
}
