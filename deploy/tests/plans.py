"""A deploy's plan for tests: the fields a test does not care about filled in."""

from deploy import tasks


def plan(**changes: object) -> tasks.Plan:
    """A production plan for one instance of `superlists` at staging.test."""
    mail = tasks.MailSettings("mail.test", 587, "u", "starttls", "pw")
    values: dict[str, object] = dict(
        site="superlists", domain="staging.test", port=443, staging=False,
        insecure_http=False, instances=1, certificate=None, certificate_key=None, mail=mail,
    )  # fmt: skip
    return tasks.Plan(**{**values, **changes})  # type: ignore[arg-type]
