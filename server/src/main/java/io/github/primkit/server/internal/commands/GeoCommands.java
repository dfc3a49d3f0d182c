package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.MOVABLE_KEYS;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.RedisZSet;
import io.github.primkit.server.internal.data.ZSetTree;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Geo commands. A geo key is a sorted set whose scores are 52-bit geohashes ({@link GeoHash}), so every sorted-set
 * command works on it and GEOADD is ZADD with encoded scores. Replies use Redis's formats: positions as the decoded
 * cell centre with 17 decimals, trailing zeros dropped ({@code %.17Lf}); distances with exactly 4 decimals.
 *
 * <p>A search scans the score ranges of the centre cell and its neighbours in Redis's order and keeps the members
 * inside the shape; without ASC/DESC that order is the reply order. Sorting by distance is stable, as glibc's
 * qsort (a merge sort) is, so equal distances keep that order too (Redis leaves it undefined with COUNT, where it
 * uses a partial quicksort).
 */
final class GeoCommands {
    private GeoCommands() {
    }

    private static final int RADIUS_COORDS = 1;
    private static final int RADIUS_MEMBER = 2;
    private static final int NOSTORE = 4;
    private static final int SEARCH = 8;
    private static final int SEARCHSTORE = 16;

    private static final byte[] ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    static void register(Registry r) {
        r.add("geoadd", -5, flags(WRITE, DENYOOM), 1, 1, 1, GeoCommands::geoadd);
        r.add("geopos", -2, flags(READONLY), 1, 1, 1, GeoCommands::geopos);
        r.add("geodist", -4, flags(READONLY), 1, 1, 1, GeoCommands::geodist);
        r.add("geohash", -2, flags(READONLY), 1, 1, 1, GeoCommands::geohash);
        r.add("georadius", -6, flags(WRITE, DENYOOM, MOVABLE_KEYS), 1, 1, 1, c -> search(c, 1, RADIUS_COORDS));
        r.add("georadius_ro", -6, flags(READONLY), 1, 1, 1, c -> search(c, 1, RADIUS_COORDS | NOSTORE));
        r.add("georadiusbymember", -5, flags(WRITE, DENYOOM, MOVABLE_KEYS), 1, 1, 1,
                c -> search(c, 1, RADIUS_MEMBER));
        r.add("georadiusbymember_ro", -5, flags(READONLY), 1, 1, 1, c -> search(c, 1, RADIUS_MEMBER | NOSTORE));
        r.add("geosearch", -7, flags(READONLY), 1, 1, 1, c -> search(c, 1, SEARCH));
        r.add("geosearchstore", -8, flags(WRITE, DENYOOM), 1, 2, 1, c -> search(c, 2, SEARCH | SEARCHSTORE));
    }

    // ---- Formatting ------------------------------------------------------------------------------------------------

    /** C's {@code %.17Lf} of a double with trailing zeros (and a trailing dot) removed, "-0" as "0". */
    static String human(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(value).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** Redis's distance text: 4 digits after the dot, rounded half to even after scaling (fixedpoint_d2string). */
    static String distance(double value) {
        if (value == 0) {
            return "0.0000";
        }
        long scaled = (long) Math.rint(value * 10000.0);
        boolean negative = scaled < 0;
        String digits = Long.toString(Math.abs(scaled));
        while (digits.length() < 5) {
            digits = "0" + digits;
        }
        String text = digits.substring(0, digits.length() - 4) + "." + digits.substring(digits.length() - 4);
        return negative ? "-" + text : text;
    }

    private static void position(Context c, double longitude, double latitude) {
        c.reply.array(2);
        c.reply.doubleText(human(longitude));
        c.reply.doubleText(human(latitude));
    }

    /** C's {@code %f}: 6 decimals. */
    private static String sixDecimals(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    // ---- Argument parsing ------------------------------------------------------------------------------------------

    /** Longitude and latitude at {@code i} and {@code i + 1}, within Redis's limits, or its error. */
    private static double[] lonLat(Context c, int i) {
        double[] xy = new double[2];
        for (int k = 0; k < 2; k++) {
            Double value = ZRanges.parseScore(c.arg(i + k));
            if (value == null) {
                throw new CommandException(CommandException.NOT_FLOAT);
            }
            xy[k] = value;
        }
        if (xy[0] < GeoHash.LONG_MIN || xy[0] > GeoHash.LONG_MAX || xy[1] < GeoHash.LAT_MIN
                || xy[1] > GeoHash.LAT_MAX) {
            throw new CommandException("ERR invalid longitude,latitude pair " + sixDecimals(xy[0]) + ","
                    + sixDecimals(xy[1]));
        }
        return xy;
    }

    /** A unit's size in meters, or Redis's error. */
    private static double unit(Context c, int i) {
        if (c.is(i, "m")) {
            return 1;
        } else if (c.is(i, "km")) {
            return 1000;
        } else if (c.is(i, "ft")) {
            return 0.3048;
        } else if (c.is(i, "mi")) {
            return 1609.34;
        }
        throw new CommandException("ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    private static double number(Context c, int i, String error) {
        Double value = ZRanges.parseScore(c.arg(i));
        if (value == null) {
            throw new CommandException(error);
        }
        return value;
    }

    /** BYRADIUS-style radius and unit at {@code i}. */
    private static void radius(Context c, int i, GeoHash.Shape shape) {
        double radius = number(c, i, "ERR need numeric radius");
        if (radius < 0) {
            throw new CommandException("ERR radius cannot be negative");
        }
        shape.radius = radius;
        shape.conversion = unit(c, i + 1);
        shape.box = false;
    }

    // ---- GEOADD, GEOPOS, GEODIST, GEOHASH --------------------------------------------------------------------------

    private static void geoadd(Context c) {
        boolean xx = false;
        boolean nx = false;
        int longIndex = 2;
        for (; longIndex < c.argc(); longIndex++) {
            if (c.is(longIndex, "nx")) {
                nx = true;
            } else if (c.is(longIndex, "xx")) {
                xx = true;
            } else if (!c.is(longIndex, "ch")) {
                break;
            }
        }
        if ((c.argc() - longIndex) % 3 != 0 || (xx && nx)) {
            throw CommandException.syntax();
        }
        int elements = (c.argc() - longIndex) / 3;
        byte[][] args = new byte[longIndex + elements * 2][];
        args[0] = "zadd".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(c.args, 1, args, 1, longIndex - 1);
        for (int i = 0; i < elements; i++) {
            double[] xy = lonLat(c, longIndex + i * 3);
            long bits = GeoHash.encodeWgs84(xy[0], xy[1]);
            args[longIndex + i * 2] = Long.toString(bits).getBytes(StandardCharsets.US_ASCII);
            args[longIndex + i * 2 + 1] = c.arg(longIndex + i * 3 + 2);
        }
        SortedSetCommands.zadd(c, args, false);
    }

    private static void geopos(Context c) {
        RedisZSet zset = SortedSetCommands.getZSet(c, c.arg(1));
        c.reply.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            double score = zset == null ? Double.NaN : zset.score(c.arg(i));
            if (Double.isNaN(score)) {
                c.reply.nullArray();
                continue;
            }
            double[] xy = GeoHash.decodeScore(score);
            position(c, xy[0], xy[1]);
        }
    }

    private static void geodist(Context c) {
        double toMeter = 1;
        if (c.argc() == 5) {
            toMeter = unit(c, 4);
        } else if (c.argc() > 5) {
            throw CommandException.syntax();
        }
        RedisZSet zset = SortedSetCommands.getZSet(c, c.arg(1));
        double s1 = zset == null ? Double.NaN : zset.score(c.arg(2));
        double s2 = zset == null ? Double.NaN : zset.score(c.arg(3));
        if (Double.isNaN(s1) || Double.isNaN(s2)) {
            c.reply.nullBulk();
            return;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        c.reply.bulk(distance(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter));
    }

    private static void geohash(Context c) {
        RedisZSet zset = SortedSetCommands.getZSet(c, c.arg(1));
        c.reply.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            double score = zset == null ? Double.NaN : zset.score(c.arg(i));
            if (Double.isNaN(score)) {
                c.reply.nullBulk();
                continue;
            }
            // Our cells span latitude +-85.05112878; the standard geohash spans +-90, so re-encode.
            double[] xy = GeoHash.decodeScore(score);
            long bits = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], GeoHash.STEP_MAX);
            byte[] text = new byte[11];
            for (int k = 0; k < 11; k++) {
                int index = k == 10 ? 0 : (int) ((bits >>> (52 - ((k + 1) * 5))) & 0x1f);
                text[k] = ALPHABET[index];
            }
            c.reply.bulk(text);
        }
    }

    // ---- GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER -------------------------------------------------

    /** One match: member, its score, decoded position and distance from the centre (meters, then the unit). */
    private record Point(byte[] member, double score, double longitude, double latitude, double distance) {
    }

    private static boolean fromMember(RedisZSet zset, byte[] member, GeoHash.Shape shape) {
        double score = zset.score(member);
        if (Double.isNaN(score)) {
            return false;
        }
        double[] xy = GeoHash.decodeScore(score);
        shape.longitude = xy[0];
        shape.latitude = xy[1];
        return true;
    }

    private static void search(Context c, int sourceIndex, int flags) {
        byte[] storeKey = null;
        boolean storeDist = false;
        RedisZSet zset = SortedSetCommands.getZSet(c, c.arg(sourceIndex));
        GeoHash.Shape shape = new GeoHash.Shape();
        int baseArgs;
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            double[] xy = lonLat(c, 2);
            shape.longitude = xy[0];
            shape.latitude = xy[1];
            radius(c, baseArgs - 2, shape);
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            if (zset != null) {
                if (!fromMember(zset, c.arg(2), shape)) {
                    throw new CommandException("ERR could not decode requested zset member");
                }
                radius(c, baseArgs - 2, shape);
            }
        } else {
            baseArgs = 2;
            if ((flags & SEARCHSTORE) != 0) {
                baseArgs = 3;
                storeKey = c.arg(1);
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMemberSeen = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0; // 0 none, 1 asc, -1 desc
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        int remaining = c.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int at = baseArgs + i;
            if (c.is(at, "withdist")) {
                withDist = true;
            } else if (c.is(at, "withhash")) {
                withHash = true;
            } else if (c.is(at, "withcoord")) {
                withCoords = true;
            } else if (c.is(at, "any")) {
                any = true;
            } else if (c.is(at, "asc")) {
                sort = 1;
            } else if (c.is(at, "desc")) {
                sort = -1;
            } else if (c.is(at, "count") && i + 1 < remaining) {
                count = c.argLong(at + 1);
                if (count <= 0) {
                    throw new CommandException("ERR COUNT must be > 0");
                }
                i++;
            } else if (c.is(at, "store") && i + 1 < remaining && (flags & NOSTORE) == 0 && !search) {
                storeKey = c.arg(at + 1);
                storeDist = false;
                i++;
            } else if (c.is(at, "storedist") && i + 1 < remaining && (flags & NOSTORE) == 0 && !search) {
                storeKey = c.arg(at + 1);
                storeDist = true;
                i++;
            } else if (c.is(at, "storedist") && search && (flags & SEARCHSTORE) != 0) {
                storeDist = true;
            } else if (c.is(at, "frommember") && i + 1 < remaining && search && !fromLoc) {
                if (zset != null && !fromMember(zset, c.arg(at + 1), shape)) {
                    throw new CommandException("ERR could not decode requested zset member");
                }
                fromMemberSeen = true;
                i++;
            } else if (c.is(at, "fromlonlat") && i + 2 < remaining && search && !fromMemberSeen) {
                double[] xy = lonLat(c, at + 1);
                shape.longitude = xy[0];
                shape.latitude = xy[1];
                fromLoc = true;
                i += 2;
            } else if (c.is(at, "byradius") && i + 2 < remaining && search && !byBox) {
                radius(c, at + 1, shape);
                byRadius = true;
                i += 2;
            } else if (c.is(at, "bybox") && i + 3 < remaining && search && !byRadius) {
                double width = number(c, at + 1, "ERR need numeric width");
                double height = number(c, at + 2, "ERR need numeric height");
                if (height < 0 || width < 0) {
                    throw new CommandException("ERR height or width cannot be negative");
                }
                shape.width = width;
                shape.height = height;
                shape.conversion = unit(c, at + 3);
                shape.box = true;
                byBox = true;
                i += 3;
            } else {
                throw CommandException.syntax();
            }
        }
        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new CommandException("ERR " + ((flags & SEARCHSTORE) != 0 ? "GEOSEARCHSTORE"
                    : "STORE option in GEORADIUS") + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMemberSeen || fromLoc)) {
            throw new CommandException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
                    + c.argString(0));
        }
        if (search && !(byRadius || byBox)) {
            throw new CommandException("ERR exactly one of BYRADIUS and BYBOX can be specified for "
                    + c.argString(0));
        }
        if (any && count == 0) {
            throw new CommandException("ERR the ANY argument requires COUNT argument");
        }
        if (zset == null) {
            if (storeKey != null) {
                c.db().delete(storeKey, c.now);
                c.reply.integer(0);
            } else {
                c.reply.array(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        List<Point> points = collect(zset, shape, any ? count : 0);
        if (points.isEmpty() && storeKey == null) {
            c.reply.array(0);
            return;
        }
        int returned = (int) (count == 0 || points.size() < count ? points.size() : count);
        if (sort == 1) {
            points.sort(Comparator.comparingDouble(Point::distance));
        } else if (sort == -1) {
            points.sort(Comparator.comparingDouble(Point::distance).reversed());
        }
        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
            c.reply.array(returned);
            for (int i = 0; i < returned; i++) {
                Point p = points.get(i);
                if (options > 0) {
                    c.reply.array(options + 1);
                }
                c.reply.bulk(p.member);
                if (withDist) {
                    c.reply.bulk(distance(p.distance / shape.conversion));
                }
                if (withHash) {
                    c.reply.integer((long) p.score);
                }
                if (withCoords) {
                    position(c, p.longitude, p.latitude);
                }
            }
            return;
        }
        RedisZSet result = RedisZSet.create(Long.MAX_VALUE, 0);
        for (int i = 0; i < returned; i++) {
            Point p = points.get(i);
            result.add(p.member, storeDist ? p.distance / shape.conversion : p.score);
        }
        result.convertToListpackIfSmall();
        SortedSetCommands.storeResult(c, storeKey, result);
    }

    /** The members inside the shape, cell by cell in Redis's order, stopping at {@code limit} (0: no limit). */
    private static List<Point> collect(RedisZSet zset, GeoHash.Shape shape, long limit) {
        List<Point> points = new ArrayList<>();
        ZSetTree tree = zset.tree();
        for (long[] range : GeoHash.searchRanges(shape)) {
            if (!points.isEmpty() && limit > 0 && points.size() >= limit) {
                break;
            }
            double min = range[0];
            double max = range[1];
            int from = tree.lowerBound((score, member) -> score >= min);
            if (from >= tree.size()) {
                continue;
            }
            for (ZSetTree.Cursor cursor = tree.at(from); cursor.valid() && cursor.score() < max; cursor.next()) {
                double[] xy = GeoHash.decodeScore(cursor.score());
                double distance;
                if (shape.box) {
                    double latDistance = GeoHash.latDistance(xy[1], shape.latitude);
                    if (latDistance > shape.height * shape.conversion / 2) {
                        continue;
                    }
                    double lonDistance = GeoHash.distance(xy[0], xy[1], shape.longitude, xy[1]);
                    if (lonDistance > shape.width * shape.conversion / 2) {
                        continue;
                    }
                    distance = GeoHash.distance(shape.longitude, shape.latitude, xy[0], xy[1]);
                } else {
                    distance = GeoHash.distance(shape.longitude, shape.latitude, xy[0], xy[1]);
                    if (distance > shape.radius * shape.conversion) {
                        continue;
                    }
                }
                points.add(new Point(cursor.member(), cursor.score(), xy[0], xy[1], distance));
                if (limit > 0 && points.size() >= limit) {
                    break;
                }
            }
        }
        return points;
    }
}
