package io.github.primkit.testing;

/** A backend that is required ({@code primkit.backends.required}) could not be started; the message says why. */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
