package io.github.primkit.server.internal.commands;

/**
 * Redis's geohash arithmetic, so that stored scores, decoded positions, distances and the cells a search scans are
 * the ones real Redis computes, bit for bit: a 52-bit interleaved geohash (latitude in the even bits, longitude in the
 * odd bits) over longitude [-180, 180] and latitude [-85.05112878, 85.05112878] (the Web Mercator limits); positions
 * decoded as the centre of their cell; haversine distances on a sphere of radius 6372797.560856 m; and the search
 * step chosen from the radius, then the centre cell plus its 8 neighbours, minus the ones the search area cannot
 * reach. The floating-point operations follow the same order as the C code, so results round identically.
 */
final class GeoHash {
    private GeoHash() {
    }

    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final int STEP_MAX = 26;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    static double degRad(double ang) {
        return ang * D_R;
    }

    static double radDeg(double ang) {
        return ang / D_R;
    }

    // ---- Interleaving --------------------------------------------------------------------------------------------

    private static final long[] B = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL,
        0x00FF00FF00FF00FFL, 0x0000FFFF0000FFFFL, 0x00000000FFFFFFFFL};

    /** Spreads two 32-bit values: x into the even bits, y into the odd bits. */
    static long interleave64(long xlo, long ylo) {
        long x = xlo & 0xFFFFFFFFL;
        long y = ylo & 0xFFFFFFFFL;
        x = (x | (x << 16)) & B[4];
        y = (y | (y << 16)) & B[4];
        x = (x | (x << 8)) & B[3];
        y = (y | (y << 8)) & B[3];
        x = (x | (x << 4)) & B[2];
        y = (y | (y << 4)) & B[2];
        x = (x | (x << 2)) & B[1];
        y = (y | (y << 2)) & B[1];
        x = (x | (x << 1)) & B[0];
        y = (y | (y << 1)) & B[0];
        return x | (y << 1);
    }

    /** The inverse: even bits to the low 32 bits, odd bits to the high 32 bits. */
    static long deinterleave64(long interleaved) {
        long x = interleaved;
        long y = interleaved >>> 1;
        x = x & B[0];
        y = y & B[0];
        x = (x | (x >>> 1)) & B[1];
        y = (y | (y >>> 1)) & B[1];
        x = (x | (x >>> 2)) & B[2];
        y = (y | (y >>> 2)) & B[2];
        x = (x | (x >>> 4)) & B[3];
        y = (y | (y >>> 4)) & B[3];
        x = (x | (x >>> 8)) & B[4];
        y = (y | (y >>> 8)) & B[4];
        x = (x | (x >>> 16)) & B[5];
        y = (y | (y >>> 16)) & B[5];
        return x | (y << 32);
    }

    /** C's conversion of a non-negative double to uint32_t: truncation (values here are within 0..2^26). */
    private static long toUint32(double value) {
        return ((long) value) & 0xFFFFFFFFL;
    }

    // ---- Encode, decode ------------------------------------------------------------------------------------------

    /** geohashEncode over the given ranges; -1 when the position is outside the limits or the ranges. */
    static long encode(double longMin, double longMax, double latMin, double latMax, double longitude,
            double latitude, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
            return -1;
        }
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
            return -1;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return interleave64(toUint32(latOffset), toUint32(longOffset));
    }

    /** The 52-bit score of a position (geohashEncodeWGS84 at step 26), -1 when outside the limits. */
    static long encodeWgs84(double longitude, double latitude) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, STEP_MAX);
    }

    /** The cell of a hash: {latitude min, latitude max, longitude min, longitude max}. */
    static double[] decode(long bits, int step) {
        long separated = deinterleave64(bits);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        long ilato = separated & 0xFFFFFFFFL;
        long ilono = separated >>> 32;
        double cells = (double) (1L << step);
        return new double[] {
            LAT_MIN + (ilato * 1.0 / cells) * latScale,
            LAT_MIN + ((ilato + 1) * 1.0 / cells) * latScale,
            LONG_MIN + (ilono * 1.0 / cells) * longScale,
            LONG_MIN + ((ilono + 1) * 1.0 / cells) * longScale};
    }

    /** The position Redis reports for a score: the centre of its step-26 cell, clamped to the limits. */
    static double[] decodeScore(double score) {
        long bits = score >= 9.223372036854775807E18 ? Long.MIN_VALUE : (long) score;
        double[] area = decode(bits, STEP_MAX);
        double longitude = (area[2] + area[3]) / 2;
        longitude = Math.min(LONG_MAX, Math.max(LONG_MIN, longitude));
        double latitude = (area[0] + area[1]) / 2;
        latitude = Math.min(LAT_MAX, Math.max(LAT_MIN, latitude));
        return new double[] {longitude, latitude};
    }

    // ---- Distances -----------------------------------------------------------------------------------------------

    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** Haversine great-circle distance in meters, as geohashGetDistance computes it. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = StrictMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = StrictMath.sin((lat2r - lat1r) / 2);
        double a = u * u + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(Math.sqrt(a));
    }

    // ---- Search areas --------------------------------------------------------------------------------------------

    /** A search shape: centre, radius or box (in the unit), and the unit's size in meters. */
    static final class Shape {
        double longitude;
        double latitude;
        boolean box;
        double radius;
        double width;
        double height;
        double conversion = 1;
    }

    static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    /** {min longitude, min latitude, max longitude, max latitude} around the shape (geohashBoundingBox). */
    static double[] boundingBox(Shape shape) {
        double longitude = shape.longitude;
        double latitude = shape.latitude;
        double height = shape.conversion * (shape.box ? shape.height / 2 : shape.radius);
        double width = shape.conversion * (shape.box ? shape.width / 2 : shape.radius);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / StrictMath.cos(degRad(latitude + latDelta)));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS
                / StrictMath.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        return new double[] {
            southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
            latitude - latDelta,
            southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
            latitude + latDelta};
    }

    private static long moveX(long bits, int step, int d) {
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        return x | y;
    }

    private static long moveY(long bits, int step, int d) {
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= 0x5555555555555555L >>> (64 - step * 2);
        return x | y;
    }

    /**
     * The score ranges [min, max) to scan, in Redis's order (the centre cell, then north, south, east, west,
     * north-east, north-west, south-east, south-west), skipping cells the area cannot reach and a cell equal to the
     * one scanned just before it. Each entry is {min, max}.
     */
    static java.util.List<long[]> searchRanges(Shape shape) {
        double[] bounds = boundingBox(shape);
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        double radiusMeters = shape.box
                ? Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))
                : shape.radius;
        radiusMeters *= shape.conversion;
        int steps = estimateStepsByRadius(radiusMeters, shape.latitude);
        long hash = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, shape.longitude, shape.latitude, steps);
        long[] neighbors = neighbors(hash, steps);
        double[] area = decode(hash, steps);
        boolean decrease = decode(neighbors[0], steps)[1] < maxLat
                || decode(neighbors[1], steps)[0] > minLat
                || decode(neighbors[2], steps)[3] < maxLon
                || decode(neighbors[3], steps)[2] > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, shape.longitude, shape.latitude, steps);
            neighbors = neighbors(hash, steps);
            area = decode(hash, steps);
        }
        // neighbors: 0 north, 1 south, 2 east, 3 west, 4 north-east, 5 north-west, 6 south-east, 7 south-west
        boolean[] zero = new boolean[8];
        if (steps >= 2) {
            if (area[0] < minLat) {
                zero[1] = zero[7] = zero[6] = true;
            }
            if (area[1] > maxLat) {
                zero[0] = zero[4] = zero[5] = true;
            }
            if (area[2] < minLon) {
                zero[3] = zero[7] = zero[5] = true;
            }
            if (area[3] > maxLon) {
                zero[2] = zero[6] = zero[4] = true;
            }
        }
        long[] cells = new long[9];
        boolean[] skip = new boolean[9];
        cells[0] = hash;
        for (int i = 0; i < 8; i++) {
            cells[i + 1] = neighbors[i];
            skip[i + 1] = zero[i];
        }
        java.util.List<long[]> ranges = new java.util.ArrayList<>(9);
        int lastProcessed = 0;
        boolean processedAny = false;
        for (int i = 0; i < 9; i++) {
            if (skip[i]) {
                continue; // a zeroed cell (Redis's GZERO: bits 0, step 0)
            }
            if (processedAny && lastProcessed != 0 && cells[i] == cells[lastProcessed]) {
                continue;
            }
            int shift = 52 - steps * 2;
            ranges.add(new long[] {cells[i] << shift, (cells[i] + 1) << shift});
            lastProcessed = i;
            processedAny = true;
        }
        return ranges;
    }

    /** {north, south, east, west, north-east, north-west, south-east, south-west} of a cell. */
    private static long[] neighbors(long hash, int step) {
        return new long[] {
            moveY(hash, step, 1),
            moveY(hash, step, -1),
            moveX(hash, step, 1),
            moveX(hash, step, -1),
            moveY(moveX(hash, step, 1), step, 1),
            moveY(moveX(hash, step, -1), step, 1),
            moveY(moveX(hash, step, 1), step, -1),
            moveY(moveX(hash, step, -1), step, -1)};
    }
}
