"""Writing the audit log of official decisions (see `portal.models.AuditEntry`)."""

from portal.models import AuditEntry


def audit_record(*, actor, action: str, target=None, **details) -> AuditEntry:
    """Record a decision in the caller's transaction, so it is logged exactly when it happens."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=getattr(actor, "display_name", "") if actor is not None else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=target.pk if target is not None else None,
        target_label=str(target)[:300] if target is not None else "",
        details=details,
    )
