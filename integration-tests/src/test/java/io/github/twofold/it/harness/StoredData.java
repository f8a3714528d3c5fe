package io.github.twofold.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A Keycloak database as a gzipped SQL file (pg_dump, plain format): recorded once with an earlier
 * Twofold, restored into a fresh database of the machine's PostgreSQL on every run.
 */
public final class StoredData {

    private StoredData() {
    }

    /** Restores {@code dump} into a fresh {@code database} with psql (stops at the first error). */
    public static void restore(Path dump, String database) {
        Cluster.recreateDatabase(database);
        try (InputStream sql = new GZIPInputStream(Files.newInputStream(dump))) {
            Path output = Files.createTempFile("twofold-restore", ".log");
            ProcessBuilder builder = new ProcessBuilder(psqlCommand("psql", database, "-q", "-v", "ON_ERROR_STOP=1"))
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("PGPASSWORD", Cluster.PASSWORD);
            Process psql = builder.start();
            try (OutputStream in = psql.getOutputStream()) {
                sql.transferTo(in);
            }
            try {
                finish(psql, "psql restore of " + dump.getFileName() + " (" + output + ")");
            } finally {
                if (psql.exitValue() == 0) {
                    Files.deleteIfExists(output);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore " + dump + " (is the psql client installed?)", e);
        }
    }

    /** Dumps {@code database} into {@code target} (gzipped plain SQL, no owners or privileges). */
    public static void dump(String database, Path target) {
        try {
            Files.createDirectories(target.getParent());
            ProcessBuilder builder = new ProcessBuilder(psqlCommand("pg_dump", database, "--no-owner", "--no-privileges"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("PGPASSWORD", Cluster.PASSWORD);
            Process pgDump = builder.start();
            try (InputStream out = pgDump.getInputStream(); OutputStream gz = new GZIPOutputStream(Files.newOutputStream(target))) {
                out.transferTo(gz);
            }
            finish(pgDump, "pg_dump of " + database);
        } catch (IOException e) {
            throw new IllegalStateException("cannot dump " + database, e);
        }
    }

    private static List<String> psqlCommand(String tool, String database, String... options) {
        String[] hostPort = Cluster.HOST.split(":");
        List<String> command = new java.util.ArrayList<>(List.of(tool, "-h", hostPort[0], "-p", hostPort.length > 1 ? hostPort[1] : "5432",
                "-U", Cluster.USER, "-d", database));
        command.addAll(List.of(options));
        return command;
    }

    private static void finish(Process process, String what) throws IOException {
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 5 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with " + process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
