package io.mantissa.sigma;

import java.util.List;

/** A compiled boolean test over one event. */
interface Matcher {
  boolean matches(EventView ev);

  static Matcher and(List<Matcher> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    Matcher[] array = parts.toArray(new Matcher[0]);
    return ev -> {
      for (Matcher m : array) {
        if (!m.matches(ev)) {
          return false;
        }
      }
      return true;
    };
  }

  static Matcher or(List<Matcher> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    Matcher[] array = parts.toArray(new Matcher[0]);
    return ev -> {
      for (Matcher m : array) {
        if (m.matches(ev)) {
          return true;
        }
      }
      return false;
    };
  }

  static Matcher not(Matcher inner) {
    return ev -> !inner.matches(ev);
  }

  /** Shares the result of {@code inner} among every rule that uses the same leaf. */
  static Matcher memo(int id, Matcher inner) {
    return ev -> {
      int known = ev.memo(id);
      return known >= 0 ? known == 1 : ev.remember(id, inner.matches(ev));
    };
  }
}
