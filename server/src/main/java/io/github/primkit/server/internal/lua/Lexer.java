package io.github.primkit.server.internal.lua;

import java.io.ByteArrayOutputStream;

/** Lua 5.1's scanner (llex.c's behaviour and messages), over bytes. */
final class Lexer {
    // token types: single characters are their own code; the rest start at 257
    static final int AND = 257, BREAK = 258, DO = 259, ELSE = 260, ELSEIF = 261, END = 262, FALSE = 263,
            FOR = 264, FUNCTION = 265, IF = 266, IN = 267, LOCAL = 268, NIL = 269, NOT = 270, OR = 271,
            REPEAT = 272, RETURN = 273, THEN = 274, TRUE = 275, UNTIL = 276, WHILE = 277, CONCAT = 278,
            DOTS = 279, EQ = 280, GE = 281, LE = 282, NE = 283, NUMBER = 284, NAME = 285, STRING = 286,
            EOS = 287;
    private static final String[] NAMES = {"and", "break", "do", "else", "elseif", "end", "false", "for",
        "function", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "..", "...", "==", ">=", "<=", "~=", "<number>", "<name>", "<string>", "<eof>"};

    private byte[] src;
    private int pos;
    /** Where more source comes from once {@code src} is used up (lua_load's reader), or null. */
    private final java.util.function.Supplier<byte[]> more;
    private int current;
    final String chunk;
    int line = 1;
    int lastLine = 1;

    int token;
    double numValue;
    LuaString strValue;
    /** The raw text of the current token, for 'near' in messages. */
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private String tokenText = "";

    int aheadToken = EOS;
    private boolean hasAhead;
    private double aheadNum;
    private LuaString aheadStr;
    private String aheadText;
    private int aheadLine;

    Lexer(byte[] src, String chunk) {
        this(src, null, chunk);
    }

    /** A lexer reading {@code src}, then the pieces {@code more} returns until it returns null or an empty piece. */
    Lexer(byte[] src, java.util.function.Supplier<byte[]> more, String chunk) {
        this.src = src;
        this.more = more;
        this.chunk = chunk;
        pos = 0;
        if (src.length > 0 && src[0] == '#') { // skip a shebang line
            while (pos < src.length && src[pos] != '\n') {
                pos++;
            }
        }
        current = pos < src.length ? src[pos++] & 0xff : refill();
    }

    private void next() {
        current = pos < src.length ? src[pos++] & 0xff : refill();
    }

    private int refill() {
        if (more == null) {
            return -1;
        }
        byte[] piece = more.get();
        if (piece == null || piece.length == 0) {
            return -1;
        }
        src = piece;
        pos = 1;
        return piece[0] & 0xff;
    }

    private void saveAndNext() {
        buf.write(current);
        next();
    }

    static String token2str(int t) {
        if (t < 257) {
            if (t < 32 || t == 127) {
                return "char(" + t + ")";
            }
            return String.valueOf((char) t);
        }
        return NAMES[t - 257];
    }

    private String txtToken(int t) {
        if (t == NAME || t == STRING || t == NUMBER) {
            return latin1(buf.toByteArray());
        }
        return token2str(t);
    }

    private static String latin1(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    LuaError lexError(String msg, int t) {
        String m = chunk + ":" + line + ": " + msg;
        if (t != 0) {
            m += " near '" + txtToken(t) + "'";
        }
        return new LuaError(LuaString.latin1(m));
    }

    /** A syntax error at the current token. */
    LuaError syntaxError(String msg) {
        if (token == 0) {
            // a NUL byte in the source: luaX_lexerror leaves out "near" for token 0
            return new LuaError(LuaString.latin1(chunk + ":" + line + ": " + msg));
        }
        String near = token == NAME || token == STRING || token == NUMBER ? tokenText : token2str(token);
        return new LuaError(LuaString.latin1(chunk + ":" + line + ": " + msg + " near '" + near + "'"));
    }

    void advance() {
        lastLine = line;
        if (hasAhead) {
            hasAhead = false;
            token = aheadToken;
            numValue = aheadNum;
            strValue = aheadStr;
            tokenText = aheadText;
            aheadToken = EOS;
            return;
        }
        token = scan();
        tokenText = (token == NAME || token == STRING || token == NUMBER) ? latin1(buf.toByteArray()) : "";
    }

    int lookahead() {
        if (!hasAhead) {
            int t = token;
            double n = numValue;
            LuaString s = strValue;
            String text = tokenText;
            aheadToken = scan();
            aheadNum = numValue;
            aheadStr = strValue;
            aheadText = (aheadToken == NAME || aheadToken == STRING || aheadToken == NUMBER)
                    ? latin1(buf.toByteArray()) : "";
            aheadLine = line;
            hasAhead = true;
            token = t;
            numValue = n;
            strValue = s;
            tokenText = text;
        }
        return aheadToken;
    }

    private boolean isNewline(int c) {
        return c == '\n' || c == '\r';
    }

    private void incLine() {
        int old = current;
        next();
        if (isNewline(current) && current != old) {
            next();
        }
        line++;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private int scan() {
        buf.reset();
        while (true) {
            switch (current) {
                case '\n', '\r' -> incLine();
                case '-' -> {
                    next();
                    if (current != '-') {
                        return '-';
                    }
                    next();
                    if (current == '[') {
                        int sep = skipSep();
                        buf.reset();
                        if (sep >= 0) {
                            readLongString(sep, false);
                            buf.reset();
                            continue;
                        }
                    }
                    while (!isNewline(current) && current != -1) {
                        next();
                    }
                }
                case '[' -> {
                    int sep = skipSep();
                    if (sep >= 0) {
                        readLongString(sep, true);
                        return STRING;
                    } else if (sep == -1) {
                        return '[';
                    } else {
                        throw lexError("invalid long string delimiter", STRING);
                    }
                }
                case '=' -> {
                    next();
                    if (current != '=') {
                        return '=';
                    }
                    next();
                    return EQ;
                }
                case '<' -> {
                    next();
                    if (current != '=') {
                        return '<';
                    }
                    next();
                    return LE;
                }
                case '>' -> {
                    next();
                    if (current != '=') {
                        return '>';
                    }
                    next();
                    return GE;
                }
                case '~' -> {
                    next();
                    if (current != '=') {
                        return '~';
                    }
                    next();
                    return NE;
                }
                case '"', '\'' -> {
                    readString(current);
                    return STRING;
                }
                case '.' -> {
                    saveAndNext();
                    if (current == '.') {
                        saveAndNext();
                        if (current == '.') {
                            saveAndNext();
                            return DOTS;
                        }
                        return CONCAT;
                    } else if (!isDigit(current)) {
                        return '.';
                    }
                    readNumeral();
                    return NUMBER;
                }
                case -1 -> {
                    return EOS;
                }
                default -> {
                    if (current == ' ' || current == '\t' || current == 0x0b || current == '\f') {
                        next();
                    } else if (isDigit(current)) {
                        readNumeral();
                        return NUMBER;
                    } else if (isAlpha(current)) {
                        do {
                            saveAndNext();
                        } while (isAlpha(current) || isDigit(current));
                        String word = latin1(buf.toByteArray());
                        for (int i = 0; i < 21; i++) {
                            if (NAMES[i].equals(word)) {
                                return 257 + i;
                            }
                        }
                        strValue = LuaString.latin1(word);
                        return NAME;
                    } else {
                        int c = current;
                        next();
                        return c;
                    }
                }
            }
        }
    }

    private void readNumeral() {
        do {
            saveAndNext();
        } while (isDigit(current) || current == '.');
        if (current == 'e' || current == 'E') {
            saveAndNext();
            if (current == '+' || current == '-') {
                saveAndNext();
            }
        }
        while (isAlpha(current) || isDigit(current)) {
            saveAndNext();
        }
        Double d = LuaState.str2d(latin1(buf.toByteArray()));
        if (d == null) {
            throw lexError("malformed number", NUMBER);
        }
        numValue = d;
    }

    /** At '[' or ']': returns the level of a long bracket, -1 for a plain bracket, less for a malformed one. */
    private int skipSep() {
        int count = 0;
        int s = current;
        saveAndNext();
        while (current == '=') {
            saveAndNext();
            count++;
        }
        return current == s ? count : (-count) - 1;
    }

    private void readLongString(int sep, boolean isString) {
        int startLine = line;
        saveAndNext(); // second '['
        if (isNewline(current)) {
            incLine();
        }
        while (true) {
            switch (current) {
                case -1 -> throw lexError(isString ? "unfinished long string" : "unfinished long comment", EOS);
                case '[' -> {
                    if (skipSep() == sep) {
                        saveAndNext();
                        if (sep == 0) {
                            throw lexError("nesting of [[...]] is deprecated", '[');
                        }
                    }
                }
                case ']' -> {
                    if (skipSep() == sep) {
                        saveAndNext();
                        if (isString) {
                            byte[] b = buf.toByteArray();
                            byte[] s = new byte[b.length - 2 * (2 + sep)];
                            System.arraycopy(b, 2 + sep, s, 0, s.length);
                            strValue = LuaString.wrap(s);
                        }
                        return;
                    }
                }
                case '\n', '\r' -> {
                    buf.write('\n');
                    incLine();
                    if (!isString) {
                        buf.reset();
                    }
                }
                default -> {
                    if (isString) {
                        saveAndNext();
                    } else {
                        next();
                    }
                }
            }
        }
    }

    private void readString(int del) {
        saveAndNext();
        while (current != del) {
            switch (current) {
                case -1 -> throw lexError("unfinished string", EOS);
                case '\n', '\r' -> throw lexError("unfinished string", STRING);
                case '\\' -> {
                    int c;
                    next();
                    switch (current) {
                        case 'a' -> c = 7;
                        case 'b' -> c = '\b';
                        case 'f' -> c = '\f';
                        case 'n' -> c = '\n';
                        case 'r' -> c = '\r';
                        case 't' -> c = '\t';
                        case 'v' -> c = 0x0b;
                        case '\n', '\r' -> {
                            buf.write('\n');
                            incLine();
                            continue;
                        }
                        case -1 -> {
                            continue; // raises 'unfinished string' on the next loop
                        }
                        default -> {
                            if (!isDigit(current)) {
                                saveAndNext(); // handles \\, \", \', \?
                                continue;
                            }
                            c = 0;
                            int i = 0;
                            do {
                                c = 10 * c + (current - '0');
                                next();
                            } while (++i < 3 && isDigit(current));
                            if (c > 255) {
                                throw lexError("escape sequence too large", STRING);
                            }
                            buf.write(c);
                            continue;
                        }
                    }
                    buf.write(c);
                    next();
                }
                default -> saveAndNext();
            }
        }
        saveAndNext();
        byte[] b = buf.toByteArray();
        byte[] s = new byte[b.length - 2];
        System.arraycopy(b, 1, s, 0, s.length);
        strValue = LuaString.wrap(s);
    }
}
