from django.core import mail
from django.test import override_settings


@override_settings(EMAIL_BACKEND="superlists.email_files.OrderedFileBackend")
def test_file_names_sort_in_the_order_mail_was_sent(tmp_path):
    with override_settings(EMAIL_FILE_PATH=str(tmp_path)):
        for number in range(20):  # back to back: well inside one second
            mail.send_mail(f"message {number:02d}", "body", "noreply@superlists", ["a@b.c"])
    files = sorted(tmp_path.glob("*.log"), key=lambda path: path.name)
    subjects = [
        line.split(": ", 1)[1]
        for path in files
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    ]
    assert subjects == [f"message {number:02d}" for number in range(20)]
