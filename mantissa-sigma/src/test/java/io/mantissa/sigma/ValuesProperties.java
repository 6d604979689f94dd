package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast integral reading of values ({@link Values#integral}) gives the same number as the
 * decimal reading ({@link Values#number}) wherever it gives one, so numeric tests answer the same
 * through either: Java integers of every width, strings of digits with signs, blanks, leading
 * zeros, exponents, points and more digits than a long holds, and {@code BigDecimal}s of any scale.
 */
class ValuesProperties {

  @Provide
  Arbitrary<Object> values() {
    Arbitrary<String> numberLike =
        Arbitraries.strings().withChars("0123456789-+. eE").ofMaxLength(22);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Object.class::cast),
        Arbitraries.integers().map(Object.class::cast),
        Arbitraries.shorts().map(Object.class::cast),
        Arbitraries.bytes().map(Object.class::cast),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L).map(Object.class::cast),
        numberLike.map(Object.class::cast),
        digits.map(Object.class::cast),
        digits.map(d -> (Object) ("-" + d)),
        Arbitraries.bigDecimals().ofScale(3).map(Object.class::cast),
        Arbitraries.longs()
            .map(l -> (Object) new BigDecimal(java.math.BigInteger.valueOf(l), -2))
            .map(Object.class::cast),
        Arbitraries.doubles().map(Object.class::cast));
  }

  @Property(tries = 5_000)
  void integralAgreesWithTheDecimalReading(@ForAll("values") Object value) {
    long integral = Values.integral(value);
    if (integral == Values.NOT_INTEGRAL) {
      return;
    }
    BigDecimal decimal = Values.number(value);
    assertThat(decimal).as("decimal reading of %s", value).isNotNull();
    assertThat(decimal.compareTo(BigDecimal.valueOf(integral)))
        .as("%s read as %d", value, integral)
        .isZero();
  }

  @Property(tries = 2_000)
  void numericTestsAnswerAsTheDecimalComparison(
      @ForAll("values") Object value, @ForAll("values") Object boundValue) {
    BigDecimal bound = Values.number(boundValue);
    BigDecimal v = Values.number(value);
    if (bound == null || v == null || value instanceof Double) {
      return;
    }
    assertThat(ValueTest.number(bound, bound.toPlainString()).test(value, null, -1))
        .isEqualTo(v.compareTo(bound) == 0);
    for (Modifier op : new Modifier[] {Modifier.GT, Modifier.GTE, Modifier.LT, Modifier.LTE}) {
      assertThat(ValueTest.compare(op, bound).test(value, null, -1))
          .as("%s %s %s", value, op, bound)
          .isEqualTo(ValueTest.compare(op, v, bound));
    }
  }
}
