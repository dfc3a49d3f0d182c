package io.github.primkit.server;

/**
 * Settings of a {@link PrimkitServer}, validated when set. Defaults: loopback only ({@code 127.0.0.1}), an
 * ephemeral port, no password, 16 databases, Redis's protocol limits (512 MiB bulk strings, 1 GiB query buffer per
 * client, 10,000 clients).
 */
public final class ServerConfig {
    final String bind;
    final int port;
    final String requirePass;
    final int databases;
    final int maxClients;
    final long protoMaxBulkLen;
    final long clientQueryBufferLimit;

    private ServerConfig(Builder b) {
        this.bind = b.bind;
        this.port = b.port;
        this.requirePass = b.requirePass;
        this.databases = b.databases;
        this.maxClients = b.maxClients;
        this.protoMaxBulkLen = b.protoMaxBulkLen;
        this.clientQueryBufferLimit = b.clientQueryBufferLimit;
    }

    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bind() {
        return bind;
    }

    public int port() {
        return port;
    }

    /** Builds a {@link ServerConfig}; each setter checks its argument. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port;
        private String requirePass = "";
        private int databases = 16;
        private int maxClients = 10_000;
        private long protoMaxBulkLen = 512L * 1024 * 1024;
        private long clientQueryBufferLimit = 1024L * 1024 * 1024;

        private Builder() {
        }

        /** The address to listen on; default 127.0.0.1 (loopback only). */
        public Builder bind(String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("bind must not be blank, was \"" + address + "\"");
            }
            this.bind = address;
            return this;
        }

        /** The TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
            }
            this.port = port;
            return this;
        }

        /** A password clients must send with AUTH or HELLO before anything else; empty for none. */
        public Builder requirePass(String password) {
            if (password == null) {
                throw new IllegalArgumentException("requirePass must not be null");
            }
            this.requirePass = password;
            return this;
        }

        public Builder databases(int count) {
            if (count < 1 || count > 1_000_000) {
                throw new IllegalArgumentException("databases must be in [1, 1000000], was " + count);
            }
            this.databases = count;
            return this;
        }

        public Builder maxClients(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxClients must be > 0, was " + count);
            }
            this.maxClients = count;
            return this;
        }

        /** The largest bulk string a client may send (proto-max-bulk-len). */
        public Builder protoMaxBulkLen(long bytes) {
            if (bytes < 1024 * 1024 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("protoMaxBulkLen must be in [1048576, " + (Integer.MAX_VALUE - 8)
                        + "], was " + bytes);
            }
            this.protoMaxBulkLen = bytes;
            return this;
        }

        /** How much unprocessed input one client may have pending before it is disconnected. */
        public Builder clientQueryBufferLimit(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("clientQueryBufferLimit must be >= 1048576, was " + bytes);
            }
            this.clientQueryBufferLimit = bytes;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
