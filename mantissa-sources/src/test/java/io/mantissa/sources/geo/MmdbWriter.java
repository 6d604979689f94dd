package io.mantissa.sources.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small MaxMind DB (format 2.0) writer for tests, following
 * https://maxmind.github.io/MaxMind-DB/: an IPv6 search tree with 24-bit records in which IPv4
 * networks live at {@code ::a.b.c.d/96+n}, a 16-byte zero separator, a data section (maps, arrays,
 * UTF-8 strings, doubles, uint16/32/64, booleans; repeated map keys are written once and then
 * referenced with pointers) and the metadata after {@code \xAB\xCD\xEFMaxMind.com}.
 *
 * <p>Values are {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Double}, {@code
 * Boolean}, {@link U16}, {@link U32} or {@link U64}. Networks must not overlap.
 */
final class MmdbWriter {
  /** An unsigned 16-bit value. */
  record U16(int value) {}

  /** An unsigned 32-bit value. */
  record U32(long value) {}

  /** An unsigned 64-bit value. */
  record U64(long value) {}

  private static final int MAX_24 = (1 << 24) - 1;

  private final String databaseType;
  private final Node root = new Node();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final Map<String, Integer> keyOffsets = new HashMap<>();
  private int pointersWritten;

  private static final class Node {
    Object[] child = new Object[2];
  }

  private record Leaf(int offset) {}

  MmdbWriter(String databaseType) {
    this.databaseType = databaseType;
  }

  /** How many pointers the data section holds so far. */
  int pointersWritten() {
    return pointersWritten;
  }

  /** Adds {@code cidr} ({@code "203.0.113.0/24"} or {@code "2001:db8::/32"}) with {@code value}. */
  MmdbWriter insert(String cidr, Object value) throws IOException {
    int slash = cidr.indexOf('/');
    InetAddress address = InetAddress.getByName(cidr.substring(0, slash));
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    byte[] bytes = new byte[16];
    byte[] raw = address.getAddress();
    if (address instanceof Inet4Address) {
      System.arraycopy(raw, 0, bytes, 12, 4);
      prefix += 96;
    } else {
      bytes = raw;
    }
    int offset = data.size();
    encode(value, data);
    Node node = root;
    for (int i = 0; i < prefix; i++) {
      int bit = (bytes[i / 8] >> (7 - i % 8)) & 1;
      if (i == prefix - 1) {
        if (node.child[bit] != null) {
          throw new IllegalArgumentException("overlapping network " + cidr);
        }
        node.child[bit] = new Leaf(offset);
      } else {
        if (node.child[bit] == null) {
          node.child[bit] = new Node();
        } else if (!(node.child[bit] instanceof Node)) {
          throw new IllegalArgumentException("overlapping network " + cidr);
        }
        node = (Node) node.child[bit];
      }
    }
    return this;
  }

  /** Writes the database to {@code file}. */
  Path write(Path file) throws IOException {
    List<Node> nodes = new ArrayList<>();
    Map<Node, Integer> index = new IdentityHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      index.put(n, nodes.size());
      nodes.add(n);
      for (Object c : n.child) {
        if (c instanceof Node child) {
          queue.add(child);
        }
      }
    }
    int nodeCount = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node n : nodes) {
      for (Object c : n.child) {
        long record;
        if (c == null) {
          record = nodeCount;
        } else if (c instanceof Node child) {
          record = index.get(child);
        } else {
          record = nodeCount + 16L + ((Leaf) c).offset();
        }
        if (record > MAX_24) {
          throw new IllegalStateException("database too large for 24-bit records");
        }
        out.write((int) (record >> 16) & 0xff);
        out.write((int) (record >> 8) & 0xff);
        out.write((int) record & 0xff);
      }
    }
    out.write(new byte[16]);
    data.writeTo(out);
    out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
    out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", new U32(nodeCount));
    metadata.put("record_size", new U16(24));
    metadata.put("ip_version", new U16(6));
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", new U16(2));
    metadata.put("binary_format_minor_version", new U16(0));
    metadata.put("build_epoch", new U64(1_735_689_600L));
    metadata.put("description", Map.of("en", "Mantissa test " + databaseType));
    // The metadata is its own data section: pointers there would be relative to it, so none.
    encodeNoPointers(metadata, out);
    return Files.write(file, out.toByteArray());
  }

  private static void encodeNoPointers(Object value, ByteArrayOutputStream out) {
    if (value instanceof Map<?, ?> map) {
      control(7, map.size(), out);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        string((String) e.getKey(), out);
        encodeNoPointers(e.getValue(), out);
      }
    } else if (value instanceof List<?> list) {
      control(11, list.size(), out);
      for (Object o : list) {
        encodeNoPointers(o, out);
      }
    } else {
      scalar(value, out);
    }
  }

  private void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof Map<?, ?> map) {
      control(7, map.size(), out);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = (String) e.getKey();
        Integer at = keyOffsets.get(key);
        if (at != null) {
          pointer(at, out);
        } else {
          keyOffsets.put(key, out.size());
          string(key, out);
        }
        encode(e.getValue(), out);
      }
    } else if (value instanceof List<?> list) {
      control(11, list.size(), out);
      for (Object o : list) {
        encode(o, out);
      }
    } else {
      scalar(value, out);
    }
  }

  private static void scalar(Object value, ByteArrayOutputStream out) {
    if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Double d) {
      control(3, 8, out);
      long bits = Double.doubleToLongBits(d);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (bits >>> (8 * i)) & 0xff);
      }
    } else if (value instanceof Boolean b) {
      control(14, b ? 1 : 0, out);
    } else if (value instanceof U16 u) {
      unsigned(5, u.value(), out);
    } else if (value instanceof U32 u) {
      unsigned(6, u.value(), out);
    } else if (value instanceof U64 u) {
      unsigned(9, u.value(), out);
    } else {
      throw new IllegalArgumentException("cannot encode " + value);
    }
  }

  private static void string(String s, ByteArrayOutputStream out) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    control(2, b.length, out);
    out.write(b, 0, b.length);
  }

  private static void unsigned(int type, long value, ByteArrayOutputStream out) {
    int size = 0;
    for (long v = value; v != 0; v >>>= 8) {
      size++;
    }
    control(type, size, out);
    for (int i = size - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  /** A pointer to {@code offset} in the data section (sizes 0 to 2 of the spec). */
  private void pointer(int offset, ByteArrayOutputStream out) {
    pointersWritten++;
    if (offset < 2048) {
      out.write(0x20 | (offset >> 8));
      out.write(offset & 0xff);
    } else if (offset < 2048 + (1 << 19)) {
      int v = offset - 2048;
      out.write(0x28 | (v >> 16));
      out.write((v >> 8) & 0xff);
      out.write(v & 0xff);
    } else {
      int v = offset - 526_336;
      out.write(0x30 | (v >> 24));
      out.write((v >> 16) & 0xff);
      out.write((v >> 8) & 0xff);
      out.write(v & 0xff);
    }
  }

  /** A control byte (and extended type and size bytes) for {@code type} and {@code size}. */
  private static void control(int type, int size, ByteArrayOutputStream out) {
    int first = type <= 7 ? type << 5 : 0;
    int sizeBits;
    byte[] extra;
    if (size < 29) {
      sizeBits = size;
      extra = new byte[0];
    } else if (size < 285) {
      sizeBits = 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      sizeBits = 30;
      int v = size - 285;
      extra = new byte[] {(byte) (v >> 8), (byte) v};
    } else {
      sizeBits = 31;
      int v = size - 65_821;
      extra = new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }
    out.write(first | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    out.write(extra, 0, extra.length);
  }
}
