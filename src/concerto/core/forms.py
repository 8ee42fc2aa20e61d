"""Text typed by staff in the back office, made safe before it is validated and stored.

PostgreSQL refuses a NUL character in a text column, and a line break in a title would
split the header of every e-mail that quotes it. The engine's ``clean_text`` removes
control characters (and, for a single-line text, folds line breaks into a space); these
form fields apply it before any validation, so that nothing else in the back office has
to think about it.
"""

from __future__ import annotations

from django import forms

from concerto.surveys.engine.text import clean_text


class TypedTextField(forms.CharField):
    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str) and value:
            return clean_text(value, multiline=self.multiline)
        return value


class SingleLineField(TypedTextField):
    def __init__(self, **kwargs):
        super().__init__(multiline=False, **kwargs)


class MultiLineField(TypedTextField):
    def __init__(self, **kwargs):
        super().__init__(multiline=True, **kwargs)


class TypedTextAdminMixin:
    """For a ModelAdmin or an inline: the fields named in ``single_line_fields`` (titles,
    labels) and ``multi_line_fields`` (descriptions, Markdown) are cleaned as typed text.

    (The admin's search box needs nothing: Django's search form refuses a NUL itself.)
    """

    single_line_fields: tuple[str, ...] = ()
    multi_line_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.single_line_fields:
            kwargs["form_class"] = SingleLineField
        elif db_field.name in self.multi_line_fields:
            kwargs["form_class"] = MultiLineField
        return super().formfield_for_dbfield(db_field, request, **kwargs)
