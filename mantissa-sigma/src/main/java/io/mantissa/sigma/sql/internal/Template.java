package io.mantissa.sigma.sql.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * A dialect-specific SQL function written as a template such as {@code json_extract_string({0},
 * {1})}: the operands are rendered by Calcite (literals through the dialect's quoting), only the
 * fixed text around them comes from the template. Templates never contain user values.
 */
final class Template extends SqlFunction {
  private final List<Object> pieces;

  private Template(String name, String template, SqlTypeName type) {
    super(
        name,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(type).andThen(SqlTypeTransforms.FORCE_NULLABLE),
        null,
        OperandTypes.VARIADIC,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.pieces = split(template);
  }

  static Template text(String name, String template) {
    return new Template(name, template, SqlTypeName.VARCHAR);
  }

  static Template bool(String name, String template) {
    return new Template(name, template, SqlTypeName.BOOLEAN);
  }

  static Template number(String name, String template) {
    return new Template(name, template, SqlTypeName.DOUBLE);
  }

  static Template timestamp(String name, String template) {
    return new Template(name, template, SqlTypeName.TIMESTAMP);
  }

  private static List<Object> split(String template) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        out.add(template.substring(i));
        break;
      }
      if (open > i) {
        out.add(template.substring(i, open));
      }
      int close = template.indexOf('}', open);
      out.add(Integer.parseInt(template.substring(open + 1, close)));
      i = close + 1;
    }
    return out;
  }

  @Override
  public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "", "");
    boolean first = true;
    for (Object piece : pieces) {
      if (!first) {
        writer.setNeedWhitespace(false);
      }
      first = false;
      if (piece instanceof Integer index) {
        call.operand(index).unparse(writer, 0, 0);
      } else {
        writer.print((String) piece);
      }
    }
    writer.endList(frame);
    writer.setNeedWhitespace(true);
  }
}
