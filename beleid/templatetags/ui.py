from django import template

register = template.Library()


@register.inclusion_tag("ui/messages.html", takes_context=True)
def message_banners(context):
    """The page's messages as banners that stay. The page notes it has shown them, so that
    viewflow's pop-up (`viewflow/includes/snackbar.html`) does not show them a second time."""
    request = context.get("request")
    if request is not None:
        request.message_banners_shown = True
    return {"messages": context.get("messages")}
