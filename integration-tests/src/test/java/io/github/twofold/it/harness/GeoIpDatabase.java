package io.github.twofold.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small country database in MaxMind's MMDB format (version 2.0, IPv4, 24-bit records), written
 * by the tests the way MaxMind's specification lays it out, so that the server reads it with
 * MaxMind's own reader: {@code 127.0.0.1} is in Germany, {@code 127.0.0.2} ({@link OtherAddress})
 * in France, every other address in no country.
 */
public final class GeoIpDatabase {

    /** The networks and their countries in the test database. */
    public static final Map<String, String> COUNTRIES = Map.of("127.0.0.1/32", "DE", OtherAddress.ADDRESS + "/32", "FR");

    private static Path written;

    private GeoIpDatabase() {
    }

    /** The database file, written once per test run. */
    public static synchronized Path file() {
        if (written == null) {
            try {
                Path file = Files.createTempFile("twofold-geoip-", ".mmdb");
                Files.write(file, build(COUNTRIES));
                file.toFile().deleteOnExit();
                written = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return written;
    }

    /** A node's two records: another node, a record of the data section, or nothing. */
    private static final class Node {
        final Object[] records = new Object[2];
    }

    private record Data(int offset) {
    }

    static byte[] build(Map<String, String> networks) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<String, Integer> offsets = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node());
        for (Map.Entry<String, String> network : networks.entrySet()) {
            int offset = offsets.computeIfAbsent(network.getValue(), country -> {
                int at = data.size();
                data.writeBytes(map(Map.of("country", map(Map.of("iso_code", string(country))))));
                return at;
            });
            String[] parts = network.getKey().split("/");
            long address = 0;
            for (String octet : parts[0].split("\\.")) {
                address = address << 8 | Integer.parseInt(octet);
            }
            int length = Integer.parseInt(parts[1]);
            Node node = nodes.get(0);
            for (int i = 0; i < length; i++) {
                int bit = (int) (address >>> (31 - i) & 1);
                if (i == length - 1) {
                    node.records[bit] = new Data(offset);
                } else {
                    if (!(node.records[bit] instanceof Node)) {
                        Node next = new Node();
                        nodes.add(next);
                        node.records[bit] = next;
                    }
                    node = (Node) node.records[bit];
                }
            }
        }
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object record : node.records) {
                long value = record instanceof Node next ? nodes.indexOf(next)
                        : record instanceof Data d ? count + 16L + d.offset() : count; // count itself: no data
                out.write((int) (value >>> 16 & 0xff));
                out.write((int) (value >>> 8 & 0xff));
                out.write((int) (value & 0xff));
            }
        }
        out.write(new byte[16]); // the data section's separator
        out.writeBytes(data.toByteArray());
        out.write(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, byte[]> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", unsigned(5, 2));
        metadata.put("binary_format_minor_version", unsigned(5, 0));
        metadata.put("build_epoch", unsigned(9, 1_796_400_000L));
        metadata.put("database_type", string("Twofold-Test-Country"));
        metadata.put("description", map(Map.of("en", string("Twofold's test countries"))));
        metadata.put("ip_version", unsigned(5, 4));
        metadata.put("languages", array(List.of(string("en"))));
        metadata.put("node_count", unsigned(6, count));
        metadata.put("record_size", unsigned(5, 24));
        out.writeBytes(map(metadata));
        return out.toByteArray();
    }

    private static byte[] control(int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes up to 28 are enough here");
        }
        return type <= 7 ? new byte[]{(byte) (type << 5 | size)} : new byte[]{(byte) size, (byte) (type - 7)};
    }

    private static byte[] string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return concat(control(2, bytes.length), bytes);
    }

    /** An unsigned integer of MMDB type 5 (uint16), 6 (uint32) or 9 (uint64), in as few bytes as it needs. */
    private static byte[] unsigned(int type, long value) {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        for (int shift = 56; shift >= 0; shift -= 8) {
            int b = (int) (value >>> shift & 0xff);
            if (b != 0 || digits.size() > 0) {
                digits.write(b);
            }
        }
        return concat(control(type, digits.size()), digits.toByteArray());
    }

    private static byte[] map(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(control(7, entries.size()));
        entries.forEach((key, value) -> {
            out.writeBytes(string(key));
            out.writeBytes(value);
        });
        return out.toByteArray();
    }

    private static byte[] array(List<byte[]> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(control(11, items.size()));
        items.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
