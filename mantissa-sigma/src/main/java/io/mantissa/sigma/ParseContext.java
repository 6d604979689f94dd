package io.mantissa.sigma;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The file being parsed: its name, its warnings, and helpers that read YAML nodes with marks. */
final class ParseContext {
  private final String origin;
  private final List<ParseWarning> warnings = new ArrayList<>();

  ParseContext(String origin) {
    this.origin = origin;
  }

  String origin() {
    return origin;
  }

  List<ParseWarning> warnings() {
    return warnings;
  }

  void warn(Node node, String message) {
    warnings.add(new ParseWarning(message, location(node)));
  }

  SourceLocation location(Node node) {
    return node == null ? new SourceLocation(origin, 1, 0) : location(node.getStartMark());
  }

  SourceLocation location(Mark mark) {
    if (mark == null) {
      return new SourceLocation(origin, 1, 0);
    }
    return new SourceLocation(origin, mark.getLine() + 1L, mark.getColumn() + 1);
  }

  MantissaException error(Node node, String message) {
    return new MantissaException(ErrorCode.PARSE_ERROR, message, location(node));
  }

  MantissaException error(SourceLocation location, String message) {
    return new MantissaException(ErrorCode.PARSE_ERROR, message, location);
  }

  /** The entries of a mapping by key, refusing non-scalar and duplicate keys. */
  Map<String, NodeTuple> entries(MappingNode map) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      Node key = tuple.getKeyNode();
      if (!(key instanceof ScalarNode scalar)) {
        throw error(key, "a mapping key must be a plain value, not a " + kind(key));
      }
      if (out.put(scalar.getValue(), tuple) != null) {
        throw error(key, "duplicate key '" + scalar.getValue() + "'");
      }
    }
    return out;
  }

  MappingNode mapping(Node node, String what) {
    if (node instanceof MappingNode map) {
      return map;
    }
    throw error(node, what + " must be a mapping, not a " + kind(node));
  }

  /** A scalar as text; null when the YAML value is null. */
  String scalar(Node node, String what) {
    if (node instanceof ScalarNode scalar) {
      return Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue();
    }
    throw error(node, what + " must be a single value, not a " + kind(node));
  }

  /** A scalar or a list of scalars as a list of strings. */
  List<String> strings(Node node, String what) {
    List<String> out = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        String s = scalar(item, "each entry of " + what);
        if (s != null) {
          out.add(s);
        }
      }
    } else {
      String s = scalar(node, what);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "mapping";
    } else if (node instanceof SequenceNode) {
      return "list";
    }
    return "value";
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }
}
