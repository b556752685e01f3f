"""Account work done outside the web request: e-mails (a page never waits on SMTP).

Enqueued inside the transaction that records the change: with the database backend the task row commits
or rolls back with it, so a notice is never sent for a change that did not happen. Each message is made when
it leaves, from the account as it is then, so no secret (no link) waits in the task queue.
"""

from django.tasks import task


@task()
def notice_email_send(event_id: int, also_to: list[str] | None = None) -> int:
    """The notice of a credential change (events.py); returns how many messages went."""
    from .events import notice_send

    return notice_send(event_id=event_id, also_to=also_to or [])


@task()
def reset_link_email_send(signin_name: str, language: str = "") -> bool:
    """A reset link, if `signin_name` is an account with a recovery e-mail; the lookup happens here so
    that the page answers alike for every name."""
    from .services.recovery import password_reset_email_send

    return password_reset_email_send(signin_name=signin_name, language=language)


@task()
def recovery_email_confirmation_send(user_id: int, email: str, language: str = "") -> bool:
    """The link that confirms a recovery e-mail (services/recovery_email.py), if the account's address
    is still `email` and not yet confirmed."""
    from .services.recovery_email import recovery_email_confirmation_email_send

    return recovery_email_confirmation_email_send(user_id=user_id, email=email, language=language)


@task()
def parent_email_send(*, kind: str, user_id: int, language: str) -> None:
    """A parent's sign-up message: the confirmation link, or "you already have an account"
    (services/parents.py)."""
    from .services.parents import parent_mail_send

    parent_mail_send(kind=kind, user_id=user_id, language=language)


@task()
def staff_invitation_send(*, user_id: int, language: str) -> None:
    """A staff member's invitation to choose their password (services/staff_invitations.py)."""
    from .services.staff_invitations import staff_invitation_mail_send

    staff_invitation_mail_send(user_id=user_id, language=language)
