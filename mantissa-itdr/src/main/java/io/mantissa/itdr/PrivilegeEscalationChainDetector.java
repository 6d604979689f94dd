package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Privilege escalation chain: one identity (across providers through the identity key) receives a
 * privileged grant and then, within {@link PrivilegeSettings#chainWindow()} (default 24 h), uses
 * it: performs administrative actions ({@link AdminAction}) it has never performed before, in the
 * same provider or another one (Okta administrator, then AWS or Entra ID administration).
 *
 * <p>Step 1 is a successful {@link Activity#PRIVILEGE_GRANT} naming a privileged role, group or
 * policy ({@link PrivilegeSettings#privilegedNames()}) to an account, by anyone (the account itself
 * included). Step 2 is each administrative action of that account after the grant that is new for
 * it: not performed in anything this detector saw or learned before (history given to {@link
 * IdentityDetection#learn} counts). An administrator who grants roles every week never starts a
 * chain with those actions; the first administrative actions of a freshly granted account do.
 *
 * <p>Severity, explicitly:
 *
 * <ul>
 *   <li><b>HIGH</b> when the chain has one of: the grant was a self-grant; the grantor had itself
 *       received a privileged grant within the window before (a grant hop: B was granted, then B
 *       granted A); a new action weakens defences ({@link AdminAction#evasion()}: another account's
 *       MFA removed, audit logging stopped); a new action passes a privileged grant on to another
 *       account.
 *   <li><b>MEDIUM</b> otherwise: a privileged grant by another account followed by new
 *       administrative actions, which is also what a new administrator does after a ticketed grant.
 * </ul>
 *
 * It reports once at the first new action after the grant and again when a later action raises the
 * chain to HIGH. Memory: per identity the administrative actions it performed (a set), its latest
 * privileged grant and at most 16 steps, for at most {@link PrivilegeSettings#maxTrackedKeys()}
 * identities (least recently seen dropped).
 */
final class PrivilegeEscalationChainDetector implements Detector {
  static final String ID = "privilege_escalation_chain";
  static final int MAX_STEPS = 16;

  /** A privileged grant to an account. */
  private record Grant(
      Instant time,
      String eventId,
      String source,
      String grantor,
      String privilege,
      boolean self,
      Grant hop) {}

  /** An administrative action new for the account. */
  private record Step(
      Instant time,
      String eventId,
      String source,
      AdminAction action,
      String detail,
      boolean privilegedGrant) {}

  private static final class State {
    final Set<AdminAction> done = EnumSet.noneOf(AdminAction.class);
    Grant grant;
    final List<Step> steps = new ArrayList<>();
    Severity reported;
  }

  private final PrivilegeSettings settings;
  private final PrivilegeSettings.Matcher privileged;
  private final LruMap<String, State> states;

  PrivilegeEscalationChainDetector(PrivilegeSettings settings) {
    this.settings = settings;
    this.privileged = settings.matcher();
    this.states = new LruMap<>(settings.maxTrackedKeys());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void learn(IdentityEvent e) {
    if (e.adminAction() != AdminAction.NONE && e.outcome() != Outcome.FAILURE) {
      states.computeIfAbsent(e.identityKey(), State::new).done.add(e.adminAction());
    }
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.outcome() == Outcome.FAILURE) {
      return List.of();
    }
    List<Finding> found = new ArrayList<>();
    Optional<String> grantedName =
        e.activity() == Activity.PRIVILEGE_GRANT
            ? privileged.firstPrivileged(e.privileges())
            : Optional.empty();
    String actor = e.identityKey();
    if (e.adminAction() != AdminAction.NONE) {
      State st = states.computeIfAbsent(actor, State::new);
      boolean isNew = !st.done.contains(e.adminAction());
      st.done.add(e.adminAction());
      if (isNew && st.grant != null && within(st.grant.time(), e.time())) {
        if (st.steps.size() < MAX_STEPS) {
          st.steps.add(
              new Step(
                  e.time(),
                  e.eventId(),
                  e.source(),
                  e.adminAction(),
                  detail(e, grantedName),
                  e.adminAction() == AdminAction.GRANT && grantedName.isPresent()));
        }
        Severity severity = reasons(st).isEmpty() ? Severity.MEDIUM : Severity.HIGH;
        if (st.reported == null || severity.compareTo(st.reported) > 0) {
          st.reported = severity;
          found.add(finding(actor, st, severity, e.time()));
        }
      }
    }
    if (grantedName.isPresent() && !e.targetUser().isEmpty()) {
      String target = e.targetUser();
      State grantor = states.get(actor);
      Grant hop =
          !actor.equals(target)
                  && grantor != null
                  && grantor.grant != null
                  && !grantor.grant.time().isAfter(e.time())
                  && within(grantor.grant.time(), e.time())
              ? grantor.grant
              : null;
      State st = states.computeIfAbsent(target, State::new);
      st.grant =
          new Grant(
              e.time(),
              e.eventId(),
              e.source(),
              actor,
              grantedName.get(),
              actor.equals(target),
              hop == null
                  ? null
                  : new Grant(
                      hop.time(),
                      hop.eventId(),
                      hop.source(),
                      hop.grantor(),
                      hop.privilege(),
                      hop.self(),
                      null));
      st.steps.clear();
      st.reported = null;
    }
    return found;
  }

  private boolean within(Instant grant, Instant at) {
    return !at.isBefore(grant)
        && Duration.between(grant, at).compareTo(settings.chainWindow()) <= 0;
  }

  private String detail(IdentityEvent e, Optional<String> grantedName) {
    StringBuilder b = new StringBuilder(e.adminAction().description());
    if (e.adminAction() == AdminAction.GRANT && !e.privileges().isEmpty()) {
      b.append(" '").append(grantedName.orElse(e.privileges().get(0))).append("'");
    }
    if (!e.targetUser().isEmpty() && !e.targetUser().equals(e.identityKey())) {
      b.append(" (").append(e.targetUser()).append(")");
    }
    return b.toString();
  }

  /** Why the chain is HIGH; empty when it is MEDIUM. */
  private List<String> reasons(State st) {
    List<String> out = new ArrayList<>();
    Grant g = st.grant;
    if (g.self()) {
      out.add("the account granted the privilege to itself");
    }
    if (g.hop() != null) {
      out.add(
          "the grantor "
              + g.grantor()
              + " had itself been granted '"
              + g.hop().privilege()
              + "' at "
              + Describe.time(g.hop().time())
              + " (grant hop)");
    }
    if (st.steps.stream().anyMatch(s -> s.action().evasion())) {
      out.add("a step weakens defences (MFA removed or audit logging stopped)");
    }
    if (st.steps.stream().anyMatch(Step::privilegedGrant)) {
      out.add("a step passes a privileged grant on to another account");
    }
    return out;
  }

  private Finding finding(String identity, State st, Severity severity, Instant at) {
    Grant g = st.grant;
    List<String> evidence = new ArrayList<>();
    StringBuilder x = new StringBuilder();
    x.append("privilege escalation chain of ")
        .append(identity)
        .append(" within ")
        .append(Describe.duration(settings.chainWindow()))
        .append(": ");
    int n = 1;
    if (g.hop() != null) {
      evidence.add(g.hop().eventId());
      x.append("(0) ")
          .append(Describe.time(g.hop().time()))
          .append(" ")
          .append(g.hop().source())
          .append(": ")
          .append(g.grantor())
          .append(" was granted '")
          .append(g.hop().privilege())
          .append("' [")
          .append(g.hop().eventId())
          .append("]; ");
    }
    evidence.add(g.eventId());
    x.append("(1) ")
        .append(Describe.time(g.time()))
        .append(" ")
        .append(g.source())
        .append(": granted '")
        .append(g.privilege())
        .append("' ")
        .append(g.self() ? "by itself" : "by " + g.grantor())
        .append(" [")
        .append(g.eventId())
        .append("]");
    Set<String> sources = new LinkedHashSet<>();
    sources.add(g.source());
    for (Step s : st.steps) {
      n++;
      evidence.add(s.eventId());
      sources.add(s.source());
      x.append("; (")
          .append(n)
          .append(") ")
          .append(Describe.time(s.time()))
          .append(" ")
          .append(s.source())
          .append(": ")
          .append(s.detail())
          .append(", the first time [")
          .append(s.eventId())
          .append("]");
    }
    x.append(". ");
    if (sources.size() > 1) {
      x.append("The chain spans providers: ").append(String.join(" → ", sources)).append(". ");
    }
    List<String> reasons = reasons(st);
    if (reasons.isEmpty()) {
      x.append(
          "MEDIUM: a privileged grant by another account followed by first-time administrative"
              + " actions, which is also how a new administrator starts after a requested grant;"
              + " confirm the grant was requested.");
    } else {
      x.append("HIGH: ").append(String.join("; ", reasons)).append(".");
    }
    List<String> mitre = new ArrayList<>(List.of("T1098", "T1078"));
    if (st.steps.stream().anyMatch(s -> s.action() == AdminAction.DISABLE_LOGGING)) {
      mitre.add("T1562.008");
    }
    if (st.steps.stream().anyMatch(s -> s.action() == AdminAction.DISABLE_MFA)) {
      mitre.add("T1556.006");
    }
    if (st.steps.stream().anyMatch(s -> s.action() == AdminAction.CREATE_ACCOUNT)) {
      mitre.add("T1136");
    }
    return new Finding(
        identity,
        ID,
        severity,
        at,
        KillChainStage.PRIVILEGE_ESCALATION,
        mitre,
        evidence,
        x.toString());
  }
}
