package io.mantissa.soar;

import java.util.Locale;
import java.util.Objects;

/**
 * What came of {@link ResponseTrigger#approve} or {@link ResponseTrigger#reject}: the decision was
 * taken by this call, or why not. Two approvers racing on one request: exactly one gets {@link
 * Decided}, the other {@link AlreadyDecided}.
 */
public sealed interface ApprovalOutcome {

  /** A sentence for the approver. */
  String message();

  /**
   * This call decided.
   *
   * @param request the request as it stands after the decision
   */
  record Decided(ResponseRequest request) implements ApprovalOutcome {
    /** Validates. */
    public Decided {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public String message() {
      return request.action()
          + " against "
          + request.target().value()
          + " "
          + request.approval().decision().name().toLowerCase(Locale.ROOT)
          + " by "
          + request.approval().decidedBy();
    }
  }

  /**
   * No request has this id.
   *
   * @param id the id asked for
   */
  record UnknownRequest(String id) implements ApprovalOutcome {
    /** Validates. */
    public UnknownRequest {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String message() {
      return "no response request with id '" + id + "'";
    }
  }

  /**
   * The request does not wait for a decision: someone decided first, it expired earlier, or it
   * never needed approval.
   *
   * @param request the request as it stands
   */
  record AlreadyDecided(ResponseRequest request) implements ApprovalOutcome {
    /** Validates. */
    public AlreadyDecided {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public String message() {
      ResponseRequest.Approval a = request.approval();
      if (!a.required()) {
        return "response request " + request.id() + " does not need approval";
      }
      return "response request "
          + request.id()
          + " was already "
          + a.decision().name().toLowerCase(Locale.ROOT)
          + (a.decidedBy().isEmpty() ? "" : " by " + a.decidedBy())
          + " at "
          + a.decidedAt()
          + " (now "
          + request.state().name().toLowerCase(Locale.ROOT)
          + ")";
    }
  }

  /**
   * The approval deadline has passed; the request is now expired and never runs.
   *
   * @param request the request as it stands (expired)
   */
  record Expired(ResponseRequest request) implements ApprovalOutcome {
    /** Validates. */
    public Expired {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public String message() {
      return "response request "
          + request.id()
          + " expired at "
          + request.approval().deadline()
          + " without a decision; it will not run";
    }
  }

  /**
   * The approver is not one of the rule's approvers.
   *
   * @param request the request, unchanged
   * @param approver who tried
   */
  record NotAnApprover(ResponseRequest request, String approver) implements ApprovalOutcome {
    /** Validates. */
    public NotAnApprover {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(approver, "approver");
    }

    @Override
    public String message() {
      return "'"
          + approver
          + "' may not decide on requests of response rule '"
          + request.rule()
          + "'; its approvers: "
          + String.join(", ", request.approval().approvers());
    }
  }
}
