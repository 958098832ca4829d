"""Messages of the backup commands, in Vietnamese then English: the person at the console may read either.

`Text` is a translated template with its values, rendered only when shown, so one error can be written
out in both languages (`gettext_lazy(...) % values` would fix the language at once).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise

from config.errors import DomainError


class Text:
    def __init__(self, template, **values):
        self.template = template
        self.values = values

    def __str__(self) -> str:
        values = {k: str(v) if isinstance(v, (Promise, Text)) else v for k, v in self.values.items()}
        return str(self.template) % values if values else str(self.template)


class BackupError(DomainError):
    """A backup or restore refused; keeps its messages untranslated until shown."""

    def __init__(self, *messages):
        self.texts = messages
        super().__init__(*messages)


def both_languages(message) -> str:
    """A message (a Text, a lazy string or a BackupError) in Vietnamese, then in English when it differs."""
    parts = message.texts if isinstance(message, BackupError) else (message,)
    rendered = []
    for language in ("vi", "en"):
        with translation.override(language):
            text = "; ".join(str(p) for p in parts)
        if text not in rendered:
            rendered.append(text)
    return "\n".join(rendered)
