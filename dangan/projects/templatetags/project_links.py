from django import template

from ..links import links_for

register = template.Library()


@register.inclusion_tag("projects/_project_links.html", takes_context=True)
def project_links(context, project):
    return {"links": links_for(context["request"].user, project)}
