package io.github.twofold.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A loopback SMTP server that accepts every message and keeps it (the raw message as sent), for the
 * tests of Twofold's security e-mails. Plain SMTP without TLS or authentication, as a realm's SMTP
 * settings can point at it.
 */
public final class SmtpStub implements AutoCloseable {

    /** One received message: envelope recipients and the raw message (headers and body). */
    public record Mail(List<String> to, String raw) {
        /** The Subject header, MIME encoded-words (RFC 2047, B and Q) decoded. */
        public String subject() {
            String[] lines = raw.split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
                    StringBuilder header = new StringBuilder(lines[i].substring(8).trim());
                    while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                        header.append(lines[++i].trim());
                    }
                    return decodeWords(header.toString());
                }
            }
            return "";
        }

        /** The whole message with quoted-printable soft breaks and =XX escapes decoded as UTF-8. */
        public String text() {
            String joined = raw.replace("=\n", "");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] bytes = joined.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '=' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                    out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                } else {
                    out.write(bytes[i]);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private static boolean isHex(byte b) {
            return b >= '0' && b <= '9' || b >= 'A' && b <= 'F';
        }

        private static String decodeWords(String header) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=\\s*").matcher(header);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                byte[] decoded;
                if (m.group(2).equalsIgnoreCase("B")) {
                    decoded = java.util.Base64.getDecoder().decode(m.group(3));
                } else {
                    decoded = new Mail(List.of(), m.group(3).replace('_', ' ')).text().getBytes(StandardCharsets.UTF_8);
                }
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(new String(decoded, java.nio.charset.Charset.forName(m.group(1)))));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private final ServerSocket listener;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    public SmtpStub() {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "smtp-stub");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    /** Waits up to 15 s for a message to {@code address} that matches. */
    public Mail await(String address, Predicate<Mail> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Mail m : mails) {
                if (m.to().contains(address) && matching.test(m)) {
                    return m;
                }
            }
            ProcessReaper.sleep(100);
        }
        throw new AssertionError("no matching e-mail to " + address + "; received: " + mails.stream().map(Mail::subject).toList());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread t = new Thread(() -> serve(socket), "smtp-stub-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 twofold-smtp-stub ready");
            List<String> to = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 twofold-smtp-stub");
                    case "MAIL" -> {
                        to = new ArrayList<>();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        to.add(line.replaceAll(".*<([^>]*)>.*", "$1"));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder raw = new StringBuilder();
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            raw.append(data.startsWith("..") ? data.substring(1) : data).append("\n");
                        }
                        mails.add(new Mail(List.copyOf(to), raw.toString()));
                        keep(raw.toString());
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** Numbers the copies of the whole run (every class has a stub of its own, some at the same time). */
    private static final java.util.concurrent.atomic.AtomicInteger KEPT = new java.util.concurrent.atomic.AtomicInteger();

    /** Each message also goes to {@code target/it/mails/} for a person to read. */
    private void keep(String raw) {
        String dir = System.getProperty("twofold.work.dir");
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Path mails = java.nio.file.Path.of(dir, "mails");
            java.nio.file.Files.createDirectories(mails);
            java.nio.file.Files.writeString(mails.resolve(String.format("%04d.eml", KEPT.incrementAndGet())), raw);
        } catch (IOException e) {
            // only a copy for reading
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
