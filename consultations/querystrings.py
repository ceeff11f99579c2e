def querystring_without_page(request):
    """The current filters, ready to prefix a page number in pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
