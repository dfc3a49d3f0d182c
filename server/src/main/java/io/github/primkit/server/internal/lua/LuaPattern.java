package io.github.primkit.server.internal.lua;

/** Lua 5.1's pattern matcher (lstrlib.c's semantics and messages) over bytes. */
final class LuaPattern {
    static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;

    final LuaState st;
    final byte[] src;
    final int srcEnd;
    final byte[] p;
    int level;
    final int[] capStart = new int[MAX_CAPTURES];
    final int[] capLen = new int[MAX_CAPTURES];

    LuaPattern(LuaState st, byte[] src, byte[] pattern) {
        this.st = st;
        this.src = src;
        this.srcEnd = src.length;
        this.p = pattern;
    }

    private int uc(int i) {
        return p[i] & 0xff;
    }

    private int classEnd(int pi) {
        int c = uc(pi++);
        if (c == '%') {
            if (pi >= p.length) {
                throw st.error("malformed pattern (ends with '%')");
            }
            return pi + 1;
        }
        if (c == '[') {
            if (pi < p.length && p[pi] == '^') {
                pi++;
            }
            do { // look for a ']'
                if (pi >= p.length) {
                    throw st.error("malformed pattern (missing ']')");
                }
                int cc = uc(pi++);
                if (cc == '%' && pi < p.length) {
                    pi++; // skip escapes (e.g. '%]')
                }
            } while (pi >= p.length || p[pi] != ']');
            return pi + 1;
        }
        return pi;
    }

    static boolean matchClass(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = isPunct(c);
            case 's' -> res = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> res = c == 0;
            default -> {
                return cl == c;
            }
        }
        if (cl >= 'A' && cl <= 'Z') {
            return !res;
        }
        return res;
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isPunct(int c) {
        return c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
    }

    /** [set] at pi ('[') up to ec (the closing ']'). */
    private boolean matchBracketClass(int c, int pi, int ec) {
        boolean sig = true;
        if (p[pi + 1] == '^') {
            sig = false;
            pi++;
        }
        while (++pi < ec) {
            if (p[pi] == '%') {
                pi++;
                if (matchClass(c, uc(pi))) {
                    return sig;
                }
            } else if (pi + 2 < ec && p[pi + 1] == '-') {
                if (uc(pi) <= c && c <= uc(pi + 2)) {
                    return sig;
                }
                pi += 2;
            } else if (uc(pi) == c) {
                return sig;
            }
        }
        return !sig;
    }

    private boolean singleMatch(int c, int pi, int ep) {
        switch (uc(pi)) {
            case '.':
                return true;
            case '%':
                return matchClass(c, uc(pi + 1));
            case '[':
                return matchBracketClass(c, pi, ep - 1);
            default:
                return uc(pi) == c;
        }
    }

    /** Returns the end of the match at s for the pattern from pi, or -1. */
    int match(int s, int pi) {
        while (true) {
            if (pi >= p.length) {
                return s;
            }
            switch (uc(pi)) {
                case '(':
                    if (pi + 1 < p.length && p[pi + 1] == ')') {
                        return startCapture(s, pi + 2, CAP_POSITION);
                    }
                    return startCapture(s, pi + 1, CAP_UNFINISHED);
                case ')':
                    return endCapture(s, pi + 1);
                case '%':
                    if (pi + 1 < p.length) {
                        int n = uc(pi + 1);
                        if (n == 'b') {
                            s = matchBalance(s, pi + 2);
                            if (s != -1) {
                                pi += 4;
                                continue;
                            }
                            return -1;
                        } else if (n == 'f') {
                            pi += 2;
                            if (pi >= p.length || p[pi] != '[') {
                                throw st.error("missing '[' after '%f' in pattern");
                            }
                            int ep = classEnd(pi);
                            int prev = s == 0 ? 0 : src[s - 1] & 0xff;
                            int cur = s < srcEnd ? src[s] & 0xff : 0;
                            if (!matchBracketClass(prev, pi, ep - 1) && matchBracketClass(cur, pi, ep - 1)) {
                                pi = ep;
                                continue;
                            }
                            return -1;
                        } else if (n >= '0' && n <= '9') {
                            s = matchCapture(s, n);
                            if (s == -1) {
                                return -1;
                            }
                            pi += 2;
                            continue;
                        }
                    }
                    break;
                case '$':
                    if (pi + 1 == p.length) {
                        return s == srcEnd ? s : -1;
                    }
                    break;
                default:
                    break;
            }
            int ep = classEnd(pi);
            boolean m = s < srcEnd && singleMatch(src[s] & 0xff, pi, ep);
            int next = ep < p.length ? uc(ep) : -1;
            switch (next) {
                case '?': {
                    if (m) {
                        int res = match(s + 1, ep + 1);
                        if (res != -1) {
                            return res;
                        }
                    }
                    pi = ep + 1;
                    continue;
                }
                case '*':
                    return maxExpand(s, pi, ep);
                case '+':
                    return m ? maxExpand(s + 1, pi, ep) : -1;
                case '-':
                    return minExpand(s, pi, ep);
                default:
                    if (!m) {
                        return -1;
                    }
                    s++;
                    pi = ep;
            }
        }
    }

    private int maxExpand(int s, int pi, int ep) {
        int i = 0;
        while (s + i < srcEnd && singleMatch(src[s + i] & 0xff, pi, ep)) {
            i++;
        }
        while (i >= 0) {
            int res = match(s + i, ep + 1);
            if (res != -1) {
                return res;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int s, int pi, int ep) {
        while (true) {
            int res = match(s, ep + 1);
            if (res != -1) {
                return res;
            }
            if (s < srcEnd && singleMatch(src[s] & 0xff, pi, ep)) {
                s++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int s, int pi, int what) {
        if (level >= MAX_CAPTURES) {
            throw st.error("too many captures");
        }
        capStart[level] = s;
        capLen[level] = what;
        level++;
        int res = match(s, pi);
        if (res == -1) {
            level--;
        }
        return res;
    }

    private int endCapture(int s, int pi) {
        int l = captureToClose();
        capLen[l] = s - capStart[l];
        int res = match(s, pi);
        if (res == -1) {
            capLen[l] = CAP_UNFINISHED;
        }
        return res;
    }

    private int captureToClose() {
        int lv = level;
        for (lv--; lv >= 0; lv--) {
            if (capLen[lv] == CAP_UNFINISHED) {
                return lv;
            }
        }
        throw st.error("invalid pattern capture");
    }

    private int matchBalance(int s, int pi) {
        if (pi + 1 >= p.length) {
            throw st.error("unbalanced pattern");
        }
        if (s >= srcEnd || (src[s] & 0xff) != uc(pi)) {
            return -1;
        }
        int b = uc(pi);
        int e = uc(pi + 1);
        int cont = 1;
        while (++s < srcEnd) {
            int c = src[s] & 0xff;
            if (c == e) {
                if (--cont == 0) {
                    return s + 1;
                }
            } else if (c == b) {
                cont++;
            }
        }
        return -1;
    }

    private int checkCapture(int l) {
        l -= '1';
        if (l < 0 || l >= level || capLen[l] == CAP_UNFINISHED) {
            throw st.error("invalid capture index");
        }
        return l;
    }

    private int matchCapture(int s, int l) {
        l = checkCapture(l);
        int len = capLen[l];
        if (srcEnd - s >= len && java.util.Arrays.equals(src, capStart[l], capStart[l] + len, src, s, s + len)) {
            return s + len;
        }
        return -1;
    }

    /** Capture i of the last match (s..e is the whole match, for a pattern without captures). */
    Object capture(int i, int s, int e) {
        if (i >= level) {
            if (i == 0) {
                return sub(s, e);
            }
            throw st.error("invalid capture index");
        }
        int l = capLen[i];
        if (l == CAP_UNFINISHED) {
            throw st.error("unfinished capture");
        }
        if (l == CAP_POSITION) {
            return (double) (capStart[i] + 1);
        }
        return sub(capStart[i], capStart[i] + l);
    }

    LuaString sub(int from, int to) {
        byte[] b = new byte[to - from];
        System.arraycopy(src, from, b, 0, b.length);
        return LuaString.wrap(b);
    }

    /** The captures (or the whole match) as results. */
    Object[] captures(int s, int e, boolean wholeIfNone) {
        int n = level == 0 && wholeIfNone ? 1 : level;
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) {
            r[i] = capture(i, s, e);
        }
        return r;
    }
}
