from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Django's form rendering, with the site's field template (spacing, error ids)."""

    field_template_name = "includes/form_field.html"
