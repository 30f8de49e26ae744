#include <stdint.h>
#include <string.h>
#include "lg_view_image.h"

/*
 * Event views. Every rule file has its own VM, so every event reaches as many VMs as there
 * are files with a handler for it. Building the whole event as frozen tables in each of them
 * cost more than running the handlers (about 4 µs per VM, most of it allocation and garbage
 * collection), so a VM gets the event as one string, its image (see LG_IMAGE_* in
 * lg_shim.h), and a view of it: a userdata that reads fields out of the image when they are
 * indexed. A nested table becomes a view of its own on first access, kept in its parent's
 * cache so that `ev.contact == ev.contact`; long strings are kept there too, so that using
 * `ev.text` three times copies it once. The image lives in the VM like any other string, so
 * a rule that keeps events keeps their images, charged to its own memory budget.
 *
 * `ev.contact.tags` is the one part that changes while the event is handled: a handler's
 * tag or untag must show in the handlers after it, in every file. The current event's tags
 * are a plain sequence in the registry (TAGS_KEY), made from the image on first access or
 * set by the host when they change; the contact view shows it through a read-only proxy.
 */

#define LONG_STRING 40  /* strings longer than this are copied once and cached */
#define ARRAY_AT_ONCE 8 /* longer arrays are copied into the cache on the first index */

/* registry slots, keyed by these addresses (lua_rawgetp never allocates) */
static const char IMAGE_KEY = 0;    /* the current event's image string */
static const char TAGS_KEY = 0;     /* the current event's raw tags sequence, once made */
static const char META_KEYS[3] = {0, 0, 0}; /* the metatables of the three roles */

typedef struct {
    uint32_t offset; /* of the table node this view shows */
    int role;
} view;

/* ---- views ---------------------------------------------------------------------------- */

static view *check_view(lua_State *L, int index, image *img) {
    view *v = lua_touserdata(L, index);
    if (v == NULL || lua_getiuservalue(L, index, 1) != LUA_TSTRING) luaL_error(L, "bad event view");
    img->bytes = (const unsigned char *)lua_tolstring(L, -1, &img->size);
    lua_pop(L, 1); /* the view keeps the string alive */
    return v;
}

/* Pushes a new view of the table node at `offset` of the image held by the view at `parent`. */
static void push_view(lua_State *L, int parent, uint32_t offset, int role) {
    view *v = lua_newuserdatauv(L, sizeof(view), 2);
    v->offset = offset;
    v->role = role;
    lua_getiuservalue(L, parent, 1);
    lua_setiuservalue(L, -2, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &META_KEYS[role]);
    lua_setmetatable(L, -2);
}

/* Pushes the value node at `at`; a table becomes a view (the contact's, under the event). */
static void push_node(lua_State *L, int self, const image *img, size_t at, int role) {
    switch (img->bytes[at]) {
    case LG_IMAGE_STRING:
        lua_pushlstring(L, (const char *)img->bytes + at + 5, u32_at(img, at + 1));
        break;
    case LG_IMAGE_INTEGER: {
        int64_t v;
        memcpy(&v, img->bytes + at + 1, sizeof v);
        lua_pushinteger(L, (lua_Integer)v);
        break;
    }
    case LG_IMAGE_NUMBER: {
        double v;
        memcpy(&v, img->bytes + at + 1, sizeof v);
        lua_pushnumber(L, (lua_Number)v);
        break;
    }
    case LG_IMAGE_TRUE: lua_pushboolean(L, 1); break;
    case LG_IMAGE_FALSE: lua_pushboolean(L, 0); break;
    case LG_IMAGE_TABLE: push_view(L, self, (uint32_t)at, role); break;
    default: lua_pushnil(L);
    }
}

/* Pushes a plain sequence of the array items of the table node at `at` (the tags). */
static void push_sequence(lua_State *L, int self, const image *img, size_t at) {
    uint32_t items = array_count(img, at);
    lua_createtable(L, (int)(items < 1u << 16 ? items : 0), 0);
    size_t item = at + 13;
    for (uint32_t n = 1; n <= items; n++) {
        size_t size = node_size(img, item);
        if (size == 0) break;
        push_node(L, self, img, item, LG_VIEW_TABLE);
        lua_rawseti(L, -2, n);
        item += size;
    }
}

/* The view's cache (its second user value), made on first use when `make`; pushes it, or
   nothing (returning 0) when there is none. */
static int push_cache(lua_State *L, int self, int make) {
    if (lua_getiuservalue(L, self, 2) == LUA_TTABLE) return 1;
    lua_pop(L, 1);
    if (!make) return 0;
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, self, 2);
    return 1;
}

static int is_current(lua_State *L, int self) {
    lua_getiuservalue(L, self, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &IMAGE_KEY);
    int current = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return current;
}

/* The read-only tags of the contact view at `self`, whose tags node is at `at`: for the
   event being handled the live sequence, else the image's. */
static void push_tags(lua_State *L, int self, const image *img, size_t at) {
    if (is_current(L, self)) {
        if (lua_rawgetp(L, LUA_REGISTRYINDEX, &TAGS_KEY) != LUA_TTABLE) {
            lua_pop(L, 1);
            push_sequence(L, self, img, at);
            lua_pushvalue(L, -1);
            lua_rawsetp(L, LUA_REGISTRYINDEX, &TAGS_KEY);
        }
    } else {
        push_sequence(L, self, img, at);
    }
    lg_freeze_in_place(L, -1); /* a proxy whose __index is the sequence: it shows changes */
}

/* __index(view, key): the cache, then the image, then the role's methods (upvalue 1). */
static int view_index(lua_State *L) {
    image img;
    view *v = check_view(L, 1, &img);
    if (push_cache(L, 1, 0)) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, -2) != LUA_TNIL) return 1;
        lua_pop(L, 2);
    }
    uint32_t items = array_count(&img, v->offset);
    if (items > ARRAY_AT_ONCE && lua_isinteger(L, 2)) {
        lua_Integer i = lua_tointeger(L, 2);
        if (i < 1 || (uint64_t)i > items) return 0;
        /* ipairs over a long array would walk it once per item: copy it all, once */
        push_cache(L, 1, 1);
        size_t at = v->offset + 13;
        for (uint32_t n = 1; n <= items; n++) {
            size_t size = node_size(&img, at);
            if (size == 0) break;
            push_node(L, 1, &img, at, LG_VIEW_TABLE);
            lua_rawseti(L, -2, n);
            at += size;
            if ((n & 1023) == 0) lg_poll_time(L);
        }
        lua_rawgeti(L, -1, i);
        return 1;
    }
    size_t at = find(L, 2, &img, v->offset);
    if (at == 0) {
        if (lua_type(L, lua_upvalueindex(1)) != LUA_TTABLE) return 0;
        lua_pushvalue(L, 2);
        lua_rawget(L, lua_upvalueindex(1));
        return 1;
    }
    int kind = img.bytes[at];
    int keep = kind == LG_IMAGE_TABLE || (kind == LG_IMAGE_STRING && u32_at(&img, at + 1) > LONG_STRING);
    if (!keep) {
        push_node(L, 1, &img, at, LG_VIEW_TABLE);
        return 1;
    }
    push_cache(L, 1, 1);
    int is_string_key = lua_type(L, 2) == LUA_TSTRING;
    if (v->role == LG_VIEW_CONTACT && kind == LG_IMAGE_TABLE && is_string_key && strcmp(lua_tostring(L, 2), "tags") == 0)
        push_tags(L, 1, &img, at);
    else
        push_node(L, 1, &img, at,
                  v->role == LG_VIEW_EVENT && is_string_key && strcmp(lua_tostring(L, 2), "contact") == 0
                      ? LG_VIEW_CONTACT
                      : LG_VIEW_TABLE);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
    return 1;
}

static int view_len(lua_State *L) {
    image img;
    view *v = check_view(L, 1, &img);
    lua_pushinteger(L, (lua_Integer)array_count(&img, v->offset));
    return 1;
}

/* The iterator of pairs(view): upvalue 1 the view, upvalue 2 the next node's offset,
   upvalue 3 the number of nodes left (array items count one, fields one each). */
static int view_next(lua_State *L) {
    image img;
    view *v = check_view(L, lua_upvalueindex(1), &img);
    lua_Integer at = lua_tointeger(L, lua_upvalueindex(2));
    lua_Integer left = lua_tointeger(L, lua_upvalueindex(3));
    uint32_t items = array_count(&img, v->offset), fields = field_count(&img, v->offset);
    if (left <= 0 || at <= 0) return 0;
    lua_Integer done = (lua_Integer)items + fields - left;
    size_t size;
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    if (done < (lua_Integer)items) {
        lua_pushinteger(L, done + 1);
        if ((size = node_size(&img, (size_t)at)) == 0) return 0;
    } else {
        size_t key_size = node_size(&img, (size_t)at);
        if (key_size == 0) return 0;
        push_node(L, 1, &img, (size_t)at, LG_VIEW_TABLE);
        if ((size = node_size(&img, (size_t)at + key_size)) == 0) return 0;
        size += key_size;
    }
    lua_pushinteger(L, at + (lua_Integer)size);
    lua_replace(L, lua_upvalueindex(2));
    lua_pushinteger(L, left - 1);
    lua_replace(L, lua_upvalueindex(3));
    /* the value as indexing gives it: cached, a view, the live tags */
    lua_pushvalue(L, 2);
    lua_gettable(L, 1);
    return 2;
}

static int view_pairs(lua_State *L) {
    image img;
    view *v = check_view(L, 1, &img);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, (lua_Integer)v->offset + 13);
    lua_pushinteger(L, (lua_Integer)array_count(&img, v->offset) + field_count(&img, v->offset));
    lua_pushcclosure(L, view_next, 3);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

/* ---- the host's side ------------------------------------------------------------------ */

int lg_view_install(lua_State *L) {
    static const char *const names[3] = {"luagram.event", "luagram.contact", "luagram.table"};
    for (int role = 0; role < 3; role++) {
        lua_createtable(L, 0, 8);
        if (role == LG_VIEW_TABLE) lua_pushnil(L);
        else lua_pushvalue(L, role + 1); /* the methods */
        lua_pushcclosure(L, view_index, 1);
        lua_setfield(L, -2, "__index");
        lg_set_readonly_fields(L, view_len, view_pairs);
        lua_pushstring(L, names[role]);
        lua_setfield(L, -2, "__name");
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, LG_VIEW_FIELD);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &META_KEYS[role]);
    }
    return 0;
}

int lg_view_push_event(lua_State *L) {
    const char *bytes = lua_touserdata(L, 1);
    size_t length = (size_t)lua_tointeger(L, 2);
    lua_pushlstring(L, bytes, length);
    image img = {(const unsigned char *)bytes, length};
    if (node_size(&img, 0) != length || img.bytes[0] != LG_IMAGE_TABLE) return luaL_error(L, "bad event image");
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &IMAGE_KEY);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &TAGS_KEY);
    view *v = lua_newuserdatauv(L, sizeof(view), 2);
    v->offset = 0;
    v->role = LG_VIEW_EVENT;
    lua_insert(L, -2);
    lua_setiuservalue(L, -2, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &META_KEYS[LG_VIEW_EVENT]);
    lua_setmetatable(L, -2);
    return 1;
}

int lg_view_set_tags(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &TAGS_KEY) != LUA_TTABLE) {
        lua_pushvalue(L, 1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &TAGS_KEY);
        return 0;
    }
    /* rewritten in place: the proxies handed out already show this very table */
    lua_Integer old = (lua_Integer)lua_rawlen(L, -1), count = (lua_Integer)lua_rawlen(L, 1);
    for (lua_Integer i = 1; i <= count; i++) {
        lua_rawgeti(L, 1, i);
        lua_rawseti(L, -2, i);
    }
    for (lua_Integer i = count + 1; i <= old; i++) {
        lua_pushnil(L);
        lua_rawseti(L, -2, i);
    }
    return 0;
}

int lg_view_end(lua_State *L) {
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &IMAGE_KEY);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &TAGS_KEY);
    return 0;
}

int lg_view_locate(lua_State *L, int index, const unsigned char **bytes, size_t *size, uint32_t *offset) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return -1;
    int role = -1;
    for (int r = 0; r < 3 && role < 0; r++) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &META_KEYS[r]);
        if (lua_rawequal(L, -1, -2)) role = r;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (role < 0 || lua_getiuservalue(L, index, 1) != LUA_TSTRING) {
        if (role >= 0) lua_pop(L, 1);
        return -1;
    }
    *bytes = (const unsigned char *)lua_tolstring(L, -1, size);
    lua_pop(L, 1);
    *offset = ((view *)lua_touserdata(L, index))->offset;
    return role;
}

int lg_view_is_current(lua_State *L, int index, int role) {
    const unsigned char *bytes;
    size_t size;
    uint32_t offset;
    if (lg_view_locate(L, index, &bytes, &size, &offset) != role) return 0;
    return is_current(L, lua_absindex(L, index));
}

int lg_view_push_live_tags(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &TAGS_KEY) == LUA_TTABLE) return 1;
    lua_pop(L, 1);
    return 0;
}

int lg_type(lua_State *L) {
    luaL_checkany(L, 1);
    int t = lua_type(L, 1);
    if (t == LUA_TUSERDATA && luaL_getmetafield(L, 1, LG_VIEW_FIELD) != LUA_TNIL) t = LUA_TTABLE;
    lua_pushstring(L, lua_typename(L, t));
    return 1;
}
