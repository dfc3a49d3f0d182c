package io.github.primkit.testing.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** Finds executables on PATH, or at an absolute path given by a system property. */
public final class Binaries {
    private Binaries() {
    }

    /** The executable named by system property {@code property} (a name or a path), default {@code name}. */
    public static Optional<Path> find(String property, String name) {
        String wanted = System.getProperty(property, name);
        if (wanted.contains(File.separator)) {
            Path path = Paths.get(wanted);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, wanted);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static String describeMissing(String property, String name) {
        return System.getProperty(property, name) + " not found on PATH (install it, or point -D" + property
                + " at the executable)";
    }
}
