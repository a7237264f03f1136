"""Deploy options for tests: the fields a test does not care about filled in."""

from deploy.options import DeployOptions, MailSettings


def sample_options(**changes: object) -> DeployOptions:
    """A production deploy of one instance of `superlists` at staging.test."""
    mail = MailSettings("mail.test", 587, "u", "starttls", "pw")
    values: dict[str, object] = dict(
        site="superlists", domain="staging.test", port=443, staging=False,
        insecure_http=False, instances=1, certificate=None, certificate_key=None, mail=mail,
    )  # fmt: skip
    return DeployOptions(**{**values, **changes})  # type: ignore[arg-type]
