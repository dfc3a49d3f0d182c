package io.github.primkit.server.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Geohash arithmetic and formats, against values real Redis (valkey 8.0) returned for the same input. */
class GeoHashTest {
    @Test
    void interleavingRoundTrips() {
        long seed = Long.getLong("primkit.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long x = random.nextInt() & 0xFFFFFFFFL;
            long y = random.nextInt() & 0xFFFFFFFFL;
            long separated = GeoHash.deinterleave64(GeoHash.interleave64(x, y));
            assertThat(separated & 0xFFFFFFFFL).as("seed %d", seed).isEqualTo(x);
            assertThat(separated >>> 32).as("seed %d", seed).isEqualTo(y);
        }
    }

    @Test
    void scoresPositionsAndDistancesAreRedis() {
        // GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania (valkey 8.0 replies).
        long palermo = GeoHash.encodeWgs84(13.361389, 38.115556);
        long catania = GeoHash.encodeWgs84(15.087269, 37.502669);
        assertThat(palermo).isEqualTo(3479099956230698L);
        assertThat(catania).isEqualTo(3479447370796909L);
        double[] xy = GeoHash.decodeScore(palermo);
        assertThat(GeoCommands.human(xy[0])).isEqualTo("13.36138933897018433");
        assertThat(GeoCommands.human(xy[1])).isEqualTo("38.11555639549629859");
        double[] other = GeoHash.decodeScore(catania);
        assertThat(GeoCommands.distance(GeoHash.distance(xy[0], xy[1], other[0], other[1]) / 1000))
                .isEqualTo("166.2742");
        assertThat(GeoHash.encodeWgs84(181, 0)).isEqualTo(-1);
        assertThat(GeoHash.encodeWgs84(0, 85.06)).isEqualTo(-1);
    }

    @Test
    void formats() {
        assertThat(GeoCommands.distance(0)).isEqualTo("0.0000");
        assertThat(GeoCommands.distance(0.00004)).isEqualTo("0.0000");
        assertThat(GeoCommands.distance(12.5)).isEqualTo("12.5000");
        assertThat(GeoCommands.human(-0.0)).isEqualTo("0");
        assertThat(GeoCommands.human(180)).isEqualTo("180");
        assertThat(GeoCommands.human(0.5)).isEqualTo("0.5");
    }
}
