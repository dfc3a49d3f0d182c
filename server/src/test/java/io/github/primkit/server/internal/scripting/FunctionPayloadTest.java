package io.github.primkit.server.internal.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FUNCTION DUMP's payload format; the payloads of real servers are checked in FunctionsDifferentialTest. */
class FunctionPayloadTest {
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crc64IsRedisCheckValue() {
        byte[] data = ascii("123456789");
        assertThat(FunctionPayload.crc64(data, data.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void readsAPayloadValkeyWrote() throws Exception {
        // FUNCTION DUMP of valkey-server 8.0.1 holding one library (RDB version 11).
        byte[] payload = HexFormat.of().parseHex("f5404623216c7561206e616d653d6c6962310a72656469732e7265676973746572"
                + "5f66756e6374696f6e28276631272c2066756e6374696f6e28292072657475726e203120656e64290b00f125fee80d384c2b");
        assertThat(FunctionPayload.verify(payload)).isTrue();
        List<byte[]> codes = FunctionPayload.read(payload);
        assertThat(codes).hasSize(1);
        assertThat(new String(codes.get(0), StandardCharsets.ISO_8859_1))
                .isEqualTo("#!lua name=lib1\nredis.register_function('f1', function() return 1 end)");
        // ... and writes the same bytes for it (a code LZF cannot shrink is stored plain by Redis too).
        assertThat(FunctionPayload.write(codes)).isEqualTo(payload);
    }

    @Test
    void roundTripsCodesOfEveryLengthEncoding() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int length : new int[] {0, 1, 63, 64, 16383, 16384, 70_000}) {
            byte[] code = new byte[length];
            for (int i = 0; i < length; i++) {
                code[i] = (byte) random.nextInt(256);
            }
            byte[] payload = FunctionPayload.write(List.of(code, ascii("second")));
            assertThat(FunctionPayload.verify(payload)).as("length %d", length).isTrue();
            List<byte[]> back = FunctionPayload.read(payload);
            assertThat(back.get(0)).as("length %d", length).isEqualTo(code);
            assertThat(back.get(1)).isEqualTo(ascii("second"));
        }
        assertThat(FunctionPayload.read(FunctionPayload.write(List.of()))).isEmpty();
    }

    @Test
    void rejectsAWrongChecksumANewerVersionAndShortPayloads() {
        byte[] payload = FunctionPayload.write(List.of(ascii("#!lua name=x\n")));
        byte[] corrupted = payload.clone();
        corrupted[3] ^= 1;
        assertThat(FunctionPayload.verify(corrupted)).isFalse();
        byte[] newer = payload.clone();
        newer[newer.length - 10] = (byte) (FunctionPayload.RDB_VERSION + 1);
        assertThat(FunctionPayload.verify(newer)).isFalse();
        assertThat(FunctionPayload.verify(new byte[9])).isFalse();
    }

    @Test
    void decompressesLzfLiteralsAndOverlappingBackReferences() throws Exception {
        // 3 literals "abc", then a back reference: 6 bytes from 3 back (overlapping its own output).
        byte[] compressed = {0x02, 'a', 'b', 'c', (byte) 0x80, 0x02};
        assertThat(FunctionPayload.lzfDecompress(compressed, 9)).isEqualTo(ascii("abcabcabc"));
        // A long back reference (length byte follows): 1 literal, then 7 + 3 + 2 = 12 copies of it.
        byte[] run = {0x00, 'z', (byte) 0xE0, 0x03, 0x00};
        assertThat(FunctionPayload.lzfDecompress(run, 13)).isEqualTo(ascii("zzzzzzzzzzzzz"));
    }

    @Test
    void malformedLzfIsABadPayloadNotACrash() throws Exception {
        assertThatThrownBy(() -> FunctionPayload.lzfDecompress(new byte[] {(byte) 0x80, 0x10}, 4))
                .isInstanceOf(FunctionPayload.BadPayload.class);
        assertThatThrownBy(() -> FunctionPayload.lzfDecompress(new byte[] {0x05, 'a'}, 6))
                .isInstanceOf(FunctionPayload.BadPayload.class);
        assertThatThrownBy(() -> FunctionPayload.lzfDecompress(new byte[] {0x01, 'a', 'b'}, 3))
                .isInstanceOf(FunctionPayload.BadPayload.class);
        // A plain length no 5 compressed bytes can expand to: refused without allocating it.
        assertThatThrownBy(() -> FunctionPayload.lzfDecompress(new byte[] {0x00, 'z', (byte) 0xE0, (byte) 0xff, 0},
                Integer.MAX_VALUE - 16)).isInstanceOf(FunctionPayload.BadPayload.class);
        assertThat(FunctionPayload.lzfDecompress(new byte[] {0x00, 'z', (byte) 0xE0, (byte) 0xff, 0}, 1 + 264))
                .hasSize(265);
    }

    @Test
    void aPayloadOfAnotherTypeIsNotAFunction() {
        // DUMP of a string key "v" (type 0) with a valid footer written around it.
        byte[] body = {0x00, 0x01, 'v'};
        byte[] payload = new byte[body.length + 10];
        System.arraycopy(body, 0, payload, 0, body.length);
        payload[body.length] = (byte) FunctionPayload.RDB_VERSION;
        long crc = FunctionPayload.crc64(payload, body.length + 2);
        for (int i = 0; i < 8; i++) {
            payload[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        assertThat(FunctionPayload.verify(payload)).isTrue();
        assertThatThrownBy(() -> FunctionPayload.read(payload)).isInstanceOf(FunctionPayload.BadPayload.class)
                .hasMessage("given type is not a function");
    }
}
