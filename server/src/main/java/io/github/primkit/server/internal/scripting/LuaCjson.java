package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.lua.LuaFunction;
import io.github.primkit.server.internal.lua.LuaState;
import io.github.primkit.server.internal.lua.LuaString;
import io.github.primkit.server.internal.lua.LuaTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * lua-cjson 2.1.0 as Redis loads it ({@code cjson}): {@code encode}, {@code decode}, {@code new}, {@code null} and
 * the configuration functions, with its defaults (numbers {@code %.14g}, sparse arrays refused past a ratio of 2 and
 * index 10, nesting at most 1000 both ways, NaN/Inf refused when encoding and accepted when decoding, with hex
 * numbers) and its error texts ({@code Expected value but found T_END at character 1}). Empty tables encode as
 * {@code {}}. The configuration belongs to the module table, so it lasts as long as the scripting state (until
 * SCRIPT FLUSH), as in Redis.
 */
final class LuaCjson {
    /** cjson.null: Lua's NULL light userdata. */
    static final LuaSupport.LightUserdata NULL = new LuaSupport.LightUserdata("userdata: NULL");

    private static final String[] TOKEN_NAMES = {"T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END",
        "T_STRING", "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR"};
    private static final int T_OBJ_BEGIN = 0;
    private static final int T_OBJ_END = 1;
    private static final int T_ARR_BEGIN = 2;
    private static final int T_ARR_END = 3;
    private static final int T_STRING = 4;
    private static final int T_NUMBER = 5;
    private static final int T_BOOLEAN = 6;
    private static final int T_NULL = 7;
    private static final int T_COLON = 8;
    private static final int T_COMMA = 9;
    private static final int T_END = 10;
    private static final int T_ERROR = 12;

    private static final byte[][] ESCAPES = new byte[256][];

    static {
        for (int c = 0; c < 32; c++) {
            ESCAPES[c] = String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII);
        }
        ESCAPES['\b'] = "\\b".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\t'] = "\\t".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\n'] = "\\n".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\f'] = "\\f".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\r'] = "\\r".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['"'] = "\\\"".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['\\'] = "\\\\".getBytes(StandardCharsets.US_ASCII);
        ESCAPES['/'] = "\\/".getBytes(StandardCharsets.US_ASCII);
        ESCAPES[127] = "\\u007f".getBytes(StandardCharsets.US_ASCII);
    }

    /** One module's settings (cjson.new() makes another). */
    private static final class Config {
        boolean sparseConvert;
        int sparseRatio = 2;
        int sparseSafe = 10;
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        /** 0 = off (refuse), 1 = on (NaN/Infinity), 2 = null. */
        int encodeInvalidNumbers;
        boolean decodeInvalidNumbers = true;
        boolean keepBuffer = true;
        int precision = 14;
    }

    private LuaCjson() {
    }

    static LuaTable library() {
        Config cfg = new Config();
        LuaTable cjson = new LuaTable();
        put(cjson, "encode", (s, a) -> {
            if (a.length != 1) {
                throw LuaSupport.argError(s, 1, "encode", "expected 1 argument");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encode(s, cfg, a[0], 0, out);
            return LuaSupport.one(LuaSupport.str(out.toByteArray()));
        });
        put(cjson, "decode", (s, a) -> {
            if (a.length != 1) {
                throw LuaSupport.argError(s, 1, "decode", "expected 1 argument");
            }
            byte[] json = LuaSupport.checkString(s, a, 0, "decode");
            return LuaSupport.one(new Decoder(s, cfg, json).decode());
        });
        put(cjson, "encode_sparse_array", (s, a) -> {
            Object[] args = config(s, a, 3, "encode_sparse_array");
            if (args[0] != null) {
                cfg.sparseConvert = bool(s, args, 0, "encode_sparse_array", new String[] {"off", "on"}) != 0;
            }
            cfg.sparseRatio = integer(s, args, 1, "encode_sparse_array", cfg.sparseRatio, 0, Integer.MAX_VALUE);
            cfg.sparseSafe = integer(s, args, 2, "encode_sparse_array", cfg.sparseSafe, 0, Integer.MAX_VALUE);
            return new Object[] {cfg.sparseConvert, (double) cfg.sparseRatio, (double) cfg.sparseSafe};
        });
        put(cjson, "encode_max_depth", (s, a) -> {
            Object[] args = config(s, a, 1, "encode_max_depth");
            cfg.encodeMaxDepth = integer(s, args, 0, "encode_max_depth", cfg.encodeMaxDepth, 1, Integer.MAX_VALUE);
            return LuaSupport.one((double) cfg.encodeMaxDepth);
        });
        put(cjson, "decode_max_depth", (s, a) -> {
            Object[] args = config(s, a, 1, "decode_max_depth");
            cfg.decodeMaxDepth = integer(s, args, 0, "decode_max_depth", cfg.decodeMaxDepth, 1, Integer.MAX_VALUE);
            return LuaSupport.one((double) cfg.decodeMaxDepth);
        });
        put(cjson, "encode_number_precision", (s, a) -> {
            Object[] args = config(s, a, 1, "encode_number_precision");
            cfg.precision = integer(s, args, 0, "encode_number_precision", cfg.precision, 1, 14);
            return LuaSupport.one((double) cfg.precision);
        });
        put(cjson, "encode_keep_buffer", (s, a) -> {
            Object[] args = config(s, a, 1, "encode_keep_buffer");
            if (args[0] != null) {
                cfg.keepBuffer = bool(s, args, 0, "encode_keep_buffer", new String[] {"off", "on"}) != 0;
            }
            return LuaSupport.one(cfg.keepBuffer);
        });
        put(cjson, "encode_invalid_numbers", (s, a) -> {
            Object[] args = config(s, a, 1, "encode_invalid_numbers");
            String[] options = {"off", "on", "null"};
            if (args[0] != null) {
                cfg.encodeInvalidNumbers = bool(s, args, 0, "encode_invalid_numbers", options);
            }
            return LuaSupport.one(cfg.encodeInvalidNumbers <= 1 ? (Object) (cfg.encodeInvalidNumbers == 1)
                    : LuaSupport.str(options[cfg.encodeInvalidNumbers]));
        });
        put(cjson, "decode_invalid_numbers", (s, a) -> {
            Object[] args = config(s, a, 1, "decode_invalid_numbers");
            if (args[0] != null) {
                cfg.decodeInvalidNumbers = bool(s, args, 0, "decode_invalid_numbers",
                        new String[] {"off", "on"}) != 0;
            }
            return LuaSupport.one(cfg.decodeInvalidNumbers);
        });
        put(cjson, "new", (s, a) -> LuaSupport.one(library()));
        cjson.rawset(LuaSupport.str("null"), NULL);
        cjson.rawset(LuaSupport.str("_NAME"), LuaSupport.str("cjson"));
        cjson.rawset(LuaSupport.str("_VERSION"), LuaSupport.str("2.1.0"));
        return cjson;
    }

    private static void put(LuaTable table, String name, LuaFunction.JavaBody body) {
        table.rawset(LuaSupport.str(name), LuaFunction.of(name, body));
    }

    /** json_arg_init: at most {@code n} arguments, missing ones read as nil. */
    private static Object[] config(LuaState state, Object[] args, int n, String function) {
        if (args.length > n) {
            throw LuaSupport.argError(state, n + 1, function, "found too many arguments");
        }
        Object[] padded = new Object[n];
        System.arraycopy(args, 0, padded, 0, args.length);
        return padded;
    }

    /** json_enum_option with a boolean meaning the first/second option: returns the option index. */
    private static int bool(LuaState state, Object[] args, int i, String function, String[] options) {
        Object value = args[i];
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        byte[] name = LuaSupport.checkString(state, args, i, function);
        String text = new String(name, StandardCharsets.ISO_8859_1);
        for (int o = 0; o < options.length; o++) {
            if (options[o].equals(text)) {
                return o;
            }
        }
        throw LuaSupport.argError(state, i + 1, function, "invalid option '" + text + "'");
    }

    private static int integer(LuaState state, Object[] args, int i, String function, int current, int min,
            int max) {
        if (args[i] == null) {
            return current;
        }
        long value = LuaSupport.checkInteger(state, args, i, function);
        if (value < min || value > max) {
            throw LuaSupport.argError(state, 1, function, "expected integer between " + min + " and " + max);
        }
        return (int) value;
    }

    // ---- Encoding ------------------------------------------------------------------------------------------------

    private static void encode(LuaState state, Config cfg, Object value, int depth, ByteArrayOutputStream out) {
        if (value instanceof LuaString s) {
            appendString(s.unsafeBytes(), out);
        } else if (value instanceof Double d) {
            appendNumber(state, cfg, d, out);
        } else if (value instanceof Boolean b) {
            out.writeBytes(b ? "true".getBytes(StandardCharsets.US_ASCII) : "false".getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof LuaTable t) {
            depth++;
            if (depth > cfg.encodeMaxDepth) {
                throw LuaSupport.error(state, "Cannot serialise, excessive nesting (" + depth + ")");
            }
            int length = arrayLength(state, cfg, t);
            if (length > 0) {
                out.write('[');
                for (int i = 1; i <= length; i++) {
                    if (i > 1) {
                        out.write(',');
                    }
                    encode(state, cfg, t.rawget((double) i), depth, out);
                }
                out.write(']');
            } else {
                out.write('{');
                boolean first = true;
                Object[] entry = t.next(null);
                while (entry != null) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    Object key = entry[0];
                    if (key instanceof LuaString ks) {
                        appendString(ks.unsafeBytes(), out);
                    } else if (key instanceof Double kd) {
                        out.write('"');
                        appendNumber(state, cfg, kd, out);
                        out.write('"');
                    } else {
                        throw LuaSupport.error(state, "Cannot serialise " + LuaSupport.typeName(key)
                                + ": table key must be a number or string");
                    }
                    out.write(':');
                    encode(state, cfg, entry[1], depth, out);
                    entry = t.next(key);
                }
                out.write('}');
            }
        } else if (value == null || value == NULL) {
            out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
        } else {
            throw LuaSupport.error(state, "Cannot serialise " + LuaSupport.typeName(value) + ": type not supported");
        }
    }

    /** lua_array_length: -1 for an object, else the array's length (0 for an empty table, encoded as {}). */
    private static int arrayLength(LuaState state, Config cfg, LuaTable t) {
        double max = 0;
        long items = 0;
        Object[] entry = t.next(null);
        while (entry != null) {
            if (entry[0] instanceof Double k && k != 0 && Math.floor(k) == k && k >= 1) {
                if (k > max) {
                    max = k;
                }
                items++;
            } else {
                return -1;
            }
            entry = t.next(entry[0]);
        }
        if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
            if (!cfg.sparseConvert) {
                throw LuaSupport.error(state, "Cannot serialise table: excessively sparse array");
            }
            return -1;
        }
        return (int) max;
    }

    private static void appendNumber(LuaState state, Config cfg, double d, ByteArrayOutputStream out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if (cfg.encodeInvalidNumbers == 0) {
                throw LuaSupport.error(state, "Cannot serialise number: must not be NaN or Inf");
            } else if (cfg.encodeInvalidNumbers == 1) {
                String text = Double.isNaN(d) ? "NaN" : d < 0 ? "-Infinity" : "Infinity";
                out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
                return;
            } else {
                out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
                return;
            }
        }
        out.writeBytes(CNumbers.formatG(d, cfg.precision).getBytes(StandardCharsets.US_ASCII));
    }

    private static void appendString(byte[] s, ByteArrayOutputStream out) {
        out.write('"');
        for (byte b : s) {
            byte[] escape = ESCAPES[b & 0xff];
            if (escape != null) {
                out.writeBytes(escape);
            } else {
                out.write(b);
            }
        }
        out.write('"');
    }

    // ---- Decoding ------------------------------------------------------------------------------------------------

    /** One decode: the text (a NUL past its end, as C strings have), the position, the nesting depth. */
    private static final class Decoder {
        final LuaState state;
        final Config cfg;
        final byte[] data;
        final int length;
        int ptr;
        int depth;
        // The current token.
        int type;
        int index;
        Object value;
        String error;

        Decoder(LuaState state, Config cfg, byte[] json) {
            this.state = state;
            this.cfg = cfg;
            this.length = json.length;
            this.data = java.util.Arrays.copyOf(json, json.length + 1);
        }

        int at(int i) {
            return i <= length ? data[i] & 0xff : 0;
        }

        Object decode() {
            if (length >= 2 && (data[0] == 0 || data[1] == 0)) {
                throw LuaSupport.error(state, "JSON parser does not support UTF-16 or UTF-32");
            }
            next();
            Object result = process();
            next();
            if (type != T_END) {
                throw parseError("the end");
            }
            return result;
        }

        RuntimeException parseError(String expected) {
            String found = type == T_ERROR ? error : TOKEN_NAMES[type];
            return LuaSupport.error(state, "Expected " + expected + " but found " + found + " at character " + (index + 1));
        }

        void tokenError(String message) {
            type = T_ERROR;
            index = ptr;
            error = message;
        }

        Object process() {
            switch (type) {
                case T_STRING, T_NUMBER, T_BOOLEAN -> {
                    return value;
                }
                case T_NULL -> {
                    return NULL;
                }
                case T_OBJ_BEGIN -> {
                    return object();
                }
                case T_ARR_BEGIN -> {
                    return array();
                }
                default -> throw parseError("value");
            }
        }

        void descend() {
            depth++;
            if (depth > cfg.decodeMaxDepth) {
                throw LuaSupport.error(state, "Found too many nested data structures (" + depth + ") at character " + ptr);
            }
        }

        LuaTable object() {
            descend();
            LuaTable table = new LuaTable();
            next();
            if (type == T_OBJ_END) {
                depth--;
                return table;
            }
            while (true) {
                if (type != T_STRING) {
                    throw parseError("object key string");
                }
                Object key = value;
                next();
                if (type != T_COLON) {
                    throw parseError("colon");
                }
                next();
                table.rawset(key, process());
                next();
                if (type == T_OBJ_END) {
                    depth--;
                    return table;
                }
                if (type != T_COMMA) {
                    throw parseError("comma or object end");
                }
                next();
            }
        }

        LuaTable array() {
            descend();
            LuaTable table = new LuaTable();
            next();
            if (type == T_ARR_END) {
                depth--;
                return table;
            }
            for (int i = 1;; i++) {
                table.rawset(i, process());
                next();
                if (type == T_ARR_END) {
                    depth--;
                    return table;
                }
                if (type != T_COMMA) {
                    throw parseError("comma or array end");
                }
                next();
            }
        }

        void next() {
            int c = at(ptr);
            while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                c = at(++ptr);
            }
            index = ptr;
            value = null;
            switch (c) {
                case '{' -> single(T_OBJ_BEGIN);
                case '}' -> single(T_OBJ_END);
                case '[' -> single(T_ARR_BEGIN);
                case ']' -> single(T_ARR_END);
                case ',' -> single(T_COMMA);
                case ':' -> single(T_COLON);
                case 0 -> type = T_END;
                case '"' -> string();
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        if (!cfg.decodeInvalidNumbers && invalidNumber()) {
                            tokenError("invalid number");
                            return;
                        }
                        number();
                    } else if (c == 't' && matches("true")) {
                        type = T_BOOLEAN;
                        value = Boolean.TRUE;
                        ptr += 4;
                    } else if (c == 'f' && matches("false")) {
                        type = T_BOOLEAN;
                        value = Boolean.FALSE;
                        ptr += 5;
                    } else if (c == 'n' && matches("null")) {
                        type = T_NULL;
                        ptr += 4;
                    } else if ((c == 'i' || c == 'I' || c == 'n' || c == 'N' || c == '+') && cfg.decodeInvalidNumbers
                            && invalidNumber()) {
                        number();
                    } else {
                        tokenError("invalid token");
                    }
                }
            }
        }

        void single(int token) {
            type = token;
            ptr++;
        }

        boolean matches(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (at(ptr + i) != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        boolean invalidNumber() {
            int p = ptr;
            if (at(p) == '+') {
                return true;
            }
            if (at(p) == '-') {
                p++;
            }
            if (at(p) == '0') {
                int c2 = at(p + 1);
                return (c2 | 0x20) == 'x' || (c2 >= '0' && c2 <= '9');
            } else if (at(p) <= '9') {
                return false;
            }
            return startsWithIgnoreCase(p, "inf") || startsWithIgnoreCase(p, "nan");
        }

        boolean startsWithIgnoreCase(int p, String word) {
            for (int i = 0; i < word.length(); i++) {
                if ((at(p + i) | 0x20) != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        void number() {
            int[] end = new int[1];
            double d = Strtod.parse(data, ptr, length, end);
            if (end[0] == ptr) {
                tokenError("invalid number");
                return;
            }
            type = T_NUMBER;
            value = d;
            ptr = end[0];
        }

        void string() {
            ptr++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c;
            while ((c = at(ptr)) != '"') {
                if (c == 0) {
                    tokenError("unexpected end of string");
                    return;
                }
                if (c == '\\') {
                    int e = at(ptr + 1);
                    int translated = switch (e) {
                        case '"' -> '"';
                        case '\\' -> '\\';
                        case '/' -> '/';
                        case 'b' -> '\b';
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'f' -> '\f';
                        case 'r' -> '\r';
                        case 'u' -> 'u';
                        default -> 0;
                    };
                    if (translated == 'u') {
                        if (unicodeEscape(out)) {
                            continue;
                        }
                        tokenError("invalid unicode escape code");
                        return;
                    }
                    if (translated == 0) {
                        tokenError("invalid escape code");
                        return;
                    }
                    ptr++;
                    c = translated;
                }
                out.write(c);
                ptr++;
            }
            ptr++;
            type = T_STRING;
            value = LuaSupport.str(out.toByteArray());
        }

        int hex4(int p) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int c = at(p + i);
                int d = Character.digit(c, 16);
                if (d < 0 || c > 127) {
                    return -1;
                }
                v = v << 4 | d;
            }
            return v;
        }

        boolean unicodeEscape(ByteArrayOutputStream out) {
            int escapeLength = 6;
            int codepoint = hex4(ptr + 2);
            if (codepoint < 0) {
                return false;
            }
            if ((codepoint & 0xF800) == 0xD800) {
                if ((codepoint & 0x400) != 0) {
                    return false;
                }
                if (at(ptr + 6) != '\\' || at(ptr + 7) != 'u') {
                    return false;
                }
                int low = hex4(ptr + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00) {
                    return false;
                }
                codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                escapeLength = 12;
            }
            if (codepoint < 0x80) {
                out.write(codepoint);
            } else if (codepoint < 0x800) {
                out.write(0xC0 | (codepoint >> 6));
                out.write(0x80 | (codepoint & 0x3F));
            } else if (codepoint < 0x10000) {
                out.write(0xE0 | (codepoint >> 12));
                out.write(0x80 | ((codepoint >> 6) & 0x3F));
                out.write(0x80 | (codepoint & 0x3F));
            } else {
                out.write(0xF0 | (codepoint >> 18));
                out.write(0x80 | ((codepoint >> 12) & 0x3F));
                out.write(0x80 | ((codepoint >> 6) & 0x3F));
                out.write(0x80 | (codepoint & 0x3F));
            }
            ptr += escapeLength;
            return true;
        }
    }
}
