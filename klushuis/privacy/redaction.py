"""Keeping personal data out of logs and error reports (issue 17).

The code logs ids and references only (tests/privacy/test_no_personal_data_in_logs.py proves
it for a whole application-to-contract flow). Two safety nets catch what a library writes:

- `RedactEmailAddresses`, a logging filter on every handler: an e-mail address in a log line
  (django-axes names the account of a failed login) becomes "[e-mail]";
- `PersonalDataExceptionReporterFilter` (DEFAULT_EXCEPTION_REPORTER_FILTER): an error report
  (the 500 mail to ADMINS) shows no POST values, cookies or local variables, which hold what
  a buyer typed; the stack trace and the code are enough to find a bug.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "[e-mail]"


def redact(text: str) -> str:
    return EMAIL.sub(REDACTED, text)


class RedactEmailAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_cookies(self, request):
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)
