"""How every form renders (FORM_RENDERER): Django's templates from the TEMPLATES setting, so that
templates/forms/field.html lays out each field the one way the design system wants it."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
